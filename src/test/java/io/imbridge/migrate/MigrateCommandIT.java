package io.imbridge.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;

/**
 * The {@code migrate} command's checks and inputs as a user meets them, with the built jar against the sandboxes of
 * a running bridge: a dry run that lists, by line, what cannot be migrated and what would degrade; a changed input
 * refused unless asked; {@code --rate}; standard input and a folder of files (one gzipped).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCommandIT {

    RunningBridge sandboxes;
    Path work;

    @BeforeAll
    void start() throws IOException {
        sandboxes = RunningBridge.start();
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "migrate-cmd-");
    }

    @AfterAll
    void stop() {
        sandboxes.close();
    }

    @Test
    void dryRunListsWhatCannotBeMigratedByLineAndSendsNothing() throws Exception {
        sandboxes.delete("/sandbox/tencent/_received");
        Path input = work.resolve("mixed.jsonl");
        Files.write(input, List.of(
                canonical("d1", "alice", "bob", null, 1_600_000_000_000L, text("hello")),
                "this is not JSON",
                // a group the groups file does not map (there is none here) has no place at Tencent
                canonical("d3", "alice", "bob", "team-7", 1_600_000_001_000L, text("to the group")),
                "",
                canonical("d5", "", "bob", null, 1_600_000_002_000L, text("no sender")),
                // Tencent has no alert element: degraded by its documented rule, still sent
                canonical("d6", "bob", "alice", null, 1_600_000_003_000L, "{\"kind\":\"alert\",\"text\":\"tip\"}")),
                StandardCharsets.UTF_8);
        Path report = work.resolve("dry-run.json");
        Path log = work.resolve("dry-run.log");
        Process p = migrate(work.resolve("data-dry"), log, "--from", "canonical", "--input", input.toString(),
                "--to", "tencent", "--dry-run", "--report", report.toString());
        assertEquals(1, p.waitFor(), () -> MigrateJar.read(log)); // something cannot be migrated
        String out = MigrateJar.read(log);
        assertTrue(out.contains("mixed.jsonl:2  cannot be migrated (malformed)"), out);
        assertTrue(out.contains("mixed.jsonl:3  cannot be migrated (recipient_unknown)"), out);
        assertTrue(out.contains("mixed.jsonl:5  cannot be migrated (malformed)"), out);
        assertTrue(out.contains("mixed.jsonl:6  degraded: alert becomes"), out);
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(6, r.at("/counts/lines").asInt());
        assertEquals(1, r.at("/counts/blankLines").asInt());
        assertEquals(2, r.at("/counts/wouldSend").asInt());
        assertEquals(3, r.at("/counts/invalid").asInt());
        assertEquals(1, r.at("/counts/degraded").asInt());
        List<Integer> lines = new ArrayList<>();
        r.get("failures").forEach(f -> lines.add(f.get("line").asInt()));
        assertEquals(List.of(2, 3, 5), lines);
        assertEquals(0, received("tencent").size(), "a dry run sends nothing");
    }

    @Test
    void aGroupsHistoryGoesToTheGroupTheGroupsFileMapsItToInTimeOrderOneSecondApart() throws Exception {
        sandboxes.delete("/sandbox/tencent/_received");
        Path groups = work.resolve("groups.csv");
        Files.writeString(groups, "openim,mychat,tencent\nteam-7,12,@TGS#_team7\n");
        Path input = work.resolve("group-history.jsonl");
        // the file out of order: the migration sends a conversation's messages in time order, as import_group_msg
        // wants each after the group's newest
        // (a third message in the first one's second: Tencent takes a group's history only later than its newest
        // second, so it is moved to the next free second, and the report says so)
        Files.write(input, List.of(
                canonical("g2", "bob", "alice", "team-7", 1_600_000_060_000L, text("second")),
                canonical("g1", "alice", "bob", "team-7", 1_600_000_000_000L, text("first")),
                canonical("g1b", "bob", "alice", "team-7", 1_600_000_000_500L, text("first, later")),
                canonical("g1c", "ann", "alice", "team-7", 1_600_000_001_000L, text("next second")),
                // the same group fed from MyChat's conference 12: one group, one order, whichever source
                canonical("c1", "carol", "alice", "team-7", 1_600_000_030_000L, text("from mychat"))
                        .replace("\"vendor\":\"openim\"", "\"vendor\":\"mychat\"")
                        .replace("{\"kind\":\"GROUP\",\"id\":\"team-7\"}", "{\"kind\":\"CHANNEL\",\"id\":\"12\"}")),
                StandardCharsets.UTF_8);
        // a dry run already says which times move
        Path dryReport = work.resolve("group-history-dry.json");
        ProcessBuilder dry = MigrateJar.builder(sandboxes.port, work.resolve("data-groups-dry"), "--from", "canonical",
                "--input", input.toString(), "--to", "tencent", "--dry-run", "--report", dryReport.toString());
        dry.environment().put("BRIDGE_GROUPS_FILE", groups.toString());
        Path dryLog = work.resolve("group-history-dry.log");
        assertEquals(0, dry.redirectErrorStream(true).redirectOutput(dryLog.toFile()).start().waitFor(),
                () -> MigrateJar.read(dryLog));
        assertEquals(2, Json.MAPPER.readTree(dryReport.toFile()).at("/counts/degraded").asInt(),
                () -> MigrateJar.read(dryLog));
        Path report = work.resolve("group-history.json");
        Path log = work.resolve("group-history.log");
        ProcessBuilder pb = MigrateJar.builder(sandboxes.port, work.resolve("data-groups"), "--from", "canonical",
                "--input", input.toString(), "--to", "tencent", "--report", report.toString());
        pb.environment().put("BRIDGE_GROUPS_FILE", groups.toString());
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(0, p.waitFor(), () -> MigrateJar.read(log));
        JsonNode got = received("tencent");
        assertEquals(5, got.size(), got::toString);
        List<String> texts = new ArrayList<>();
        for (JsonNode e : got) {
            JsonNode item = e.get("request");
            assertEquals("import_group_msg", e.get("api").asText(), e.toString());
            assertEquals("@TGS#_team7", item.get("GroupId").asText());
            texts.add(item.at("/MsgBody/0/MsgContent/Text").asText() + "@" + item.get("SendTime").asLong());
        }
        assertEquals(List.of("first@1600000000", "first, later@1600000001", "next second@1600000002",
                "from mychat@1600000030", "second@1600000060"), texts,
                "in order, each at its own second or the next free one");
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(5, r.at("/counts/sent").asInt(), r::toString);
        assertTrue(r.toString().contains("time moved from 2020-09-13T12:26:40.500Z to 2020-09-13T12:26:41Z"),
                r::toString);
    }

    @Test
    void aChangedInputIsRefusedUnlessAllowedAndThenOnlyWhatIsNewIsSent() throws Exception {
        sandboxes.delete("/sandbox/openim/_received");
        Path folder = Files.createDirectories(work.resolve("folder"));
        // files in name order: a.jsonl.gz (gzip, recognised by its bytes) before b.jsonl
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("a.jsonl.gz")))) {
            gz.write((canonical("f1", "ann", "ben", null, 1_600_000_000_000L, text("first")) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(folder.resolve("b.jsonl"),
                canonical("f2", "ben", "ann", null, 1_600_000_001_000L, text("second")) + "\n");
        Path data = work.resolve("data-changed");
        String[] args = {"--from", "canonical", "--input", folder.toString(), "--to", "openim"};
        Path log1 = work.resolve("changed-1.log");
        assertEquals(0, migrate(data, log1, args).waitFor(), () -> MigrateJar.read(log1));
        assertEquals(List.of("first", "second"), openimTexts());

        Files.writeString(folder.resolve("c.jsonl"),
                canonical("f3", "ann", "ben", null, 1_600_000_002_000L, text("third")) + "\n");
        Path log2 = work.resolve("changed-2.log");
        assertEquals(2, migrate(data, log2, args).waitFor(), () -> MigrateJar.read(log2));
        assertTrue(MigrateJar.read(log2).contains("--allow-changed-input"), () -> MigrateJar.read(log2));

        Path report = work.resolve("changed.json");
        Path log3 = work.resolve("changed-3.log");
        List<String> allowed = new ArrayList<>(List.of(args));
        allowed.addAll(List.of("--allow-changed-input", "--report", report.toString()));
        assertEquals(0, migrate(data, log3, allowed.toArray(String[]::new)).waitFor(), () -> MigrateJar.read(log3));
        assertEquals(List.of("first", "second", "third"), openimTexts(), "only the new message is sent");
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(2, r.at("/counts/skippedAsAlreadySent").asInt());
        assertEquals(1, r.at("/counts/sent").asInt());
    }

    @Test
    void aSourceMessageRepeatedInTheInputIsSentOnceAndTheLaterCopyCountedAsADuplicate() throws Exception {
        sandboxes.delete("/sandbox/openim/_received");
        Path input = work.resolve("repeated.jsonl");
        Files.write(input, List.of(
                canonical("k1", "gil", "hana", null, 1_600_000_000_000L, text("one")),
                // an invalid line (planned without a key) leaves a later valid line of that id to be sent
                canonical("k3", "", "hana", null, 1_600_000_001_000L, text("three, no sender")),
                canonical("k2", "gil", "hana", null, 1_600_000_002_000L, text("two")),
                canonical("k1", "gil", "hana", null, 1_600_000_000_000L, text("one")),
                canonical("k3", "gil", "hana", null, 1_600_000_003_000L, text("three"))),
                StandardCharsets.UTF_8);
        Path report = work.resolve("repeated.json");
        Path log = work.resolve("repeated.log");
        assertEquals(1, migrate(work.resolve("data-repeated"), log, "--from", "canonical", "--input",
                input.toString(), "--to", "openim", "--report", report.toString()).waitFor(),
                () -> MigrateJar.read(log)); // one line cannot be migrated
        assertEquals(List.of("one", "two", "three"), openimTexts());
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(1, r.at("/counts/duplicatesInInput").asInt(), r::toPrettyString);
        assertEquals(1, r.at("/counts/invalid").asInt(), r::toPrettyString);
        assertEquals(3, r.at("/counts/sent").asInt(), r::toPrettyString);
    }

    @Test
    void rateBoundsTheCallsPerSecond() throws Exception {
        Path input = work.resolve("rate.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(canonical("r" + i, "carl", "dora", null, 1_600_000_000_000L + i, text("r" + i)));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path report = work.resolve("rate.json");
        Path log = work.resolve("rate.log");
        assertEquals(0, migrate(work.resolve("data-rate"), log, "--from", "canonical", "--input", input.toString(),
                "--to", "openim", "--rate", "10", "--report", report.toString()).waitFor(), () -> MigrateJar.read(log));
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        long tookMs = Instant.parse(r.get("finishedAt").asText()).toEpochMilli()
                - Instant.parse(r.get("startedAt").asText()).toEpochMilli();
        // 30 calls at 10 per second: the first 10 at once, then two more seconds at least
        assertTrue(tookMs >= 1900, "30 calls at --rate 10 took " + tookMs + " ms");
        assertEquals(30, r.at("/counts/sent").asInt());
    }

    @Test
    void aNetEaseExportOnStandardInputReachesMyChatInTimeOrderWithItsTimePrefix() throws Exception {
        sandboxes.delete("/sandbox/mychat/_received");
        Path log = work.resolve("stdin.log");
        ProcessBuilder b = MigrateJar.builder(sandboxes.port, work.resolve("data-stdin"), "--from", "netease",
                "--input", "-", "--to", "mychat").redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(Path.of("src/test/resources/netease/querySessionMsg-reply.json").toFile());
        Process p = b.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> MigrateJar.read(log));
        List<String> prefixes = new ArrayList<>();
        for (JsonNode e : received("mychat")) {
            prefixes.add(e.at("/request/Msg").asText().substring(0, 26));
        }
        // msgid 1366 carries its original time in ext (imBridgeSentAt 1262304000000): it is the oldest
        assertEquals(List.of("[2010-01-01 00:00:00 UTC] ", "[2015-09-30 07:53:51 UTC] ", "[2015-09-30 07:53:52 UTC] "),
                prefixes);
    }

    @Test
    void aStopEndsTheMessagesUnderWayReportsAndAResumeSendsTheRestOnce() throws Exception {
        sandboxes.delete("/sandbox/tencent/_received");
        Path input = work.resolve("stop.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(canonical("s" + i, "u" + (i % 20), "w" + (i % 20), null, 1_600_000_000_000L + i * 1000L,
                    text("s" + i)));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path data = work.resolve("data-stop");
        String[] args = {"--from", "canonical", "--input", input.toString(), "--to", "tencent"};
        Path log = work.resolve("stop.log");
        Process p = migrate(data, log, args);
        long deadline = System.currentTimeMillis() + 120_000;
        while (received("tencent").size() < 100 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the same shutdown
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the stop took too long");
        String out = MigrateJar.read(log);
        assertTrue(out.contains("Stopped before the end: run the same command with --resume"), out);
        int atStop = received("tencent").size();
        assertTrue(atStop < 600, "stopped too late to test it");

        Path report = work.resolve("stop.json");
        Path log2 = work.resolve("stop-resumed.log");
        List<String> resume = new ArrayList<>(List.of(args));
        resume.addAll(List.of("--resume", "--report", report.toString()));
        assertEquals(0, migrate(data, log2, resume.toArray(String[]::new)).waitFor(), () -> MigrateJar.read(log2));
        assertEquals(600, received("tencent").size(), "each message once");
        assertEquals(0, Json.MAPPER.readTree(report.toFile()).at("/counts/resentInDoubt").asInt(),
                "a stop lets the messages under way end: none is left in doubt");
    }

    @Test
    void aMessageThatCannotBeDeliveredYetHoldsBackItsConversationUntilAResume() throws Exception {
        sandboxes.delete("/sandbox/openim/_received");
        Path input = work.resolve("held.jsonl");
        Files.write(input, List.of(
                canonical("h1", "eve", "fay", null, 1_600_000_000_000L, text("h1")),
                canonical("h2", "fay", "eve", null, 1_600_000_001_000L, text("h2")),
                canonical("h3", "eve", "fay", null, 1_600_000_002_000L, text("h3"))), StandardCharsets.UTF_8);
        // OpenIM's 500 (internal, "retry") for h1's two tries
        sandboxes.post("/sandbox/openim/_faults", "{\"code\":500,\"times\":2}", "Content-Type", "application/json");
        Path data = work.resolve("data-held");
        String[] args = {"--from", "canonical", "--input", input.toString(), "--to", "openim",
            "-Dbridge.migrate.max-tries=2", "-Dbridge.migrate.retry-base-ms=50"};
        Path report = work.resolve("held.json");
        Path log = work.resolve("held.log");
        List<String> first = new ArrayList<>(List.of(args));
        first.addAll(List.of("--report", report.toString()));
        assertEquals(1, migrate(data, log, first.toArray(String[]::new)).waitFor(), () -> MigrateJar.read(log));
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(1, r.at("/counts/failed").asInt(), r::toPrettyString);
        assertEquals(2, r.at("/counts/heldBehindAFailure").asInt(), r::toPrettyString);
        assertEquals("internal", r.at("/failures/0/category").asText(), r::toPrettyString);
        assertEquals(500, r.at("/failures/0/vendorCode").asInt(), r::toPrettyString);
        assertEquals(List.of(), openimTexts(), "h2 and h3 wait for h1");

        Path log2 = work.resolve("held-resumed.log");
        List<String> resume = new ArrayList<>(List.of(args));
        resume.add("--resume");
        assertEquals(0, migrate(data, log2, resume.toArray(String[]::new)).waitFor(), () -> MigrateJar.read(log2));
        assertEquals(List.of("h1", "h2", "h3"), openimTexts());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Process migrate(Path data, Path log, String... args) throws IOException {
        return MigrateJar.start(sandboxes.port, data, log, args);
    }

    private JsonNode received(String vendor) {
        return RunningBridge.json(sandboxes.get("/sandbox/" + vendor + "/_received"));
    }

    private List<String> openimTexts() {
        List<String> texts = new ArrayList<>();
        received("openim").forEach(e -> texts.add(e.at("/request/content/content").asText()));
        return texts;
    }

    private static String text(String t) {
        return "{\"kind\":\"text\",\"text\":\"" + t + "\"}";
    }

    /** A canonical JSON line (the schema's form); {@code group} null for a one-to-one message. */
    private static String canonical(String id, String from, String to, String group, long sentAt, String element)
            throws IOException {
        ObjectNode n = Json.object();
        n.put("schemaVersion", 1);
        n.put("id", id);
        n.putObject("source").put("vendor", "openim");
        n.put("sender", from);
        n.putArray("recipients").add(to);
        if (group == null) {
            n.putObject("conversation").put("kind", "DIRECT");
        } else {
            n.putObject("conversation").put("kind", "GROUP").put("id", group);
        }
        n.put("sentAt", sentAt);
        n.put("receivedAt", sentAt);
        n.putArray("elements").add(Json.MAPPER.readTree(element));
        return Json.write(n);
    }
}
