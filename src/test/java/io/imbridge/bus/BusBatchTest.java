package io.imbridge.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A batch's lanes, commits and set-backs against a real consumer of the in-process KRaft broker: lanes per
 * conversation in offset order, each partition committed up to its first record not done and the consumer set back
 * to it, and records the consumer no longer owns (a partition taken away, a position set back) left alone.
 */
class BusBatchTest {

    @AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    @Test
    void aBatchCommitsEachPartitionUpToItsFirstRecordNotDoneAndReadsThatOneAgain() throws Exception {
        String brokers = EmbeddedKafka.bootstrapServers();
        String topic = topic(brokers, "batch", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (KafkaProducer<String, byte[]> producer = BusTest.producer()) {
            // partition 0: conversations a and b interleaved; partition 1: conversation c
            for (String key : List.of("a", "b", "a", "b")) {
                producer.send(new ProducerRecord<>(topic, 0, key, key.getBytes(StandardCharsets.UTF_8))).get();
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "c", ("c" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers, topic + "-group");
             DefaultCamelContext camel = new DefaultCamelContext()) {
            consumer.assign(List.of(p0, p1));
            consumer.seekToBeginning(List.of(p0, p1));
            List<Exchange> polled = new ArrayList<>();
            while (polled.size() < 7) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    polled.add(exchange(camel, consumer, r));
                }
            }

            BusBatch batch = BusBatch.of(polled, r -> !r.key().equals("b"), new BusBatch.SetBacks()); // b is for another target
            List<BusBatch.Lane> lanes = batch.lanes();
            assertEquals(List.of("a", "a"), keys(lanes.get(0)));
            assertEquals(List.of(0L, 2L), offsets(lanes.get(0)), "a lane holds its conversation in offset order");
            assertEquals(List.of(0L, 1L, 2L), offsets(lanes.get(1)));
            assertEquals(2, lanes.size(), "b's records are done already: not for this target");

            // a's first record delivered, its second given back; c all delivered
            batch.done(lanes.get(0).items().get(0));
            lanes.get(1).items().forEach(batch::done);
            BusBatch.Settled settled = batch.settle();
            assertEquals(2 + 3, settled.committed(), "p0: a0 and b1 (offsets 0, 1); p1: c0–c2");
            assertEquals(2, settled.again(), "p0 from offset 2: a1 and b2 (done, but after it)");
            var committed = consumer.committed(Set.of(p0, p1));
            assertEquals(2, committed.get(p0).offset(), "p0 committed up to its first record not done");
            assertEquals(3, committed.get(p1).offset(), "p1 committed past its last record");
            assertEquals(2, consumer.position(p0), "the consumer is set back to a's given-back record");

            // the same records again (camel-kafka may keep them past a set-back): p0's from offset 2 are no longer
            // this batch's to handle, p1's are all below its position
            BusBatch stale = BusBatch.of(polled, r -> true, new BusBatch.SetBacks());
            assertEquals(List.of(0L, 1L), stale.items().stream().filter(i -> i.record().partition() == 0)
                    .map(i -> i.record().offset()).toList(), "p0's records from the set-back on are not live");

            // a partition taken away (a rebalance): none of its records is live
            consumer.assign(List.of(p1));
            BusBatch after = BusBatch.of(polled, r -> true, new BusBatch.SetBacks());
            assertEquals(Set.of(1), after.items().stream().map(i -> i.record().partition())
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    /**
     * camel-kafka hands a batch to the route before it adds the records of the poll that released it: after a batch
     * gives a record back, the next batch holds records fetched before the set-back. By the time it runs, the read
     * again has moved the position past them — they must still not be taken, or a later record of the
     * conversation would be tried before the one given back.
     */
    @Test
    void recordsFetchedBeforeASetBackAreNotTakenWhenTheReadAgainHasPassedThem() throws Exception {
        String brokers = EmbeddedKafka.bootstrapServers();
        String topic = topic(brokers, "setback", 1);
        TopicPartition p0 = new TopicPartition(topic, 0);
        try (KafkaProducer<String, byte[]> producer = BusTest.producer()) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "b", ("b" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        Properties two = new Properties();
        two.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2");
        try (KafkaConsumer<String, byte[]> consumer = consumer(brokers, topic + "-group", two);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            consumer.assign(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            BusBatch.SetBacks setBacks = new BusBatch.SetBacks();
            List<Exchange> first = poll(camel, consumer, 2);   // b0, b1: the batch
            List<Exchange> fetched = poll(camel, consumer, 2); // b2, b3: the poll that released it

            BusBatch batch = BusBatch.of(first, r -> true, setBacks);
            assertEquals(List.of(0L, 1L), offsets(batch.lanes().get(0)));
            batch.settle(); // b0 not done: given back, the consumer set back to offset 0
            assertEquals(0, consumer.position(p0));

            List<Exchange> readAgain = poll(camel, consumer, 2); // b0, b1 again: the position passes b1
            readAgain.addAll(poll(camel, consumer, 2));           // b2, b3 again: the position passes b3
            assertEquals(4, consumer.position(p0));
            BusBatch next = BusBatch.of(fetched, r -> true, setBacks);
            assertEquals(List.of(), next.lanes(), "b2 and b3 as fetched before the set-back are not taken");
            next.settle();
            assertEquals(4, consumer.position(p0), "nor set back again");

            BusBatch again = BusBatch.of(readAgain, r -> true, setBacks);
            assertEquals(List.of(0L, 1L, 2L, 3L), offsets(again.lanes().get(0)), "read again: the lane from b0");
            again.lanes().get(0).items().forEach(again::done);
            again.settle();
            assertEquals(4, consumer.committed(Set.of(p0)).get(p0).offset());

            // once the read again has begun, a batch takes the partition's records as before
            BusBatch later = BusBatch.of(readAgain, r -> true, setBacks);
            assertEquals(4, later.items().size());
        }
    }

    /** A topic of this test's own, with this many partitions. */
    private static String topic(String brokers, String prefix, int partitions) throws Exception {
        String topic = prefix + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    private static List<Exchange> poll(DefaultCamelContext camel, KafkaConsumer<String, byte[]> consumer, int n) {
        List<Exchange> polled = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (polled.size() < n && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                polled.add(exchange(camel, consumer, r));
            }
        }
        assertEquals(n, polled.size());
        return polled;
    }

    /** The exchange camel-kafka's batching consumer makes of a record, with its manual commit. */
    private static Exchange exchange(DefaultCamelContext camel, KafkaConsumer<String, byte[]> consumer,
                                     ConsumerRecord<String, byte[]> r) {
        Exchange ex = new DefaultExchange(camel);
        var m = ex.getMessage();
        m.setBody(r.value());
        m.setHeader(KafkaConstants.TOPIC, r.topic());
        m.setHeader(KafkaConstants.PARTITION, r.partition());
        m.setHeader(KafkaConstants.OFFSET, r.offset());
        m.setHeader(KafkaConstants.TIMESTAMP, r.timestamp());
        m.setHeader(KafkaConstants.KEY, r.key());
        m.setHeader(KafkaConstants.HEADERS, r.headers());
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        m.setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(ex, consumer, "test", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(tp, r.offset(), 10_000), null));
        return ex;
    }

    private static KafkaConsumer<String, byte[]> consumer(String brokers, String group) {
        return consumer(brokers, group, new Properties());
    }

    private static KafkaConsumer<String, byte[]> consumer(String brokers, String group, Properties more) {
        Properties c = new Properties();
        c.putAll(more);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    private static List<String> keys(BusBatch.Lane lane) {
        return lane.items().stream().map(i -> i.record().key()).toList();
    }

    private static List<Long> offsets(BusBatch.Lane lane) {
        return lane.items().stream().map(i -> i.record().offset()).toList();
    }
}
