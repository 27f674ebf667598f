package io.imbridge;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid requests on every vendor endpoint, from before the port opens until well after health answers UP, through
 * a start and a restart after SIGKILL: each answer is a success or the provider's own retriable server-side code
 * (or no connection at all) — never a page that is not the provider's, never a caller-side code. And once health has
 * answered UP, every request succeeds.
 */
class StartupHammerIT {

    /** The server-side, retriable codes (docs/providers.md#across-providers: transient / internal, rate limited). */
    static final Set<Integer> TENCENT_RETRIABLE = Set.of(20004, 20005, 91000, 90992, 70169, 70500, 60007, 60011, 60018,
            60019);
    static final Set<Integer> NETEASE_RETRIABLE = Set.of(500, 503, 514, 408, 416);
    static final long KEEP_ON_AFTER_UP_MS = 3000;

    enum Outcome { SUCCESS, RETRIABLE, NO_CONNECTION, VIOLATION }

    /** One endpoint: how to make a new valid request, and how to read its answer. */
    record Endpoint(String name, Function<Long, HttpRequest> request, Function<HttpResponse<String>, Outcome> judge) {
    }

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final AtomicReference<String> openimToken = new AtomicReference<>();
    final AtomicLong sequence = new AtomicLong();

    List<Endpoint> endpoints(String base) {
        String callback = Fixtures.text("tencent/callback-seed.json");
        String form = Fixtures.text("netease/send-seed.form");
        return List.of(
                new Endpoint("mychat", n -> HttpRequest.newBuilder(URI.create(base + "/mychat/API/?data="
                        + RunningBridge.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"Msg\":\"start "
                        + n + "\",\"ServerKey\":\"iddqd\"}"))).build(), r -> {
                    JsonNode j = Json.parseOrNull(r.body());
                    if (j == null) {
                        return Outcome.VIOLATION;
                    }
                    if (r.statusCode() == 200 && "0002".equals(j.path("cmd").asText())) {
                        return Outcome.SUCCESS;
                    }
                    // MyChat has no server-error number: HTTP 500 with error 21 (docs/bridging.md, "Errors")
                    return r.statusCode() == 500 && j.path("error").asInt() == 21 ? Outcome.RETRIABLE : Outcome.VIOLATION;
                }),
                new Endpoint("openim-token", n -> HttpRequest.newBuilder(URI.create(base + "/openim/auth/get_admin_token"))
                        .header("Content-Type", "application/json").header("operationID", "tok-" + n)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"openIM123\",\"userID\":\"imAdmin\"}"))
                        .build(), r -> {
                    Outcome o = openim(r);
                    if (o == Outcome.SUCCESS) {
                        openimToken.compareAndSet(null, Json.parseOrNull(r.body()).path("data").path("token").asText());
                    }
                    return o;
                }),
                new Endpoint("openim-send", n -> HttpRequest.newBuilder(URI.create(base + "/openim/msg/send_msg"))
                        .header("Content-Type", "application/json").header("operationID", "op-" + n)
                        .header("token", openimToken.get() == null ? "" : openimToken.get())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sendID\":\"openIMAdmin\",\"recvID\":\"u" + n
                                + "\",\"content\":{\"content\":\"start " + n + "\"},\"contentType\":101,\"sessionType\":1}"))
                        .build(), StartupHammerIT::openim),
                new Endpoint("tencent-rest", n -> HttpRequest.newBuilder(URI.create(base + "/tencent/v4/openim/sendmsg?"
                        + RunningBridge.tencentQuery(RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN,
                        TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN,
                                System.currentTimeMillis() / 1000, 3600))))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"SyncOtherMachine\":2,\"From_Account\":\"a\",\"To_Account\":"
                                + "\"b\",\"MsgRandom\":" + n + ",\"MsgTimeStamp\":" + System.currentTimeMillis() / 1000
                                + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"start " + n + "\"}}]}"))
                        .build(), StartupHammerIT::tencent),
                new Endpoint("tencent-webhook", n -> HttpRequest.newBuilder(URI.create(base + "/tencent/callback?SdkAppid="
                                + RunningBridge.TENCENT_APP + "&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json"
                                + "&ClientIP=127.0.0.1&OptPlatform=RESTAPI"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(callback.replace("48374_2837546_1557481126",
                                "48374_" + n + "_1557481126"))).build(), StartupHammerIT::tencent),
                new Endpoint("netease", n -> {
                    String nonce = Long.toHexString(System.nanoTime());
                    String cur = Long.toString(System.currentTimeMillis() / 1000);
                    return HttpRequest.newBuilder(URI.create(base + "/netease/nimserver/chatroom/sendMsgToSomeone.action"))
                            .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                            .header("AppKey", RunningBridge.NETEASE_KEY).header("Nonce", nonce).header("CurTime", cur)
                            .header("CheckSum", NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur))
                            .POST(HttpRequest.BodyPublishers.ofString(form.replace("c9e6c306", "start" + n))).build();
                }, r -> {
                    JsonNode j = Json.parseOrNull(r.body());
                    if (j == null || r.statusCode() != 200 || !j.path("code").canConvertToInt()) {
                        return Outcome.VIOLATION;
                    }
                    int code = j.path("code").asInt();
                    return code == 200 ? Outcome.SUCCESS : NETEASE_RETRIABLE.contains(code) ? Outcome.RETRIABLE
                            : Outcome.VIOLATION;
                }));
    }

    static Outcome openim(HttpResponse<String> r) {
        JsonNode j = Json.parseOrNull(r.body());
        if (j == null || r.statusCode() != 200 || !j.path("errCode").canConvertToInt()) {
            return Outcome.VIOLATION;
        }
        int code = j.path("errCode").asInt();
        return code == 0 ? Outcome.SUCCESS : code == 500 ? Outcome.RETRIABLE : Outcome.VIOLATION;
    }

    static Outcome tencent(HttpResponse<String> r) {
        JsonNode j = Json.parseOrNull(r.body());
        if (j == null || r.statusCode() != 200 || !j.path("ErrorCode").canConvertToInt()) {
            return Outcome.VIOLATION;
        }
        int code = j.path("ErrorCode").asInt();
        return code == 0 ? Outcome.SUCCESS : TENCENT_RETRIABLE.contains(code) ? Outcome.RETRIABLE : Outcome.VIOLATION;
    }

    /** What one phase saw, per endpoint and outcome; requests sent after health said UP are counted apart. */
    final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failedAfterUp = new ConcurrentLinkedQueue<>();

        void add(String endpoint, Outcome o, boolean afterUp, String detail) {
            counts.computeIfAbsent(endpoint + " " + o + (afterUp ? " (after UP)" : ""), k -> new LongAdder()).increment();
            if (o == Outcome.VIOLATION) {
                violations.add(endpoint + ": " + detail);
            } else if (afterUp && o != Outcome.SUCCESS) {
                failedAfterUp.add(endpoint + " " + o + ": " + detail);
            }
        }

        long count(String key) {
            LongAdder a = counts.get(key);
            return a == null ? 0 : a.sum();
        }
    }

    /**
     * Hammers every endpoint from now until {@link #KEEP_ON_AFTER_UP_MS} after health first answers 200, while
     * {@code bridge} runs; answers the tally.
     */
    Tally hammer(String phase, int port, Process bridge, Path log) throws Exception {
        String base = "http://127.0.0.1:" + port;
        Tally tally = new Tally();
        AtomicBoolean up = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (Endpoint e : endpoints(base)) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    if (e.name().equals("openim-send") && openimToken.get() == null) {
                        sleep(20);
                        continue;
                    }
                    boolean afterUp = up.get();
                    long n = sequence.incrementAndGet() + 1_000_000L * (phase.hashCode() & 0xFF);
                    try {
                        HttpResponse<String> r = http.send(e.request().apply(n), HttpResponse.BodyHandlers.ofString());
                        tally.add(e.name(), e.judge().apply(r), afterUp, "HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                    } catch (IOException noServer) {
                        tally.add(e.name(), Outcome.NO_CONNECTION, afterUp, String.valueOf(noServer));
                        sleep(5);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }, "hammer-" + e.name());
            worker.start();
            threads.add(worker);
        }
        long deadline = System.currentTimeMillis() + 90_000;
        while (!up.get()) {
            assertTrue(bridge.isAlive(), () -> "bridge exited: " + CrashRecoveryIT.read(log));
            assertTrue(System.currentTimeMillis() < deadline, "not UP within 90 s");
            try {
                HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (h.statusCode() == 200) {
                    up.set(true);
                } else {
                    tally.add("health", h.statusCode() == 503 ? Outcome.RETRIABLE : Outcome.VIOLATION, false,
                            "HTTP " + h.statusCode() + " " + abbreviate(h.body()));
                }
            } catch (IOException notYet) {
                tally.add("health", Outcome.NO_CONNECTION, false, String.valueOf(notYet));
            }
            sleep(10);
        }
        sleep(KEEP_ON_AFTER_UP_MS);
        stop.set(true);
        for (Thread t : threads) {
            t.join(15_000);
        }
        System.out.println("STARTUP " + phase + ": " + new TreeMap<>(tally.counts));
        return tally;
    }

    @Test
    void valid_requests_get_successes_or_retriable_codes_through_a_start_and_a_restart_after_sigkill() throws Exception {
        int port = RunningBridge.freePort();
        Path data = Files.createTempDirectory("im-bridge-startup");
        Path log = Files.createTempFile("im-bridge-startup", ".log");
        Process first = start(port, data, log);
        Tally cold = hammer("start", port, first, log);
        // keep traffic going while the process is killed: some of it is under way at the kill
        Process second;
        first.destroyForcibly().waitFor();
        second = start(port, data, log);
        Tally restart;
        try {
            restart = hammer("restart-after-sigkill", port, second, log);
        } finally {
            second.destroy();
            second.waitFor();
        }
        for (Tally t : List.of(cold, restart)) {
            assertEquals(List.of(), List.copyOf(t.violations), "only successes and retriable server-side codes");
            assertEquals(List.of(), List.copyOf(t.failedAfterUp), "once health is UP a valid request succeeds");
            for (String e : List.of("mychat", "openim-send", "tencent-rest", "tencent-webhook", "netease")) {
                assertTrue(t.count(e + " SUCCESS (after UP)") > 0, e + " succeeded after UP: " + t.counts);
            }
        }
    }

    Process start(int port, Path data, Path log) throws IOException {
        return new ProcessBuilder(ReadmeCommand.java(List.of("-Dcamel.server.port=" + port, "-Dbridge.data-dir=" + data)))
                .directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
