package io.imbridge;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar killed with SIGKILL mid-stream and started again on the same data directory: every accepted
 * message is delivered, none twice — queued mirror deliveries, and a primary delivery that was under way.
 */
class CrashRecoveryIT {

    static final int N = 30;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Process start(int port, Path data, Path log) throws Exception {
        Process p = new ProcessBuilder(ReadmeCommand.java(List.of(
                "-Dcamel.server.port=" + port, "-Dbridge.data-dir=" + data, "-Dbridge.route.mychat=openim,tencent",
                "-Dbridge.delivery.retry-base-ms=200", "-Dbridge.delivery.retry-cap-ms=500",
                "-Dbridge.queue.poll-ms=100")))
                .directory(new File(".")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(p.isAlive(), () -> "bridge exited: " + read(log));
            try {
                if (get(port, "/observe/health").statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy: " + read(log));
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String send(int i) {
        return "/mychat/API/?data=" + RunningBridge.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\","
                + "\"Msg\":\"crash " + i + "\",\"ServerKey\":\"iddqd\"}");
    }

    @Test
    void killedMidStreamAndRestartedEveryAcceptedMessageArrivesOnce() throws Exception {
        int port = RunningBridge.freePort();
        Path data = Files.createTempDirectory("im-bridge-crash");
        Path log = Files.createTempFile("im-bridge-crash", ".log");
        Process bridge = start(port, data, log);
        // the mirror target fails for now, so the mirror deliveries wait in the queue
        assertEquals(200, post(port, "/sandbox/tencent/_faults", "{\"status\":503,\"times\":100000}").statusCode());
        for (int i = 0; i < N; i++) {
            JsonNode reply = Json.parseOrNull(get(port, send(i)).body());
            assertEquals("0002", reply.get("cmd").asText(), reply.toString());
        }
        // one more, whose primary delivery is under way (the OpenIM target holds it) when the process dies
        assertEquals(200, post(port, "/sandbox/openim/_faults", "{\"delayMs\":30000,\"times\":1}").statusCode());
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + send(N))).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1500);
        assertEquals(N, Json.parseOrNull(get(port, "/sandbox/openim/_received").body()).size());
        bridge.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertTrue(inFlight.isCompletedExceptionally() || inFlight.handle((r, e) -> e != null).get(),
                "the in-flight caller got no answer");

        Process again = start(port, data, log);
        try {
            List<String> mirrored = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                mirrored.clear();
                Json.parseOrNull(get(port, "/sandbox/tencent/_received").body()).forEach(r -> mirrored.add(
                        r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
                if (mirrored.size() >= N + 1) {
                    break;
                }
                Thread.sleep(200);
            }
            Thread.sleep(500); // nothing more should come
            JsonNode primaries = Json.parseOrNull(get(port, "/sandbox/openim/_received").body());
            mirrored.clear();
            Json.parseOrNull(get(port, "/sandbox/tencent/_received").body()).forEach(r -> mirrored.add(
                    r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
            Set<String> distinct = new HashSet<>(mirrored);
            System.out.printf("FAULT kill-9-and-restart (mirrors): sent=%d delivered=%d duplicated=%d lost=%d%n",
                    N + 1, distinct.size(), mirrored.size() - distinct.size(), N + 1 - distinct.size());
            System.out.printf("FAULT kill-9-and-restart (in-flight primary): sent=1 delivered=%d%n", primaries.size());
            assertEquals(N + 1, distinct.size(), "every message reached the mirror: " + mirrored);
            assertEquals(N + 1, mirrored.size(), "none twice");
            assertEquals(1, primaries.size(), "the primary that was under way was delivered after the restart");
            assertEquals("crash " + N, primaries.get(0).get("request").get("content").get("content").asText());
        } finally {
            again.destroy();
            again.waitFor();
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
