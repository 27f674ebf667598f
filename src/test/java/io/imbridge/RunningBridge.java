package io.imbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;

/**
 * The bridge as {@code java -jar} runs it (the repository's application.properties and routes/), started in this
 * JVM on a free port with the given property overrides, plus a small HTTP client for talking to it as vendors'
 * clients do.
 */
public final class RunningBridge implements AutoCloseable {

    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The client for this bridge: plain, or trusting the bridge's certificate when it serves HTTPS. */
    private HttpClient http = PLAIN;

    private final Main main;
    public final int port;
    public final String base;
    /** bridge.admin.token when the test set one: sent on the sandboxes' and admin API calls. */
    private String adminToken;

    private RunningBridge(Main main, int port, boolean tls) {
        this.main = main;
        this.port = port;
        this.base = (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public static RunningBridge start(String... overrides) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return start(props);
    }

    public static RunningBridge start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /** Starts with a client that trusts {@code tls} (the bridge serves HTTPS with camel.ssl.* in the overrides). */
    public static RunningBridge start(Map<String, String> overrides, javax.net.ssl.SSLContext tls) {
        int port = overrides.containsKey("camel.server.port") ? Integer.parseInt(overrides.get("camel.server.port"))
                : freePort();
        Main main = Application.newMain();
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.addOverrideProperty("camel.management.port", Integer.toString(port));
        // a fresh data directory each time (a port, and so a name made from it, may come round again)
        String dataDir = overrides.getOrDefault("bridge.data-dir", freshDataDir(port));
        main.addOverrideProperty("bridge.data-dir", dataDir);
        if (TestPostgres.ACTIVE && !overrides.containsKey("bridge.store.url")) {
            // the suites on a shared PostgreSQL: the data directory's own database (the same at a restart)
            TestPostgres.storeFor(dataDir).forEach(main::addOverrideProperty);
        }
        overrides.forEach(main::addOverrideProperty);
        RunningBridge bridge = new RunningBridge(main, port, tls != null);
        if (tls != null) {
            bridge.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
        } else if (overrides.containsKey("bridge.http.idle-timeout-s")) {
            // A bridge that closes idle connections within seconds: a pooled HTTP/2 connection can be closed by
            // it just as the next request goes out ("Idle connection closed by HTTP/2 peer"). HTTP/1.1 connections
            // leave the JDK's pool after jdk.httpclient.keepalive.timeout (1 s in the surefire configuration),
            // before the bridge's idle timeout, and a GET on a connection found closed is retried by the client.
            bridge.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }
        bridge.adminToken = overrides.get("bridge.admin.token");
        try {
            main.start();
            bridge.awaitHealthy();
        } catch (Exception e) {
            bridge.close();
            throw new IllegalStateException("bridge did not start", e);
        }
        return bridge;
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (get("/observe/health").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // server not bound yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("bridge not healthy within 30 s");
    }

    public org.apache.camel.CamelContext context() {
        return main.getCamelContext();
    }

    /**
     * What a migration does with one of its messages: one try of the delivery engine on {@code m} to {@code target}
     * (its delivery route, on the message addressed for the target). The try's failure, if any, is the exchange's.
     */
    public org.apache.camel.Exchange deliverOnce(String target, io.imbridge.canonical.CanonicalMessage m) {
        org.apache.camel.Exchange e = new org.apache.camel.support.DefaultExchange(context());
        e.setProperty(io.imbridge.provider.Exchanges.MESSAGE, m);
        io.imbridge.delivery.Delivery.primary(target, 0, null).put(e);
        e.getMessage().setBody(m);
        try {
            context().getRegistry().lookupByNameAndType("deliveryEngine", io.imbridge.delivery.DeliveryEngine.class)
                    .deliver(e);
        } catch (Exception failure) {
            e.setException(failure);
        }
        return e;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String freshDataDir(int port) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(parent, port + "-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    public HttpResponse<String> get(String path, String... headers) {
        return send(builder(path, headers).GET().build());
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(builder(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(builder(path).DELETE().build());
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static JsonNode json(HttpResponse<String> response) {
        JsonNode n = Json.parseOrNull(response.body());
        if (n == null) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body());
        }
        return n;
    }

    // ---- vendor clients ------------------------------------------------------------------------------------

    /** A string as a JSON literal. */
    public static String quote(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** A MyChat 0002 command as a browser sends it: GET /mychat/API/?data={json}. */
    public HttpResponse<String> mychatGet(String json) {
        return get("/mychat/API/?data=" + encode(json));
    }

    /** An OpenIM admin token from the bridge. */
    public String openimToken(String secret) {
        JsonNode r = json(post("/openim/auth/get_admin_token",
                "{\"secret\":\"" + secret + "\",\"userID\":\"imAdmin\"}",
                "Content-Type", "application/json", "operationID", "op-token"));
        if (r.path("errCode").asInt() != 0) {
            throw new AssertionError("get_admin_token failed: " + r);
        }
        return r.path("data").path("token").asText();
    }

    public HttpResponse<String> openimSend(String token, String body) {
        // OpenIM clients give every request its own operationID (a reused one with the same body is a retry)
        return post("/openim/msg/send_msg", body, "Content-Type", "application/json", "operationID",
                "op-" + System.nanoTime(), "token", token);
    }

    /** Tencent's REST sendmsg, signed as the bridge's inbound Tencent credentials expect. */
    public HttpResponse<String> tencentSend(String body) {
        return post("/tencent/v4/openim/sendmsg?" + tencentQuery(TENCENT_APP, TENCENT_ADMIN,
                io.imbridge.provider.tencent.TencentUserSig.sign(TENCENT_KEY, TENCENT_APP, TENCENT_ADMIN,
                        System.currentTimeMillis() / 1000, 3600)), body, "Content-Type", "application/json");
    }

    public static String tencentQuery(long appid, String identifier, String usersig) {
        return "sdkappid=" + appid + "&identifier=" + encode(identifier) + "&usersig=" + encode(usersig)
                + "&random=" + (System.nanoTime() & 0xFFFFFFL) + "&contenttype=json";
    }

    /** A callback body as Tencent sends a new message: its own MsgKey. */
    public static String newMessage(String callback) {
        return callback.replace("48374_2837546_1557481126", "48374_" + System.nanoTime() + "_1557481126");
    }

    /** Tencent calling the bridge's webhook. */
    public HttpResponse<String> tencentCallback(String body, String... extraQuery) {
        StringBuilder q = new StringBuilder("SdkAppid=" + TENCENT_APP
                + "&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI");
        for (String x : extraQuery) {
            q.append('&').append(x);
        }
        return post("/tencent/callback?" + q, body, "Content-Type", "application/json");
    }

    /** NetEase's sendMsgToSomeone form, signed with the bridge's inbound NetEase credentials. */
    public HttpResponse<String> neteaseSend(String form) {
        return neteaseSend(form, NETEASE_KEY, NETEASE_SECRET, System.currentTimeMillis() / 1000);
    }

    public HttpResponse<String> neteaseSend(String form, String appKey, String secret, long curTime) {
        String nonce = Long.toHexString(System.nanoTime());
        String cur = Long.toString(curTime);
        return post("/netease/nimserver/chatroom/sendMsgToSomeone.action", form,
                "Content-Type", "application/x-www-form-urlencoded;charset=utf-8", "AppKey", appKey, "Nonce", nonce,
                "CurTime", cur, "CheckSum", io.imbridge.provider.netease.NetEaseCheckSum.of(secret, nonce, cur));
    }

    /** The inbound credentials of application.properties, as a vendor's client of the bridge presents them. */
    public static final long TENCENT_APP = 1400000001L;
    public static final String TENCENT_ADMIN = "administrator";
    public static final String TENCENT_KEY = "change-me-tencent-secret";
    public static final String NETEASE_KEY = "change-me-netease-appkey";
    public static final String NETEASE_SECRET = "change-me-netease-secret";

    /** What a sandbox received, oldest first. */
    public JsonNode received(String vendor) {
        return json(get("/sandbox/" + vendor + "/_received", admin()));
    }

    /** The dead letters, oldest first. */
    public JsonNode deadLetters() {
        return json(get("/admin/dead-letters", admin()));
    }

    public void clearSandbox(String vendor) {
        send(builder("/sandbox/" + vendor + "/_received", admin()).DELETE().build());
    }

    private String[] admin() {
        return adminToken == null ? new String[0] : new String[]{"Authorization", "Bearer " + adminToken};
    }

    /** Tells a sandbox to answer its next {@code times} requests with {@code code} (HTTP {@code status}). */
    public void fault(String vendor, Integer code, int status, int times) {
        String body = "{\"code\":" + code + ",\"status\":" + status + ",\"times\":" + times + "}";
        String[] headers = adminToken == null ? new String[]{"Content-Type", "application/json"}
                : new String[]{"Content-Type", "application/json", "Authorization", "Bearer " + adminToken};
        HttpResponse<String> r = post("/sandbox/" + vendor + "/_faults", body, headers);
        if (r.statusCode() != 200) {
            throw new AssertionError("fault injection refused: " + r.body());
        }
    }
}
