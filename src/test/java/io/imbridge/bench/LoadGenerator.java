package io.imbridge.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

/**
 * A load generator for a running bridge on its embedded defaults (the sandboxes are the targets): clients of one
 * vendor's API send distinct text messages with a fixed concurrency, each waiting for its answer as a vendor client
 * does. Prints throughput and latency percentiles, then counts at the target's sandbox what arrived: delivered,
 * duplicated and lost. Run (with the bridge started by the README's run command):
 * {@code mvn -Pbench test-compile exec:exec -Dbench.main=io.imbridge.bench.LoadGenerator
 * -Dbench.args="--dialect mychat --messages 5000 --concurrency 16"} (README "Performance").
 */
public final class LoadGenerator {

    /** The default routes of application.properties. */
    static final Map<String, String> TARGET = Map.of("mychat", "openim", "openim", "mychat", "tencent", "netease",
            "netease", "tencent");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String dialect;
    final String run = Long.toString(System.currentTimeMillis(), 36);
    volatile String openimToken;
    /** Every request's own number, for its nonce, msgId, operationID and MsgRandom (a reused one is a replay). */
    final AtomicInteger sequence = new AtomicInteger();

    LoadGenerator(String base, String dialect) {
        this.base = base;
        this.dialect = dialect;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("--url", "http://127.0.0.1:8080", "--dialect", "mychat",
                "--messages", "2000", "--concurrency", "16", "--warmup", "200"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        LoadGenerator g = new LoadGenerator(opt.get("--url"), opt.get("--dialect"));
        String target = opt.getOrDefault("--target", TARGET.get(g.dialect));
        int n = Integer.parseInt(opt.get("--messages"));
        int c = Integer.parseInt(opt.get("--concurrency"));
        if (g.dialect.equals("openim")) {
            g.openimToken = g.openimToken();
        }
        g.load("warm-up", Integer.parseInt(opt.get("--warmup")), c);
        g.call(HttpRequest.newBuilder(URI.create(g.base + "/sandbox/" + target + "/_received")).DELETE());
        long[] latencies = g.load("load", n, c);
        g.report(n, c, target, latencies);
    }

    /** Sends {@code n} messages from {@code c} clients; answers each one's latency (ns), or -1 when refused. */
    long[] load(String label, int n, int c) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < c; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    String text = label + " " + run + " " + i;
                    long t0 = System.nanoTime();
                    boolean ok = accepted(call(request(text, sequence.incrementAndGet())));
                    latencies[i] = ok ? System.nanoTime() - t0 : -1;
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        wallNanos = System.nanoTime() - started;
        return latencies;
    }

    long wallNanos;

    void report(int n, int c, String target, long[] latencies) throws Exception {
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        double seconds = wallNanos / 1e9;
        System.out.printf("%s -> %s: %d messages, %d clients, %.1f s, %.0f msg/s; accepted %d, refused %d%n",
                dialect, target, n, c, seconds, n / seconds, ok.length, n - ok.length);
        if (ok.length > 0) {
            System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(ok, 50), pct(ok, 90),
                    pct(ok, 99), ok[ok.length - 1] / 1e6);
        }
        // what arrived: each accepted message once
        List<String> texts = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        do {
            texts.clear();
            JsonNode got = Json.parseOrNull(call(HttpRequest.newBuilder(URI.create(base + "/sandbox/" + target
                    + "/_received")).GET()).body());
            got.forEach(r -> texts.add(text(target, r.get("request"))));
            if (texts.size() >= ok.length) {
                break;
            }
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        Set<String> distinct = new HashSet<>(texts);
        distinct.removeIf(t -> t == null || !t.startsWith("load " + run + " "));
        System.out.printf("at %s: delivered %d, duplicated %d, lost %d%n", target, distinct.size(),
                texts.size() - distinct.size(), ok.length - distinct.size());
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String text(String target, JsonNode req) {
        return switch (target) {
            case "openim" -> req.path("content").path("content").asText(null);
            case "mychat" -> req.path("Msg").asText(null);
            case "tencent" -> req.path("MsgBody").path(0).path("MsgContent").path("Text").asText(null);
            case "netease" -> req.path("attach").asText(null);
            default -> null;
        };
    }

    boolean accepted(HttpResponse<String> r) {
        JsonNode j = Json.parseOrNull(r.body());
        if (r.statusCode() != 200 || j == null) {
            return false;
        }
        return switch (dialect) {
            case "mychat", "mychat-sandbox" -> "0002".equals(j.path("cmd").asText());
            case "openim" -> j.path("errCode").asInt(-1) == 0;
            case "tencent" -> "OK".equals(j.path("ActionStatus").asText());
            case "netease" -> j.path("code").asInt() == 200;
            default -> false;
        };
    }

    /** The request a client of the dialect sends, with the credentials of application.properties. */
    HttpRequest.Builder request(String text, int i) {
        String quoted = Json.write(text);
        return switch (dialect) {
            case "mychat" -> HttpRequest.newBuilder(URI.create(base + "/mychat/API/?data=" + enc("{\"cmd\":\"0002\","
                    + "\"ServerKey\":\"iddqd\",\"APIStype\":\"load\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"Msg\":"
                    + quoted + "}"))).GET();
            // the MyChat sandbox's own send route: the target's work alone, the baseline of a bridged message
            case "mychat-sandbox" -> HttpRequest.newBuilder(URI.create(base + "/sandbox/mychat/API/?data="
                    + enc("{\"cmd\":\"0002\",\"ServerKey\":\"sandbox-mychat-key\",\"APIStype\":\"load\","
                    + "\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"Msg\":" + quoted + "}"))).GET();
            case "openim" -> HttpRequest.newBuilder(URI.create(base + "/openim/msg/send_msg"))
                    .header("Content-Type", "application/json").header("operationID", run + "-" + i)
                    .header("token", openimToken).POST(HttpRequest.BodyPublishers.ofString("{\"sendID\":\"alice\","
                            + "\"recvID\":\"bob\",\"senderPlatformID\":10,\"contentType\":101,\"sessionType\":1,"
                            + "\"content\":{\"content\":" + quoted + "}}"));
            case "tencent" -> HttpRequest.newBuilder(URI.create(base + "/tencent/v4/openim/sendmsg?sdkappid=1400000001"
                            + "&identifier=administrator&usersig=" + enc(TencentUserSig.sign("change-me-tencent-secret",
                            1400000001L, "administrator", System.currentTimeMillis() / 1000, 86400))
                            + "&random=" + (i & 0x7fffffff) + "&contenttype=json"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"SyncOtherMachine\":2,\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgRandom\":"
                                    + (i & 0x7fffffff) + ",\"MsgTimeStamp\":" + System.currentTimeMillis() / 1000
                                    + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":" + quoted
                                    + "}}]}"));
            case "netease" -> {
                String nonce = run + i;
                String cur = Long.toString(System.currentTimeMillis() / 1000);
                yield HttpRequest.newBuilder(URI.create(base + "/netease/nimserver/chatroom/sendMsgToSomeone.action"))
                        .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                        .header("AppKey", "change-me-netease-appkey").header("Nonce", nonce).header("CurTime", cur)
                        .header("CheckSum", NetEaseCheckSum.of("change-me-netease-secret", nonce, cur))
                        .POST(HttpRequest.BodyPublishers.ofString("roomid=36&fromAccid=alice&msgType=0&msgId=" + run
                                + "-" + i + "&toAccids=" + enc("[\"bob\"]") + "&attach=" + enc(text)));
            }
            default -> throw new IllegalArgumentException("dialect: mychat, openim, tencent or netease");
        };
    }

    String openimToken() throws Exception {
        JsonNode j = Json.parseOrNull(call(HttpRequest.newBuilder(URI.create(base + "/openim/auth/get_admin_token"))
                .header("Content-Type", "application/json").header("operationID", run + "-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"openIM123\",\"userID\":\"imAdmin\"}"))).body());
        return j.path("data").path("token").asText();
    }

    HttpResponse<String> call(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
