package io.imbridge.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every inbound endpoint over real HTTP, with valid credentials and hostile bodies and content types: each answer
 * is the vendor's own envelope, never a 5xx, a stack trace or a Camel page; when it is an error, nothing reached a
 * target.
 */
class EndpointFuzzTest {

    static RunningBridge bridge;
    static String openimToken;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() {
        // every source delivers to the OpenIM sandbox (OpenIM to MyChat), so "nothing reached a target" is countable
        bridge = RunningBridge.start("bridge.route.mychat", "openim", "bridge.route.tencent", "openim",
                "bridge.route.netease", "openim", "bridge.route.openim", "mychat");
        openimToken = bridge.openimToken("openIM123");
    }

    @AfterContainer
    static void stop() {
        bridge.close();
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
                "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=zz",
                "application/xml");
    }

    static HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bridge.base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                b.header(headers[i], headers[i + 1]);
            }
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The vendor's envelope, and whether it says success; asserts what every answer must be. */
    static boolean answeredInDialect(String vendor, HttpResponse<String> r) {
        assertTrue(r.statusCode() < 500, () -> vendor + " answered " + r.statusCode() + ": " + r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("org.apache"),
                r.body());
        JsonNode j = Json.parseOrNull(r.body());
        assertNotNull(j, () -> "not JSON: " + r.body());
        boolean ok = switch (vendor) {
            case "mychat" -> {
                assertTrue(j.has("cmd"), r.body());
                yield "0002".equals(j.get("cmd").asText());
            }
            case "openim" -> {
                assertTrue(j.has("errCode") && j.has("errMsg"), r.body());
                assertTrue(j.get("errCode").asInt() != 500, () -> "a server error for bad input: " + r.body());
                yield j.get("errCode").asInt() == 0;
            }
            case "tencent" -> {
                assertTrue(j.has("ActionStatus") && j.has("ErrorCode") && j.has("ErrorInfo"), r.body());
                assertEquals(200, r.statusCode());
                assertTrue(j.get("ErrorCode").asInt() != 20005, () -> "a server error for bad input: " + r.body());
                yield "OK".equals(j.get("ActionStatus").asText());
            }
            case "netease" -> {
                assertTrue(j.has("code") && j.has("desc"), r.body());
                assertTrue(j.get("code").asInt() != 500, () -> "a server error for bad input: " + r.body());
                yield j.get("code").asInt() == 200;
            }
            default -> throw new IllegalArgumentException(vendor);
        };
        Statistics.label("outcome").collect(ok ? "accepted" : "refused");
        return ok;
    }

    /** Sends, and checks that a refused request delivered nothing. */
    static void check(String vendor, String target, java.util.function.Supplier<HttpResponse<String>> call) {
        int before = bridge.received(target).size();
        boolean ok = answeredInDialect(vendor, call.get());
        if (!ok) {
            assertEquals(before, bridge.received(target).size(), "a refused request reached the target");
        }
    }

    @Provide
    Arbitrary<byte[]> mychat() {
        return Mutations.of(Fixtures.json("mychat/seed-browser-line.json"));
    }

    @Property
    void myChatGet(@ForAll("mychat") byte[] body) {
        String data = new String(body, StandardCharsets.UTF_8);
        check("mychat", "openim", () -> send("GET", "/mychat/API/?data=" + RunningBridge.encode(data), null));
    }

    @Property
    void myChatPost(@ForAll("mychat") byte[] body, @ForAll("contentTypes") String type) {
        check("mychat", "openim", () -> send("POST", "/mychat/API/", body, "Content-Type", type));
    }

    @Provide
    Arbitrary<byte[]> openim() {
        return Mutations.of(Fixtures.json("openim/send_msg-seed.json"));
    }

    @Property
    void openImSendMsg(@ForAll("openim") byte[] body, @ForAll("contentTypes") String type) {
        check("openim", "mychat", () -> send("POST", "/openim/msg/send_msg", body, "Content-Type", type,
                "operationID", "fuzz", "token", openimToken));
    }

    @Provide
    Arbitrary<byte[]> openimSearch() {
        return Mutations.of((com.fasterxml.jackson.databind.node.ObjectNode) Json.parseOrNull("{\"sendID\":\"alice\","
                + "\"recvID\":\"bob\",\"sessionType\":1,\"contentType\":101,\"sendTime\":\"2026-12-07\","
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":20}}"));
    }

    @Property
    void openImSearchMsg(@ForAll("openimSearch") byte[] body, @ForAll("contentTypes") String type) {
        answeredInDialect("openim", send("POST", "/openim/msg/search_msg", body, "Content-Type", type,
                "operationID", "fuzz", "token", openimToken));
    }

    @Provide
    Arbitrary<byte[]> openimToken() {
        return Mutations.of((com.fasterxml.jackson.databind.node.ObjectNode) Json.parseOrNull(
                "{\"secret\":\"openIM123\",\"userID\":\"imAdmin\"}"));
    }

    @Property
    void openImGetAdminToken(@ForAll("openimToken") byte[] body, @ForAll("contentTypes") String type) {
        answeredInDialect("openim", send("POST", "/openim/auth/get_admin_token", body, "Content-Type", type,
                "operationID", "fuzz"));
    }

    @Provide
    Arbitrary<byte[]> tencent() {
        return Mutations.of(Fixtures.json("tencent/sendmsg-seed-offline-push.json"));
    }

    @Property
    void tencentSendMsg(@ForAll("tencent") byte[] body, @ForAll("contentTypes") String type) {
        String sig = TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP,
                RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 600);
        check("tencent", "openim", () -> send("POST", "/tencent/v4/openim/sendmsg?" + RunningBridge.tencentQuery(
                RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, sig), body, "Content-Type", type));
    }

    @Provide
    Arbitrary<byte[]> callback() {
        return Mutations.of(Fixtures.json("tencent/callback-seed.json"));
    }

    @Property
    void tencentWebhook(@ForAll("callback") byte[] body, @ForAll("contentTypes") String type) {
        check("tencent", "openim", () -> send("POST", "/tencent/callback?SdkAppid=" + RunningBridge.TENCENT_APP
                + "&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json", body, "Content-Type", type));
    }

    @Provide
    Arbitrary<byte[]> neteaseForms() {
        // hostile forms: the seed's fields with hostile values, and raw junk
        Arbitrary<byte[]> fields = Arbitraries.of("roomid", "msgId", "attach", "fromAccid", "toAccids", "msgType",
                "subType", "ext", "resendFlag").flatMap(field -> Mutations.values().map(v -> {
            String seed = Fixtures.text("netease/send-seed.form");
            String value = RunningBridge.encode(v.isTextual() ? v.asText() : v.toString());
            String form = seed.replaceAll("(^|&)" + field + "=[^&]*", "$1" + field + "=" + value);
            if (!form.contains(field + "=")) {
                form = form + "&" + field + "=" + value;
            }
            return form.replace("c9e6c306", Long.toHexString(System.nanoTime())).getBytes(StandardCharsets.UTF_8);
        }));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, fields),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
    }

    @Property
    void netEaseSendMsgToSomeone(@ForAll("neteaseForms") byte[] body, @ForAll("contentTypes") String type) {
        String nonce = Long.toHexString(System.nanoTime());
        String cur = Long.toString(System.currentTimeMillis() / 1000);
        check("netease", "openim", () -> send("POST", "/netease/nimserver/chatroom/sendMsgToSomeone.action", body,
                "Content-Type", type, "AppKey", RunningBridge.NETEASE_KEY, "Nonce", nonce, "CurTime", cur,
                "CheckSum", NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur)));
    }
}
