package io.imbridge.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.bus.Bus.BusRecord;

/**
 * One batch of a consumer group's records, as camel-kafka's batching consumer hands them to a route, split into
 * lanes: one per conversation (partition and record key), each holding its records in offset order. The route
 * delivers the lanes in parallel and each lane's records one after another, so a conversation keeps its order while
 * the batch's deliveries share the store's commits, the HTTP connections and the status producer. Once every lane
 * has finished, {@link #settle} commits each partition's offset up to its first record not done and sets the
 * consumer back to that record, so it is read again, with every later record of its partition.
 *
 * <p>A record the consumer no longer owns is not live and is left alone: camel-kafka may keep records across polls
 * until a batch is full, and a rebalance or a seek in between hands them to another consumer or to a later read. A
 * record is live when its partition is still assigned to the consumer and its offset is below the consumer's
 * position there.
 */
public final class BusBatch {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.bus");
    private static final Comparator<BusRecord> OFFSET_ORDER = Comparator.comparing(BusRecord::topic)
            .thenComparingInt(BusRecord::partition).thenComparingLong(BusRecord::offset);

    /** A live record of the batch that the route handles; {@code slot} is its place among the batch's live records. */
    public record Item(BusRecord record, int slot) {
    }

    /** A conversation's records of the batch, in offset order (iterable, so a route splits it as it is). */
    public record Lane(String key, List<Item> items) implements Iterable<Item> {
        @Override
        public java.util.Iterator<Item> iterator() {
            return items.iterator();
        }
    }

    /** What {@link #settle} did: records committed past, and records to be read again. */
    public record Settled(int committed, int again) {
    }

    /**
     * Per consumer, the partitions a batch set back ({@link #settle}) while records beyond that batch had been fetched
     * already: camel-kafka hands a batch to the route before it adds the records of the poll that released it, so
     * those records, fetched before the set-back, come in the next batch ahead of the same records read again. Were
     * they taken, a later record of a conversation would be tried before the one given back (its position makes it
     * look live: the read again has passed it). One per {@link Bus}, used on each consumer's own thread.
     */
    public static final class SetBacks {
        /** Per consumer: the group generation of the set-back, and per partition the offsets fetched before it. */
        private final Map<Consumer<?, ?>, Fetched> byConsumer = Collections.synchronizedMap(new WeakHashMap<>());

        private record Fetched(int generation, Map<TopicPartition, long[]> partitions) {
        }

        /** The partitions set back by this consumer's last batches, none after a rebalance (new owners read again). */
        private Map<TopicPartition, long[]> of(Consumer<?, ?> consumer) {
            Fetched f = byConsumer.get(consumer);
            if (f == null || f.partitions().isEmpty()) {
                return Map.of();
            }
            if (f.generation() != consumer.groupMetadata().generationId()) {
                byConsumer.remove(consumer);
                return Map.of();
            }
            return f.partitions();
        }

        private void setBack(Consumer<?, ?> consumer, TopicPartition tp, long from, long to) {
            byConsumer.computeIfAbsent(consumer, c -> new Fetched(c.groupMetadata().generationId(),
                    new ConcurrentHashMap<>())).partitions().put(tp, new long[] {from, to});
        }
    }

    private final Consumer<?, ?> consumer;
    private final List<BusRecord> live;
    private final AtomicIntegerArray done;
    private final List<Lane> lanes;
    private final SetBacks setBacks;

    private BusBatch(Consumer<?, ?> consumer, List<BusRecord> live, AtomicIntegerArray done, List<Lane> lanes,
                     SetBacks setBacks) {
        this.consumer = consumer;
        this.live = live;
        this.done = done;
        this.lanes = lanes;
        this.setBacks = setBacks;
    }

    /**
     * The batch of a batching consumer's exchanges (one per record, in the order polled): its live records, each
     * once; those the route is to handle ({@code handled}) in lanes, the others done already. Runs on the consumer's
     * own thread (the first step of its route), which alone may ask the consumer for its assignment and position.
     */
    static BusBatch of(List<?> exchanges, Predicate<BusRecord> handled, SetBacks setBacks) {
        Consumer<?, ?> consumer = null;
        List<BusRecord> records = new ArrayList<>(exchanges.size());
        for (Object o : exchanges) {
            Exchange ex = (Exchange) o;
            if (consumer == null && ex.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT)
                    instanceof DefaultKafkaManualCommit manual) {
                consumer = manual.getConsumer();
            }
            records.add(BusRecord.of(ex));
        }
        if (consumer == null && !records.isEmpty()) {
            throw new IllegalStateException("a bus batch needs camel-kafka's manual commit (allowManualCommit)");
        }
        Set<TopicPartition> assigned = consumer == null ? Set.of() : consumer.assignment();
        Map<TopicPartition, long[]> setBack = consumer == null ? Map.of() : setBacks.of(consumer);
        Map<TopicPartition, Long> positions = new HashMap<>();
        List<BusRecord> polled = new ArrayList<>();
        for (BusRecord r : records) { // in the order polled
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long[] fetched = setBack.isEmpty() ? null : setBack.get(tp);
            if (fetched != null) {
                if (r.offset() >= fetched[0] && r.offset() < fetched[1]) {
                    continue; // fetched before its partition was set back: read again after
                }
                setBack.remove(tp); // the records read again begin here
            }
            Consumer<?, ?> c = consumer;
            if (assigned.contains(tp) && r.offset() < positions.computeIfAbsent(tp, c::position)) {
                polled.add(r);
            }
        }
        // one partition's records in offset order (a record read again after a seek may come after later ones), each
        // once (camel-kafka may hold a record kept from before the seek beside the same one read again)
        polled.sort(OFFSET_ORDER);
        List<BusRecord> live = new ArrayList<>(polled.size());
        for (BusRecord r : polled) {
            if (live.isEmpty() || OFFSET_ORDER.compare(live.get(live.size() - 1), r) != 0) {
                live.add(r);
            }
        }
        AtomicIntegerArray done = new AtomicIntegerArray(live.size());
        Map<String, List<Item>> byConversation = new LinkedHashMap<>();
        for (int i = 0; i < live.size(); i++) {
            BusRecord r = live.get(i);
            if (handled.test(r)) {
                byConversation.computeIfAbsent(r.topic() + "/" + r.partition() + "/" + r.key(), k -> new ArrayList<>())
                        .add(new Item(r, i));
            } else {
                done.set(i, 1); // not for this route: done already
            }
        }
        List<Lane> lanes = new ArrayList<>(byConversation.size());
        byConversation.forEach((k, items) -> lanes.add(new Lane(k, List.copyOf(items))));
        return new BusBatch(consumer, List.copyOf(live), done, List.copyOf(lanes), setBacks);
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** The handled records, lane after lane. */
    public List<Item> items() {
        return lanes.stream().flatMap(l -> l.items().stream()).toList();
    }

    /** The record is done with: delivered, a dead letter, or not for this consumer. */
    public void done(Item item) {
        done.set(item.slot(), 1);
    }

    /**
     * On the consumer's thread, once every lane has finished: per partition, commits the offset of the first record
     * not done (past the last record when all are), and sets the consumer back to that record. A commit the group
     * refuses (the partition was given to another consumer meanwhile) is logged: the new owner reads those records
     * again, and the store drops a second delivery of what was delivered.
     */
    public Settled settle() {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        int committed = 0;
        int again = 0;
        int i = 0;
        while (i < live.size()) {
            BusRecord first = live.get(i);
            TopicPartition tp = new TopicPartition(first.topic(), first.partition());
            int end = i;
            while (end < live.size() && live.get(end).partition() == first.partition()
                    && live.get(end).topic().equals(first.topic())) {
                end++;
            }
            int firstNotDone = i;
            while (firstNotDone < end && done.get(firstNotDone) == 1) {
                firstNotDone++;
            }
            committed += firstNotDone - i;
            if (firstNotDone > i) {
                long next = firstNotDone < end ? live.get(firstNotDone).offset() : live.get(end - 1).offset() + 1;
                commits.put(tp, new OffsetAndMetadata(next));
            }
            if (firstNotDone < end) {
                again += end - firstNotDone;
                long fetchedTo = consumer.position(tp);
                long batchEnd = live.get(end - 1).offset() + 1;
                consumer.seek(tp, live.get(firstNotDone).offset());
                if (fetchedTo > batchEnd) {
                    setBacks.setBack(consumer, tp, batchEnd, fetchedTo);
                }
            }
            i = end;
        }
        if (!commits.isEmpty()) {
            try {
                consumer.commitSync(commits);
            } catch (WakeupException | InterruptException stopping) {
                throw stopping;
            } catch (KafkaException e) {
                LOG.warn("bus: offsets {} not committed ({}); their records are read again", commits,
                        e.getMessage());
            }
        }
        return new Settled(committed, again);
    }
}
