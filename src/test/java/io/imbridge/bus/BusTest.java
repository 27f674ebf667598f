package io.imbridge.bus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The enterprise bus on a real in-process KRaft broker: accepted messages as CloudEvents (binary mode) on the
 * messages topic, delivered by each target's consumer group, retried in place, dead letters with Kafka Connect's
 * headers, status events, a source answered on the bus, and events of a producer outside the bridge.
 */
class BusTest {

    @AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    /** The bus's properties, on topics and groups of this test's own. */
    static Map<String, String> bus(String name) throws Exception {
        return bus(name, EmbeddedKafka.bootstrapServers());
    }

    /** The bus's properties on the broker at {@code brokers}, on topics and groups of this test's own. */
    static Map<String, String> bus(String name, String brokers) {
        String run = name + System.nanoTime();
        Map<String, String> p = new HashMap<>();
        p.put("bridge.bus", "kafka");
        p.put("camel.component.kafka.brokers", brokers);
        p.put("camel.component.kafka.poll-timeout-ms", "300");
        p.put("bridge.kafka.topic.messages", run + ".messages");
        p.put("bridge.kafka.topic.dead-letters", run + ".dead-letters");
        p.put("bridge.kafka.topic.status", run + ".status");
        p.put("bridge.kafka.group-prefix", run);
        p.put("bridge.kafka.partitions", "3");
        p.put("bridge.delivery.retry-base-ms", "100");
        p.put("bridge.delivery.retry-cap-ms", "300");
        return p;
    }

    @Test
    void acceptedMessagesAreCloudEventsAndTheMirrorsGroupDeliversThem() throws Exception {
        Map<String, String> p = bus("mirrors");
        p.put("bridge.route.mychat", "openim,tencent");
        int n = 6;
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("tencent", null, 503, 3); // the mirror fails for a while: retried in place
            for (int i = 0; i < n; i++) {
                String cmd = Fixtures.text("mychat/seed-browser-line.json").replace("Hello from browser", "bus " + i);
                JsonNode reply = json(b.mychatGet(cmd));
                assertEquals("0002", reply.get("cmd").asText(), reply.toString());
            }
            List<ConsumerRecord<String, byte[]>> events = read(p.get("bridge.kafka.topic.messages"), n, r -> true);
            assertEquals(n, events.size());
            for (int i = 0; i < n; i++) {
                ConsumerRecord<String, byte[]> e = events.get(i);
                JsonNode data = Json.MAPPER.readTree(e.value());
                // CloudEvents 1.0, Kafka protocol binding, binary mode
                assertEquals("1.0", header(e, "ce_specversion"));
                assertEquals("im.message.v1", header(e, "ce_type"));
                assertEquals("/im-bridge/mychat", header(e, "ce_source"));
                assertEquals("application/json", header(e, "content-type"));
                assertEquals(data.get("id").asText(), header(e, "ce_id"), "ce_id is the bridge id");
                assertTrue(header(e, "ce_dataschema").startsWith(
                        "https://im-bridge.example/schema/canonical-message.schema.json"));
                assertNotNull(OffsetDateTime.parse(header(e, "ce_time")));
                assertEquals(e.key(), header(e, "ce_partitionkey"), "the partition key is the record key");
                assertEquals("tencent", header(e, "ce_imtargets"), "the bus delivers the mirror; the caller waited for the primary");
                assertEquals("bus " + i, data.get("elements").get(0).get("text").asText());
            }
            assertEquals(1, events.stream().map(ConsumerRecord::key).distinct().count(), "one conversation, one key");
            List<String> got = awaitTexts(b, "tencent", n);
            assertEquals(List.of("bus 0", "bus 1", "bus 2", "bus 3", "bus 4", "bus 5"), got,
                    "every mirror once, in the conversation's order, after the target's failures");
            List<ConsumerRecord<String, byte[]>> status = read(p.get("bridge.kafka.topic.status"), 2 * n + 1,
                    r -> true);
            List<JsonNode> outcomes = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> s : status) {
                assertEquals("im.delivery.v1", header(s, "ce_type"));
                outcomes.add(Json.MAPPER.readTree(s.value()));
            }
            assertEquals(n, outcomes.stream().filter(o -> o.get("target").asText().equals("openim")
                    && o.get("outcome").asText().equals("delivered")).count(), "the primary's outcomes");
            assertEquals(n, outcomes.stream().filter(o -> o.get("target").asText().equals("tencent")
                    && o.get("outcome").asText().equals("delivered")).count(), "the mirror's outcomes");
            JsonNode retrying = outcomes.stream().filter(o -> o.get("outcome").asText().equals("retrying"))
                    .findFirst().orElseThrow();
            assertEquals("tencent", retrying.get("target").asText());
            assertTrue(retrying.get("nextTryAt").asLong() > 0);
            JsonNode delivered = outcomes.stream().filter(o -> o.get("target").asText().equals("tencent")
                    && o.get("outcome").asText().equals("delivered")).findFirst().orElseThrow();
            assertFalse(delivered.get("receipts").get(0).get("ids").isEmpty(), "delivered with the target's ids: " + delivered);
        }
    }

    @Test
    void aRecallCancelsAMirrorTheBusHasNotDeliveredAndItsOutcomesAreStatusEvents() throws Exception {
        Map<String, String> p = bus("recall");
        p.put("bridge.route.tencent", "openim,netease");
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("netease", null, 503, 1000); // the mirror is retried in place, never accepted
            String query = RunningBridge.tencentQuery(RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN,
                    io.imbridge.provider.tencent.TencentUserSig.sign(RunningBridge.TENCENT_KEY,
                            RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000,
                            3600));
            JsonNode sent = json(b.tencentSend("{\"From_Account\":\"alice\",\"To_Account\":\"bob\","
                    + "\"MsgRandom\":7,\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":"
                    + "\"recalled on the bus\"}}]}"));
            String id = json(b.get("/admin/messages/" + sent.get("MsgKey").asText())).get("id").asText();
            read(p.get("bridge.kafka.topic.status"), 1, r -> data(r).get("outcome").asText().equals("retrying"));
            JsonNode recalled = json(b.post("/tencent/v4/openim/admin_msgwithdraw?" + query, "{\"From_Account\":"
                    + "\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + sent.get("MsgKey").asText() + "\"}",
                    "Content-Type", "application/json"));
            assertEquals(0, recalled.get("ErrorCode").asInt(), recalled.toString());
            List<ConsumerRecord<String, byte[]>> recalls = read(p.get("bridge.kafka.topic.status"), 2,
                    r -> data(r).get("outcome").asText().equals("recall"));
            Map<String, String> byTarget = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : recalls) {
                assertEquals(id, data(r).get("messageId").asText());
                byTarget.put(data(r).get("target").asText(), data(r).get("recall").asText());
            }
            // OpenIM's copy revoked (its seq found by search_msg); the mirror not delivered yet is cancelled
            assertEquals(Map.of("openim", "recalled", "netease", "cancelled"), byTarget);
            assertTrue(b.received("openim").get(0).path("recalled").asBoolean(), b.received("openim").toString());
            // NetEase accepts again: the record's lane passes on, the delivery stays recalled, nothing reaches it
            b.clearSandbox("netease");
            Thread.sleep(1500);
            JsonNode record = json(b.get("/admin/messages/" + id));
            for (JsonNode d : record.get("deliveries")) {
                if (d.get("target").asText().equals("netease")) {
                    assertEquals("recalled", d.get("status").asText(), record.toString());
                }
            }
            assertEquals(0, b.received("netease").size());
        }
    }

    @Test
    void aSourceAnsweredOnTheBusHasEveryTargetDeliveredByTheBus() throws Exception {
        Map<String, String> p = bus("answered");
        p.put("bridge.route.openim", "mychat");
        p.put("bridge.bus.answer.openim", "bus");
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("mychat", null, 503, 2);
            String token = b.openimToken("openIM123");
            JsonNode reply = json(b.openimSend(token, Fixtures.text("openim/send_msg-seed.json")));
            assertEquals(0, reply.get("errCode").asInt(), "answered once the event is on the bus: " + reply);
            List<ConsumerRecord<String, byte[]>> events = read(p.get("bridge.kafka.topic.messages"), 1, r -> true);
            assertEquals("mychat", header(events.get(0), "ce_imtargets"));
            awaitCount(b, "mychat", 1);
            Thread.sleep(500);
            assertEquals(1, b.received("mychat").size(), "delivered once");
        }
    }

    @Test
    void aPermanentFailureIsADeadLetterOnItsTopicWithTheRecordUnchanged() throws Exception {
        Map<String, String> p = bus("dead");
        p.put("bridge.route.mychat", "openim,tencent");
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("tencent", 90012, 200, 1); // a permanent refusal (docs/providers.md#tencent-error-codes): no retry
            json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
            ConsumerRecord<String, byte[]> event = read(p.get("bridge.kafka.topic.messages"), 1, r -> true).get(0);
            ConsumerRecord<String, byte[]> dead = read(p.get("bridge.kafka.topic.dead-letters"), 1, r -> true).get(0);
            assertEquals(new String(event.value(), StandardCharsets.UTF_8), new String(dead.value(),
                    StandardCharsets.UTF_8), "the value unchanged");
            assertEquals(event.key(), dead.key());
            assertEquals(event.timestamp(), dead.timestamp());
            assertEquals(header(event, "ce_id"), header(dead, "ce_id"), "the original headers kept");
            assertEquals(event.topic(), header(dead, "__connect.errors.topic"));
            assertEquals(Integer.toString(event.partition()), header(dead, "__connect.errors.partition"));
            assertEquals(Long.toString(event.offset()), header(dead, "__connect.errors.offset"));
            assertEquals("tencent", header(dead, "__connect.errors.target"));
            assertEquals("90012", header(dead, "__connect.errors.vendor.code"));
            assertEquals("1", header(dead, "__connect.errors.attempts"));
            assertEquals("DELIVERY", header(dead, "__connect.errors.stage"));
            assertFalse(header(dead, "__connect.errors.category").isBlank());
            assertFalse(header(dead, "__connect.errors.reason").isBlank());
            JsonNode letters = b.deadLetters();
            assertEquals(1, letters.size(), "also in the store's dead letters, for a re-drive: " + letters);
            List<ConsumerRecord<String, byte[]>> failed = read(p.get("bridge.kafka.topic.status"), 1,
                    r -> data(r).get("outcome").asText().equals("failed"));
            assertEquals("tencent", data(failed.get(0)).get("target").asText());
            assertEquals(90012, data(failed.get(0)).get("vendorCode").asInt());
        }
    }

    @Test
    void anOutsideProducersEventsAreDeliveredOrDeadLettered() throws Exception {
        Map<String, String> p = bus("outside");
        p.put("bridge.route.bus", "netease");
        try (RunningBridge b = RunningBridge.start(p);
             KafkaProducer<String, byte[]> producer = producer()) {
            String topic = p.get("bridge.kafka.topic.messages");
            // a canonical message as the schema describes it, from a system of one's own
            String id = "01J9Z3M4N5P6Q7R8S9T0V1W2X3";
            ObjectNode m = (ObjectNode) Json.MAPPER.readTree("""
                    {"schemaVersion":1,"id":"%s","source":{"vendor":"canonical","ids":{}},"sender":"alice",
                     "recipients":["bob"],"conversation":{"kind":"DIRECT"},"sentAt":1700000000000,
                     "receivedAt":1700000000000,"elements":[{"kind":"text","text":"from the bus"}],
                     "options":{},"vendorFields":{}}""".formatted(id));
            var good = io.cloudevents.core.builder.CloudEventBuilder.v1().withId(id)
                    .withSource(URI.create("/erp/orders")).withType("im.message.v1")
                    .withData("application/json", Json.write(m).getBytes(StandardCharsets.UTF_8)).build();
            producer.send(io.cloudevents.kafka.KafkaMessageFactory.createWriter(topic, null, null, "c-1")
                    .writeBinary(good)).get();
            ProducerRecord<String, byte[]> bad = new ProducerRecord<>(topic, "c-2",
                    "{\"not\":\"a message\"}".getBytes(StandardCharsets.UTF_8));
            bad.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            bad.headers().add("ce_id", "x-1".getBytes(StandardCharsets.UTF_8));
            bad.headers().add("ce_source", "/erp".getBytes(StandardCharsets.UTF_8));
            bad.headers().add("ce_type", "im.message.v1".getBytes(StandardCharsets.UTF_8));
            bad.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(bad).get();
            awaitCount(b, "netease", 1);
            JsonNode got = b.received("netease").get(0).get("request");
            assertTrue(got.toString().contains("from the bus"), got.toString());
            ConsumerRecord<String, byte[]> dead = read(p.get("bridge.kafka.topic.dead-letters"), 1, r -> true).get(0);
            assertEquals("{\"not\":\"a message\"}", new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals("VALIDATION", header(dead, "__connect.errors.stage"));
            assertTrue(header(dead, "__connect.errors.reason").contains("not a canonical message"),
                    header(dead, "__connect.errors.reason"));
            Thread.sleep(500);
            assertEquals(1, b.received("netease").size(), "the invalid one is not delivered");
            // the outside event's message, new to the store, is recorded with its delivery
            JsonNode stored = json(b.get("/admin/messages/" + id));
            assertEquals("from the bus", stored.at("/message/elements/0/text").asText(), stored.toString());
            assertEquals("netease", stored.at("/deliveries/0/target").asText(), stored.toString());
            assertEquals("delivered", stored.at("/deliveries/0/status").asText(), stored.toString());
            // replayed: the delivered one is not delivered again, the invalid one is named as such
            JsonNode replay = json(b.post("/admin/bus/replay?fromOffset=0&targets=netease", ""));
            assertEquals(2, replay.get("records").asInt(), replay.toString());
            assertEquals(1, replay.at("/outcomes/already-delivered").asInt(), replay.toString());
            assertEquals(1, replay.at("/outcomes/invalid").asInt(), replay.toString());
            Thread.sleep(300);
            assertEquals(1, b.received("netease").size(), "nothing delivered twice");
        }
    }

    @Test
    void aReplayRedeliversWhatIsNotDeliveredAndNothingTwice() throws Exception {
        Map<String, String> p = bus("replay");
        p.put("bridge.route.mychat", "openim,tencent");
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("tencent", 90012, 200, 1); // the first mirror is refused for good: a dead letter
            for (int i = 0; i < 4; i++) {
                String cmd = Fixtures.text("mychat/seed-browser-line.json").replace("Hello from browser", "replay " + i);
                json(b.mychatGet(cmd));
            }
            awaitCount(b, "tencent", 3);
            read(p.get("bridge.kafka.topic.dead-letters"), 1, r -> true);
            JsonNode bad = json(b.post("/admin/bus/replay?targets=tencent", ""));
            assertTrue(bad.has("error"), "a replay needs a start: " + bad);
            JsonNode report = json(b.post("/admin/bus/replay?fromTime=1970-01-01T00:00:00Z&targets=tencent", ""));
            assertEquals(4, report.get("records").asInt(), report.toString());
            assertEquals(1, report.get("outcomes").get("delivered").asInt(), "the dead letter's message: " + report);
            assertEquals(3, report.get("outcomes").get("already-delivered").asInt(), report.toString());
            List<String> got = awaitTexts(b, "tencent", 4);
            assertEquals(4, got.size(), "each once: " + got);
            assertEquals(4, new java.util.HashSet<>(got).size(), got.toString());
            JsonNode again = json(b.post("/admin/bus/replay?fromOffset=0", ""));
            assertEquals(0, again.get("outcomes").path("delivered").asInt(), "nothing left to deliver: " + again);
            Thread.sleep(300);
            assertEquals(4, b.received("tencent").size());
        }
    }

    @Test
    void aRetryLongerThanItsInPlaceWindowIsReadAgainAndEveryConversationKeepsItsOrder() throws Exception {
        Map<String, String> p = bus("again");
        p.put("bridge.route.bus", "tencent");
        p.put("bridge.bus.retry-in-place-ms", "250"); // backoff 100–300 ms: the second try already falls past it
        try (RunningBridge b = RunningBridge.start(p);
             KafkaProducer<String, byte[]> producer = producer()) {
            String topic = p.get("bridge.kafka.topic.messages");
            b.fault("tencent", null, 503, 7);
            // two conversations, their records interleaved in one burst: one batch, two lanes
            List<String> sent = new ArrayList<>();
            Map<String, String> textOf = new HashMap<>(); // message id -> text, to tell the statuses apart
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> placed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                for (String c : List.of("a", "b")) {
                    String text = c + i;
                    sent.add(text);
                    ProducerRecord<String, byte[]> record = outside(topic, "conv-" + c, "bob-" + c, text);
                    textOf.put(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8), text);
                    placed.add(producer.send(record));
                }
            }
            producer.flush();
            List<String> placedAt = new ArrayList<>();
            for (int i = 0; i < placed.size(); i++) {
                var at = placed.get(i).get();
                placedAt.add(sent.get(i) + "@" + at.partition() + ":" + at.offset());
            }
            awaitCount(b, "tencent", 8);
            Thread.sleep(1000);
            List<String> got = new ArrayList<>();
            b.received("tencent").forEach(r -> got.add(
                    r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
            // the failed tries went on past the in-place window: a record was given back and read again
            List<ConsumerRecord<String, byte[]>> retrying = read(p.get("bridge.kafka.topic.status"), 7,
                    r -> data(r).path("outcome").asText().equals("retrying"));
            // what a failure below needs to be understood: where each record went, and each failed try
            String story = got + "; placed " + placedAt + "; retrying " + retrying.stream()
                    .map(r -> textOf.get(new String(r.headers().lastHeader("ce_subject").value(), StandardCharsets.UTF_8))
                            + "#" + data(r).path("attempts").asInt())
                    .toList();
            assertEquals(8, got.size(), "each once: " + story);
            assertEquals(new java.util.HashSet<>(sent), new java.util.HashSet<>(got), story);
            assertEquals(List.of("a0", "a1", "a2", "a3"), got.stream().filter(t -> t.startsWith("a")).toList(),
                    "conversation a in order: " + story);
            assertEquals(List.of("b0", "b1", "b2", "b3"), got.stream().filter(t -> t.startsWith("b")).toList(),
                    "conversation b in order: " + story);
            assertEquals(7, retrying.size(), "one retrying status per failed try");
            // backoff after tries 1, 2, 3 is 75–125, 150–250, 225–300 ms: three failed tries of one delivery
            // cannot all wait within 250 ms in place, so its record was given back and read again at least once
            assertTrue(retrying.stream().anyMatch(r -> data(r).path("attempts").asInt() >= 3),
                    "7 failures over 2 conversations: one delivery failed three times or more: " + story);
            // and the group's offsets reach the end of every partition: nothing is left to read again
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                    "bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
                long deadline = System.currentTimeMillis() + 10_000;
                long committed;
                long end;
                do {
                    Thread.sleep(200);
                    var offsets = admin.listConsumerGroupOffsets(p.get("bridge.kafka.group-prefix") + "-tencent")
                            .partitionsToOffsetAndMetadata().get();
                    committed = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                            .mapToLong(e -> e.getValue().offset()).sum();
                    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                    for (int part = 0; part < 3; part++) {
                        latest.put(new TopicPartition(topic, part), org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                    end = admin.listOffsets(latest).all().get().values().stream()
                            .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset)
                            .sum();
                } while (committed != end && System.currentTimeMillis() < deadline);
                assertEquals(8, end);
                assertEquals(end, committed, "the group committed every record once delivered");
            }
        }
    }

    /** A canonical message event as a producer outside the bridge writes it (no imtargets: bridge.route.bus). */
    static ProducerRecord<String, byte[]> outside(String topic, String key, String recipient, String text)
            throws Exception {
        String id = io.imbridge.canonical.BridgeId.next();
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree("""
                {"schemaVersion":1,"id":"%s","source":{"vendor":"canonical","ids":{}},"sender":"alice",
                 "recipients":["%s"],"conversation":{"kind":"DIRECT"},"sentAt":1700000000000,
                 "receivedAt":1700000000000,"elements":[{"kind":"text","text":"%s"}],
                 "options":{},"vendorFields":{}}""".formatted(id, recipient, text));
        var event = io.cloudevents.core.builder.CloudEventBuilder.v1().withId(id)
                .withSource(URI.create("/erp/orders")).withType("im.message.v1")
                .withData("application/json", Json.write(m).getBytes(StandardCharsets.UTF_8)).build();
        return io.cloudevents.kafka.KafkaMessageFactory.createWriter(topic, null, null, key).writeBinary(event);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static JsonNode data(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static KafkaProducer<String, byte[]> producer() throws Exception {
        Properties c = new Properties();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(c);
    }

    /** The topic's records matching {@code which}, in offset order per partition, once {@code n} are there. */
    static List<ConsumerRecord<String, byte[]>> read(String topic, int n,
                                                     Predicate<ConsumerRecord<String, byte[]>> which) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            while (System.currentTimeMillis() < deadline) {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                out.clear();
                for (int empty = 0; empty < 3; ) {
                    var polled = consumer.poll(Duration.ofMillis(200));
                    if (polled.isEmpty()) {
                        empty++;
                    }
                    polled.forEach(r -> {
                        if (which.test(r)) {
                            out.add(r);
                        }
                    });
                }
                if (out.size() >= n) {
                    return out;
                }
                Thread.sleep(300);
            }
        }
        throw new AssertionError("fewer than " + n + " records on " + topic + ": " + out.size());
    }

    static List<String> awaitTexts(RunningBridge b, String vendor, int n) throws Exception {
        awaitCount(b, vendor, n);
        Thread.sleep(500);
        List<String> got = new ArrayList<>();
        b.received(vendor).forEach(r -> got.add(
                r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
        return got;
    }

    static void awaitCount(RunningBridge b, String vendor, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (b.received(vendor).size() < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(vendor + " received " + b.received(vendor).size() + " of " + n);
            }
            Thread.sleep(100);
        }
    }
}
