package io.imbridge.bus;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.TestPostgres;
import io.imbridge.canonical.Json;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus on a broker that requires SASL (SASL_PLAINTEXT, PLAIN): the credentials set once as camel-kafka's
 * component options reach the bus's endpoints, the bridge's own topic creation and the replay's consumer — the
 * admin endpoint's and the {@code replay} command's — and wrong or missing ones stop each of them.
 */
class BusSaslTest {

    @AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    /** The bus on the secured broker, on topics and groups of this test's own, as {@code user}. */
    static Map<String, String> secured(String name, String user, String password) throws Exception {
        Map<String, String> p = BusTest.bus(name, EmbeddedKafka.securedBootstrapServers());
        p.put("bridge.kafka.api-timeout-ms", "5000");
        if (user != null) {
            p.put("camel.component.kafka.security-protocol", "SASL_PLAINTEXT");
            p.put("camel.component.kafka.sasl-mechanism", "PLAIN");
            p.put("camel.component.kafka.sasl-jaas-config", EmbeddedKafka.jaas(user, password));
        }
        return p;
    }

    @Test
    void theBusItsTopicsAndBothReplaysWorkWithTheCredentials() throws Exception {
        // the targets: another bridge's sandboxes, so they outlive the bus bridge for the replay command
        try (RunningBridge sandboxes = RunningBridge.start()) {
            Map<String, String> p = secured("sasl", EmbeddedKafka.USER, EmbeddedKafka.PASSWORD);
            p.put("bridge.route.mychat", "openim,tencent");
            for (String vendor : List.of("mychat", "tencent", "openim", "netease")) {
                p.put("bridge.%s.url".formatted(vendor), sandboxes.base + "/sandbox/" + vendor);
            }
            p.put("bridge.data-dir", Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")),
                    "sasl-").toString());
            try (RunningBridge b = RunningBridge.start(p)) {
                // the broker makes no topic itself: these are the bridge's AdminClient's, made with the credentials
                Map<String, TopicDescription> topics = describe(p.get("bridge.kafka.topic.messages"),
                        p.get("bridge.kafka.topic.dead-letters"), p.get("bridge.kafka.topic.status"));
                assertEquals(3, topics.size(), topics.toString());
                topics.values().forEach(t -> assertEquals(3, t.partitions().size(), t.toString()));
                sandboxes.fault("tencent", 90012, 200, 1); // the first mirror refused for good: a dead letter
                for (int i = 0; i < 3; i++) {
                    String cmd = Fixtures.text("mychat/seed-browser-line.json").replace("Hello from browser", "sasl " + i);
                    JsonNode reply = json(b.mychatGet(cmd));
                    assertEquals("0002", reply.get("cmd").asText(), reply.toString());
                }
                BusTest.awaitCount(sandboxes, "openim", 3);
                BusTest.awaitCount(sandboxes, "tencent", 2); // the mirrors, through the bus's producer and group
                assertEquals(1, countRecords(p.get("bridge.kafka.topic.dead-letters"), 1),
                        "the refused mirror's dead letter, through the bus's dead-letter producer");
                // the admin endpoint's replay: its consumer reads the secured topic (openim, the primary, is
                // delivered without the bus: the records are not for it, so this replay delivers nothing)
                JsonNode report = json(b.post("/admin/bus/replay?fromOffset=0&targets=openim", ""));
                assertEquals(3, report.get("records").asInt(), report.toString());
                assertEquals(3, report.at("/outcomes/not-for-target").asInt(), report.toString());
            }
            // the command, on the stopped bridge's store and the same properties
            Run run = replay(command(p, "--from-time", "1970-01-01T00:00:00Z", "--target", "tencent"));
            assertEquals(0, run.code, run.err);
            JsonNode summary = Json.MAPPER.readTree(run.lastLine());
            assertEquals("[\"tencent\"]", summary.get("targets").toString());
            assertEquals(3, summary.get("records").asInt(), summary.toString());
            assertEquals(1, summary.at("/outcomes/delivered").asInt(), "the dead letter's message: " + summary);
            assertEquals(2, summary.at("/outcomes/already-delivered").asInt(), summary.toString());
            BusTest.awaitCount(sandboxes, "tencent", 3);
            Set<String> texts = new HashSet<>();
            sandboxes.received("tencent").forEach(r -> texts.add(
                    r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
            assertEquals(Set.of("sasl 0", "sasl 1", "sasl 2"), texts, "each message once at the mirror");
        }
    }

    @Test
    void aWrongPasswordIsRefusedToTopicCreationAndToTheReplaysConsumer() throws Exception {
        Map<String, String> p = secured("wrong", EmbeddedKafka.USER, "not-the-password");
        Run run = replay(command(p, "--from-offset", "0"));
        assertEquals(1, run.code, run.out);
        assertTrue(run.err.contains("replay: failed: the bus did not start: Authentication failed"), run.err);
        assertEquals("", run.out.strip(), "no summary");
        assertTrue(absent(p.get("bridge.kafka.topic.messages")), "the AdminClient made nothing");
        // without topic creation, the replay's own consumer is the first client to meet the broker
        p.put("bridge.kafka.create-topics", "false");
        run = replay(command(p, "--from-offset", "0"));
        assertEquals(1, run.code, run.out);
        assertTrue(run.err.contains("replay: failed: Authentication failed"), run.err);
    }

    @Test
    void noCredentialsAreRefusedWithinTheApiTimeout() throws Exception {
        Map<String, String> p = secured("none", null, null);
        long started = System.nanoTime();
        // a plaintext client on a SASL listener is cut off at its first request: its calls time out
        Run run = replay(command(p, "--from-offset", "0"));
        assertEquals(1, run.code, run.out);
        assertTrue(run.err.contains("replay: failed: the bus did not start: Timed out waiting"), run.err);
        assertTrue(absent(p.get("bridge.kafka.topic.messages")), "the AdminClient made nothing");
        p.put("bridge.kafka.create-topics", "false");
        run = replay(command(p, "--from-offset", "0"));
        assertEquals(1, run.code, run.out);
        assertTrue(run.err.contains("replay: failed: Timeout"), run.err);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 40,
                "each within bridge.kafka.api-timeout-ms (5 s), not Kafka's default 60 s");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** The replay command's arguments for a bridge of these properties (its store and Kafka settings). */
    static List<String> command(Map<String, String> p, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay"));
        args.addAll(List.of(options));
        // no HTTP server runs, but the properties that name the port must not name 8080
        args.add("-Dcamel.server.port=" + RunningBridge.freePort());
        String dataDir = p.containsKey("bridge.data-dir") ? p.get("bridge.data-dir")
                : Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "replay-").toString();
        args.add("-Dbridge.data-dir=" + dataDir);
        p.forEach((k, v) -> args.add("-D" + k + "=" + v));
        if (TestPostgres.ACTIVE) {
            TestPostgres.storeFor(dataDir).forEach((k, v) -> args.add("-D" + k + "=" + v));
        }
        return args;
    }

    /** Whether the secured broker has no such topic. */
    static boolean absent(String topic) throws Exception {
        try (Admin admin = Admin.create(EmbeddedKafka.securedClient("admin", "admin-secret"))) {
            return !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
        }
    }

    /** ReplayCommand.run with its standard output and error captured. */
    static synchronized Run replay(List<String> args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ReplayCommand.run(args.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Map<String, TopicDescription> describe(String... topics) throws Exception {
        try (Admin admin = Admin.create(EmbeddedKafka.securedClient("admin", "admin-secret"))) {
            return admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS);
        }
    }

    /** The records on a topic of the secured broker, once at least {@code n} are there (or 30 s passed). */
    static int countRecords(String topic, int n) throws Exception {
        Map<String, Object> c = new HashMap<>(EmbeddedKafka.securedClient("admin", "admin-secret"));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long deadline = System.currentTimeMillis() + 30_000;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            int count;
            do {
                count = (int) consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
                if (count < n) {
                    Thread.sleep(200);
                }
            } while (count < n && System.currentTimeMillis() < deadline);
            return count;
        }
    }
}
