package io.imbridge.bus;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.delivery.Delivery;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.support.ContextBean;

/**
 * Replay of the messages topic from a time or an offset: every record from there up to the topic's end (as it was
 * when the replay began) goes through the same delivery as the consumer groups' records ({@code direct:bus-deliver})
 * for each chosen target. A delivery the store has as made is not made again (its record is skipped): a replay
 * re-delivers what is not delivered — dead letters whose cause is fixed, deliveries that failed — without
 * duplicates. Runs in a consumer of its own, assigned every partition, outside the groups: their offsets stay.
 */
@BindToRegistry("busReplay")
public class BusReplay extends ContextBean {

    @BeanInject("bus")
    Bus bus;

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.bus");

    /** What a replay did, per outcome: {@code delivered}, {@code already-delivered}, {@code dead-letter}, … */
    public record Report(long records, Map<String, Long> outcomes) {
        /** The answer of the endpoint and the command: {@code {"targets", "records", "outcomes"}}. */
        public Map<String, Object> answer(List<String> targets) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("targets", targets);
            answer.put("records", records);
            answer.put("outcomes", outcomes);
            return answer;
        }
    }

    /**
     * A replay's start time as the endpoint and the command take it: epoch milliseconds, or an ISO-8601 instant with
     * its offset ({@code 2024-05-01T10:00:00Z}). Throws a {@link RuntimeException} on anything else.
     */
    public static long fromTimeMs(String time) {
        String v = time.trim();
        return v.matches("\\d+") ? Long.parseLong(v) : OffsetDateTime.parse(v).toInstant().toEpochMilli();
    }

    /**
     * Replays the messages topic for {@code targets}: from {@code fromOffset} of every partition when given, else
     * from the first record at or after {@code fromTimeMs}.
     */
    public Report replay(Long fromTimeMs, Long fromOffset, List<String> targets) {
        String topic = property("bridge.kafka.topic.messages", "");
        Duration timeout = Duration.ofMillis(Long.parseLong(property("bridge.kafka.api-timeout-ms", "30000")));
        Properties c = new Properties();
        c.putAll(KafkaClientSettings.of(getCamelContext()));
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long records = 0;
        Map<String, Long> outcomes = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            if (fromOffset != null) {
                partitions.forEach(tp -> consumer.seek(tp, Math.min(fromOffset, end.get(tp))));
            } else {
                Map<TopicPartition, Long> at = new HashMap<>();
                partitions.forEach(tp -> at.put(tp, fromTimeMs == null ? 0L : fromTimeMs));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at, timeout);
                partitions.forEach(tp -> consumer.seek(tp, found.get(tp) == null ? end.get(tp)
                        : found.get(tp).offset()));
            }
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            while (!open.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    records++;
                    for (String target : targets) {
                        outcomes.merge(deliver(r, target), 1L, Long::sum);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        }
        LOG.info("bus: replay of {} from {} for {}: {} records, {}", topic,
                fromOffset != null ? "offset " + fromOffset : "time " + fromTimeMs, targets, records, outcomes);
        return new Report(records, outcomes);
    }

    /** One record through the consumer groups' delivery for one target; what became of it. */
    private String deliver(ConsumerRecord<String, byte[]> r, String target) {
        Bus.BusRecord record = new Bus.BusRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                r.value(), r.headers());
        if (!bus.isFor(record, target)) {
            return "not-for-target";
        }
        Exchange done = template().send("direct:bus-deliver", ex -> {
            ex.getMessage().setBody(new BusBatch.Item(record, -1));
            ex.setProperty(Bus.TARGET, target);
        });
        Delivery d = Delivery.on(done);
        if (done.getException() != null) {
            return "not-delivered";
        }
        String skipped = done.getProperty(Bus.SKIPPED, String.class);
        if (skipped != null) {
            return skipped; // take made no delivery of it; any other record has one
        }
        if (d.status() == DeliveryStatus.DELIVERED) {
            return "delivered";
        }
        return d.next() == Delivery.Next.DEAD ? "dead-letter" : "not-delivered";
    }
}
