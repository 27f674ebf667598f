package io.imbridge;

import static io.imbridge.CrashRecoveryIT.get;
import static io.imbridge.CrashRecoveryIT.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Two bridge processes (the built jar) on one PostgreSQL: both take traffic and queue work, one is killed with
 * SIGKILL while it holds queued deliveries and a primary delivery under way, and the other finishes everything —
 * every message delivered to each target once. Both deliver to the survivor's sandboxes, so one place counts.
 */
class SharedStoreIT {

    static final int PER_INSTANCE = 20;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Process start(int port, String storeUrl, int targetPort, Path log) throws Exception {
        String targets = "http://127.0.0.1:" + targetPort + "/sandbox/";
        return startJar(port, log, List.of("-Dbridge.store.url=" + storeUrl, "-Dbridge.store.user=postgres",
                "-Dbridge.store.heartbeat-ms=500", "-Dbridge.store.instance-timeout-ms=5000",
                "-Dbridge.route.mychat=openim,tencent",
                "-Dbridge.openim.url=" + targets + "openim", "-Dbridge.tencent.url=" + targets + "tencent",
                "-Dbridge.delivery.retry-base-ms=200", "-Dbridge.delivery.retry-cap-ms=500",
                "-Dbridge.queue.poll-ms=100"));
    }

    /**
     * Starts the built jar on {@code port} with a data directory of its own and {@code properties}, its output
     * appended to {@code log}, and returns it once healthy.
     */
    static Process startJar(int port, Path log, List<String> properties) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Dcamel.server.port=" + port,
                "-Dbridge.data-dir=" + Files.createTempDirectory("im-bridge-it")));
        options.addAll(properties);
        List<String> command = ReadmeCommand.java(options);
        Process p = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(p.isAlive(), () -> "bridge exited: " + CrashRecoveryIT.read(log));
            try {
                if (get(port, "/observe/health").statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy: " + CrashRecoveryIT.read(log));
    }

    static String send(int i) {
        return "/mychat/API/?data=" + RunningBridge.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob"
                + (i % 5) + "\",\"Msg\":\"shared " + i + "\",\"ServerKey\":\"iddqd\"}");
    }

    /** The texts a Tencent or OpenIM sandbox received, in arrival order. */
    static List<String> texts(int port, String vendor) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : Json.parseOrNull(get(port, "/sandbox/" + vendor + "/_received").body())) {
            out.add(vendor.equals("tencent") ? r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text")
                    .asText() : r.get("request").get("content").get("content").asText());
        }
        return out;
    }

    @Test
    void twoProcessesShareTheWorkAndTheSurvivorFinishesWhatTheKilledOneLeft() throws Exception {
        String store = TestPostgres.newDatabase();
        int survivorPort = RunningBridge.freePort();
        int victimPort = RunningBridge.freePort();
        Path survivorLog = Files.createTempFile("im-bridge-survivor", ".log");
        Path victimLog = Files.createTempFile("im-bridge-victim", ".log");
        Process survivor = start(survivorPort, store, survivorPort, survivorLog);
        Process victim = start(victimPort, store, survivorPort, victimLog);
        try {
            // the mirror target fails for a while: both processes' mirror deliveries wait in the shared queue
            assertEquals(200, post(survivorPort, "/sandbox/tencent/_faults",
                    "{\"status\":503,\"times\":" + (8 * PER_INSTANCE) + "}").statusCode());
            int total = 2 * PER_INSTANCE;
            // sent at both at once, so the mirror deliveries are still failing when the victim dies
            for (int i = 0; i < total; i += 4) {
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int j = i; j < i + 4; j++) {
                    int port = j % 2 == 0 ? victimPort : survivorPort;
                    answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + send(j))).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> a : answers) {
                    JsonNode reply = Json.parseOrNull(a.get().body());
                    assertEquals("0002", reply.get("cmd").asText(), reply.toString());
                }
            }
            // one more at the victim, whose primary delivery is under way (held, then refused) when it dies
            assertEquals(200, post(survivorPort, "/sandbox/openim/_faults",
                    "{\"status\":503,\"delayMs\":8000,\"times\":1}").statusCode());
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + victimPort + send(total))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1500);
            assertEquals(total, texts(survivorPort, "openim").size(), "every answered primary delivered");
            assertTrue(texts(survivorPort, "tencent").size() < total, "mirror deliveries still queued at the kill");
            victim.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            assertTrue(inFlight.handle((r, e) -> e != null).get(), "the in-flight caller got no answer");

            List<String> mirrored = List.of();
            List<String> primaries = List.of();
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                mirrored = texts(survivorPort, "tencent");
                primaries = texts(survivorPort, "openim");
                if (mirrored.size() >= total + 1 && primaries.size() >= total + 1) {
                    break;
                }
                Thread.sleep(250);
            }
            Thread.sleep(2000); // nothing more should come
            mirrored = texts(survivorPort, "tencent");
            primaries = texts(survivorPort, "openim");
            Set<String> distinctMirrored = new HashSet<>(mirrored);
            Set<String> distinctPrimaries = new HashSet<>(primaries);
            System.out.printf("FAULT two instances on one PostgreSQL, one kill -9 (mirrors): sent=%d delivered=%d"
                    + " duplicated=%d lost=%d%n", total + 1, distinctMirrored.size(),
                    mirrored.size() - distinctMirrored.size(), total + 1 - distinctMirrored.size());
            System.out.printf("FAULT two instances on one PostgreSQL, one kill -9 (primaries): sent=%d delivered=%d"
                    + " duplicated=%d lost=%d%n", total + 1, distinctPrimaries.size(),
                    primaries.size() - distinctPrimaries.size(), total + 1 - distinctPrimaries.size());
            for (int i = 0; i <= total; i++) {
                assertTrue(distinctMirrored.contains("shared " + i), "mirrored: shared " + i);
                assertTrue(distinctPrimaries.contains("shared " + i), "primary: shared " + i);
            }
            assertEquals(total + 1, mirrored.size(), "no mirror delivery twice: " + mirrored);
            assertEquals(total + 1, primaries.size(), "no primary delivery twice: " + primaries);
            assertTrue(CrashRecoveryIT.read(survivorLog).contains("queued again"),
                    "the survivor took over the victim's delivery under way");
        } finally {
            victim.destroyForcibly().waitFor();
            survivor.destroy();
            survivor.waitFor();
        }
    }
}
