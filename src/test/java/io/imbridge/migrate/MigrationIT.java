package io.imbridge.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * The built jar's {@code migrate} command as a user runs it, over real HTTP into the sandboxes of a running bridge
 * (in this JVM): a generated history in 200 conversations (10,000 messages in the soak profile) migrated into each of the four
 * targets — from a gzipped canonical file, from a Tencent export, and pulled live from the Tencent and NetEase
 * sandboxes —, each run killed ({@code kill -9}) part-way and resumed. Afterwards every message is at its target
 * once (Tencent and NetEase drop a resent copy by its keys; at MyChat and OpenIM, which have no such key, only a
 * message whose try was under way at the kill may be there twice, and the report counts those), in its
 * conversation's order, with its original time where the target holds one; a second run sends nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationIT {

    static final int CONVERSATIONS = 200;
    /**
     * 10 in the default suite (2,000 messages); the profile {@code migration-soak} runs the 10,000 (50 per
     * conversation): {@code mvn verify -Pmigration-soak -Dit.test=MigrationIT}.
     */
    static final int PER_CONVERSATION = Integer.getInteger("migration.per-conversation", 10);
    static final DateTimeFormatter MYCHAT_PREFIX =
            DateTimeFormatter.ofPattern("'['yyyy-MM-dd HH:mm:ss' UTC] '").withZone(ZoneOffset.UTC);

    RunningBridge sandboxes;
    HistoryFixture history;
    Path work;

    @BeforeAll
    void start() throws IOException {
        sandboxes = RunningBridge.start("bridge.sandbox.keep", "30000");
        history = new HistoryFixture(CONVERSATIONS, PER_CONVERSATION);
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "migrate-");
    }

    @AfterAll
    void stop() {
        sandboxes.close();
    }

    @Test
    @Order(1)
    void canonicalHistoryIntoTencentKilledAndResumedArrivesOnceInOrderWithItsSeconds() throws Exception {
        Path input = history.canonicalGz(work);
        Path data = work.resolve("data-tencent");
        killedAndResumed("tencent", data, history.size() / 4, "--from", "canonical", "--input", input.toString(), "--to", "tencent");
        List<Received> got = received("tencent", e -> "importmsg".equals(e.path("api").asText())
                ? new Received(e.at("/request/MsgBody/0/MsgContent/Text").asText(),
                e.at("/request/MsgTimeStamp").asLong() * 1000) : null);
        // Tencent keeps the second (MsgTimeStamp); it drops an import it already holds (MsgSeq, MsgRandom, time)
        assertExactlyOnceInOrder(got, 0, m -> m.sentAt() / 1000 * 1000);
        assertSecondRunSendsNothing("tencent", data, "--from", "canonical", "--input", input.toString(),
                "--to", "tencent");
    }

    @Test
    @Order(2)
    void historyPulledLiveFromTencentIntoNetEaseKilledAndResumed() throws Exception {
        Path data = work.resolve("data-netease");
        killedAndResumed("netease", data, history.size() / 5, "--from", "tencent", "--input", "api:" + history.pairs(work),
                // the sandbox has no 100/s chat-room limit of NetEase's; the throttle itself is tested elsewhere
                "--to", "netease", "-Dbridge.netease.max-calls-per-second=400",
                "-Dbridge.migrate.source.url=" + sandboxes.base + "/sandbox/tencent",
                "-Dbridge.migrate.source.sdkappid=1400000000", "-Dbridge.migrate.source.admin=administrator",
                "-Dbridge.migrate.source.secret-key=sandbox-tencent-key");
        List<Received> got = received("netease", e -> new Received(e.at("/request/attach").asText(),
                Json.parseOrNull(e.at("/request/ext").asText()).path("imBridgeSentAt").asLong()));
        // the original time travels in ext (Tencent held it to the second); NetEase drops a resent msgId
        assertExactlyOnceInOrder(got, 0, m -> m.sentAt() / 1000 * 1000);
    }

    @Test
    @Order(3)
    void historyPulledLiveFromNetEaseIntoMyChatKilledAndResumed() throws Exception {
        Path data = work.resolve("data-mychat");
        JsonNode report = killedAndResumed("mychat", data, history.size() / 5, "--from", "netease", "--input",
                "api:" + history.pairs(work), "--to", "mychat",
                "-Dbridge.migrate.source.url=" + sandboxes.base + "/sandbox/netease",
                "-Dbridge.migrate.source.app-key=sandbox-netease-appkey",
                "-Dbridge.migrate.source.app-secret=sandbox-netease-secret");
        List<Received> got = received("mychat", e -> {
            String msg = e.at("/request/Msg").asText();
            long time = Instant.from(MYCHAT_PREFIX.parse(msg.substring(0, 26))).toEpochMilli();
            return new Received(msg.substring(26), time);
        });
        assertExactlyOnceInOrder(got, report.at("/counts/resentInDoubt").asLong(), m -> m.sentAt() / 1000 * 1000);
    }

    @Test
    @Order(4)
    void tencentExportIntoOpenImKilledAndResumedKeepsTheMillisecondLessSecond() throws Exception {
        Path input = history.tencentExport(work);
        Path data = work.resolve("data-openim");
        JsonNode report = killedAndResumed("openim", data, history.size() / 4, "--from", "tencent", "--input", input.toString(),
                "--to", "openim");
        List<Received> got = received("openim", e -> new Received(e.at("/request/content/content").asText(),
                e.at("/request/sendTime").asLong()));
        assertExactlyOnceInOrder(got, report.at("/counts/resentInDoubt").asLong(), m -> m.sentAt() / 1000 * 1000);
        assertSecondRunSendsNothing("openim", data, "--from", "tencent", "--input", input.toString(), "--to", "openim");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** What a sandbox stored: the message's text and the time it carries. */
    record Received(String text, long time) {
    }

    /**
     * Runs the migration, kills it ({@code SIGKILL}) once the target holds {@code killAfter} messages, runs it again
     * with {@code --resume} (exit 0 expected); answers the resumed run's report.
     */
    private JsonNode killedAndResumed(String target, Path data, int killAfter, String... args) throws Exception {
        Path log = work.resolve(target + "-first.log");
        Process first = migrate(data, log, args);
        long deadline = System.currentTimeMillis() + 180_000;
        while (receivedCount(target) < killAfter) {
            assertTrue(first.isAlive(), () -> "the migration ended before it was killed: " + read(log));
            assertTrue(System.currentTimeMillis() < deadline, "no progress: " + read(log));
            Thread.sleep(50);
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        first.waitFor(30, TimeUnit.SECONDS);
        int atKill = receivedCount(target);
        assertTrue(atKill < history.size(), "killed too late to test a resume");

        if ("tencent".equals(target)) {
            // without --resume an interrupted run is not taken up silently (checked once: each costs a JVM start)
            Path refused = work.resolve(target + "-refused.log");
            assertEquals(2, migrate(data, refused, args).waitFor(), () -> read(refused));
            assertTrue(read(refused).contains("--resume"), () -> read(refused));
        }

        Path report = work.resolve(target + "-report.json");
        Path resumedLog = work.resolve(target + "-resumed.log");
        List<String> resume = new ArrayList<>(List.of(args));
        resume.addAll(List.of("--resume", "--report", report.toString()));
        Process resumed = migrate(data, resumedLog, resume.toArray(String[]::new));
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS), "resumed run did not end");
        assertEquals(0, resumed.exitValue(), () -> read(resumedLog));
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(history.size(), r.at("/counts/messages").asLong(), r::toPrettyString);
        assertEquals(0, r.at("/counts/failed").asLong(), r::toPrettyString);
        assertEquals(0, r.at("/counts/notDone").asLong(), r::toPrettyString);
        assertEquals(history.size(), r.at("/counts/sent").asLong(), r::toPrettyString);
        assertTrue(r.at("/counts/resentInDoubt").asLong() <= 16, "at most one message per conversation sent at once"
                + " (--parallel, 16 by default) can be in doubt: " + r.toPrettyString());
        return r;
    }

    private void assertSecondRunSendsNothing(String target, Path data, String... args) throws Exception {
        int before = receivedCount(target);
        Path log = work.resolve(target + "-again.log");
        assertEquals(0, migrate(data, log, args).waitFor(), () -> read(log));
        assertTrue(read(log).contains("nothing to send"), () -> read(log));
        assertEquals(before, receivedCount(target));
    }

    /**
     * Every generated message is there once (at most {@code duplicatesAllowed} extra copies in all), the first
     * copies of each conversation's messages in the conversation's order, each with {@code expectedTime}.
     */
    private void assertExactlyOnceInOrder(List<Received> got, long duplicatesAllowed,
                                          Function<HistoryFixture.Message, Long> expectedTime) {
        Map<String, HistoryFixture.Message> byText = new HashMap<>();
        history.messages.forEach(m -> byText.put(m.text(), m));
        Map<String, Integer> copies = new HashMap<>();
        int[] nextPlace = new int[CONVERSATIONS];
        long extra = 0;
        for (Received r : got) {
            HistoryFixture.Message m = byText.get(r.text());
            assertTrue(m != null, () -> "not a generated message: " + r);
            int n = copies.merge(r.text(), 1, Integer::sum);
            if (n > 1) {
                extra++;
                continue;
            }
            assertEquals(nextPlace[m.conversation()], m.place(), () -> "out of order in conversation "
                    + m.conversation() + ": " + r.text());
            nextPlace[m.conversation()]++;
            assertEquals(expectedTime.apply(m), r.time(), () -> "time of " + r.text());
        }
        assertEquals(history.size(), copies.size(), "messages missing");
        assertTrue(extra <= duplicatesAllowed, "copies beyond the messages in doubt: " + extra);
    }

    private List<Received> received(String vendor, Function<JsonNode, Received> read) {
        List<Received> out = new ArrayList<>();
        for (JsonNode e : RunningBridge.json(sandboxes.get("/sandbox/" + vendor + "/_received"))) {
            Received r = read.apply(e);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * How many requests the sandbox holds, asked of it in this JVM (the bridge runs here): polled every 50 ms while a
     * run goes on, the whole list as JSON over HTTP would cost the two cores as much as the migration it waits for.
     */
    private int receivedCount(String vendor) {
        return sandboxes.context().getRegistry().lookupByNameAndType("sandbox", SandboxStore.class).received(vendor)
                .size();
    }

    private Process migrate(Path data, Path log, String... args) throws IOException {
        return MigrateJar.start(sandboxes.port, data, log, args);
    }

    private static String read(Path log) {
        return MigrateJar.read(log);
    }
}
