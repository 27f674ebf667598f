package io.imbridge.store;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Backoff;
import io.imbridge.support.ContextBean;
import io.imbridge.provider.Exchanges;

/**
 * The delivery queue: mirrors, primaries whose caller was answered anyway (Tencent webhook, rate limits), deliveries
 * recovered after a crash and re-driven dead letters. A queued delivery is an {@link Entry} (JSON, with the whole
 * canonical message, so any bridge instance can deliver it) sent to {@code bridge.queue.endpoint}: the embedded
 * durable queue in the bridge database ({@code direct:delivery-queue}, polled) or a Kafka topic. Entries are tried
 * when due; a transient failure (or a configuration fault, which an operator may fix) is queued again with backoff
 * (honouring Retry-After) for up to {@code bridge.delivery.max-age-ms}; anything else becomes a dead letter.
 */
@BindToRegistry("deliveryQueue")
public class DeliveryQueue extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    /** An entry handed to its target's consumers is leased this long; after a crash it is due again. */
    static final long LEASE_MS = 600_000;
    static final String EMBEDDED = "direct:delivery-queue";

    /** Rows written before this instance existed were written by an earlier process. */
    private final long createdAt = System.currentTimeMillis();

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messages")
    MessageStore messages;
    @BeanInject("deliveredCalls")
    DeliveredCalls deliveredCalls;
    @BeanInject("pacing")
    io.imbridge.provider.TargetPacing pacing;

    @PropertyInject(value = "bridge.delivery.max-age-ms", defaultValue = "86400000")
    long maxAgeMs;
    @PropertyInject(value = "bridge.delivery.retry-base-ms", defaultValue = "500")
    long baseMs;
    @PropertyInject(value = "bridge.delivery.retry-cap-ms", defaultValue = "600000")
    long capMs;
    @PropertyInject(value = "bridge.queue.batch", defaultValue = "50")
    int batch;
    /** Entries of one target handed on and not finished: a slow target gets no more, the others go on. */
    @PropertyInject(value = "bridge.queue.per-target-in-flight", defaultValue = "50")
    int perTargetInFlight;

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The longest a consumer of a queue without delays (Kafka) holds an entry that is not yet due. */
    @PropertyInject(value = "bridge.queue.max-hold-ms", defaultValue = "30000")
    long maxHoldMs;

    /**
     * One queued delivery.
     *
     * @param rowId     the embedded queue's row, or 0 (Kafka)
     * @param notBefore epoch ms before which it is not tried
     * @param firstAt   when it was first queued (its age counts from here)
     */
    public record Entry(long rowId, String messageId, String target, String role, int attempts, long notBefore,
                        long firstAt, CanonicalMessage message) {
    }

    // ---- producing entries -----------------------------------------------------------------------------------

    /** The entries for the message's mirrors (property bridge.mirrors), as JSON for the queue endpoint. */
    public List<String> mirrorEntries(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        boolean resumed = exchange.getProperty(Exchanges.RESUMED, false, Boolean.class);
        for (Object target : exchange.getProperty(Exchanges.MIRRORS, List.class)) {
            if (resumed && messages.hasDelivery(m.id(), target.toString())) {
                continue; // a resumed message's mirror is already queued, under way or done
            }
            out.add(Json.write(new Entry(0, m.id(), target.toString(), "mirror", 0, now, now, m)));
            markQueued(m.id(), target.toString(), "mirror", 0, now);
        }
        return out;
    }

    /** Queues {@code m} for {@code target} through the configured endpoint. */
    public void queue(CanonicalMessage m, String target, String role, int attempts) {
        long now = System.currentTimeMillis();
        markQueued(m.id(), target, role, attempts, now);
        template().sendBody(property("bridge.queue.endpoint", EMBEDDED),
                Json.write(new Entry(0, m.id(), target, role, attempts, now, now, m)));
    }

    /** The route step: queues the exchange's message for its {@code bridge.target} and role. */
    public void queueExchange(Exchange exchange) {
        queue(Exchanges.message(exchange), exchange.getProperty(Exchanges.TARGET, String.class),
                exchange.getProperty(Exchanges.ROLE, "retry", String.class),
                exchange.getProperty(Exchanges.ATTEMPTS, 0, Integer.class));
    }

    private void markQueued(String messageId, String target, String role, int attempts, long now) {
        db.update("MERGE INTO deliveries (message_id, target, role, status, attempts, updated_at) KEY (message_id, target)"
                + " VALUES (?, ?, ?, 'queued', ?, ?)", messageId, target, role, attempts, now);
    }

    // ---- the embedded queue ------------------------------------------------------------------------------------

    static final String INSERT = "INSERT INTO delivery_queue (message_id, target, role, attempts, not_before, first_at,"
            + " leased_until, conversation) VALUES (?, ?, ?, ?, ?, ?, 0, ?)";
    static final String ENTRY_COLUMNS = "SELECT q.id, q.message_id, q.target, q.role, q.attempts, q.not_before, q.first_at"
            + " FROM delivery_queue q";
    /**
     * Due, not leased, and the oldest of its conversation at its target: an entry behind another of the same
     * conversation (queued earlier, under way or waiting for its retry) waits for it.
     */
    static final String DUE = ENTRY_COLUMNS + " WHERE q.not_before <= ? AND q.leased_until < ? AND NOT EXISTS"
            + " (SELECT 1 FROM delivery_queue p WHERE p.target = q.target AND p.conversation = q.conversation"
            + " AND p.id < q.id) ORDER BY q.id LIMIT ?";
    /** The oldest entry of a conversation at a target. */
    static final String HEAD_OF_CONVERSATION = ENTRY_COLUMNS + " WHERE q.target = ? AND q.conversation = ?"
            + " ORDER BY q.id LIMIT 1";
    static final String LEASE = "UPDATE delivery_queue SET leased_until = ? WHERE id = ? AND leased_until < ?";

    /** {@code direct:delivery-queue}: keeps an entry in the bridge database (its message is there already). */
    public void store(String entryJson) {
        Entry e = read(entryJson);
        CanonicalMessage m = e.message() != null ? e.message() : messages.load(e.messageId());
        db.update(INSERT, e.messageId(), e.target(), e.role(), e.attempts(), e.notBefore(), e.firstAt(), conversationOf(m));
    }

    /** The conversation column: bounded whatever the parties' ids (null when the message is unknown). */
    static String conversationOf(CanonicalMessage m) {
        return m == null ? null : io.imbridge.provider.Digests.hex("SHA-256", m.conversationKey());
    }

    /**
     * Takes the embedded queue's due entries, leasing them so no other poll takes them meanwhile; a target that
     * already has {@code bridge.queue.per-target-in-flight} entries under way gets none this time. Per conversation
     * and target only the oldest entry is ever due, so a conversation's deliveries keep their order while
     * conversations and targets go on in parallel.
     */
    public List<String> due() {
        long now = System.currentTimeMillis();
        List<Entry> candidates = db.query(DUE, DeliveryQueue::entry, now, now, batch * 4);
        List<String> out = new ArrayList<>();
        for (Entry e : candidates) {
            var count = inFlight.computeIfAbsent(e.target(), t -> new java.util.concurrent.atomic.AtomicInteger());
            if (out.size() >= batch || count.get() >= perTargetInFlight) {
                continue;
            }
            if (db.update(LEASE, now + LEASE_MS, e.rowId(), now) == 1) {
                count.incrementAndGet();
                out.add(Json.write(e));
            }
        }
        return out;
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getLong(6),
                rs.getLong(7), null);
    }

    /**
     * After an entry is done, the next of its conversation is handed to its target's consumers at once (when due)
     * rather than at the next poll: a busy conversation is not held to one delivery per poll.
     */
    private void handOnNext(Entry done, CanonicalMessage m) {
        String conversation = conversationOf(m);
        if (done == null || done.rowId() <= 0 || conversation == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Entry next : db.query(HEAD_OF_CONVERSATION, DeliveryQueue::entry, done.target(), conversation)) {
            var count = inFlight.computeIfAbsent(next.target(), t -> new java.util.concurrent.atomic.AtomicInteger());
            if (next.notBefore() <= now && db.update(LEASE, now + LEASE_MS, next.rowId(), now) == 1) {
                count.incrementAndGet();
                template().sendBody("seda:delivery-queue-" + next.target() + "?size=100000", Json.write(next));
            }
        }
    }

    /** The target of an entry: each target has its own consumers (seda:delivery-queue-<target>). */
    public String targetOf(String entryJson) {
        return read(entryJson).target();
    }

    /** Entries in the embedded queue (for operations and tests). */
    public int size() {
        return db.query("SELECT COUNT(*) FROM delivery_queue", rs -> rs.getInt(1)).get(0);
    }

    // ---- trying an entry -----------------------------------------------------------------------------------------

    /** A consumer without delays (Kafka) holds an entry until it is due (at most bridge.queue.max-hold-ms). */
    public void awaitDue(String entryJson) throws InterruptedException {
        long wait = read(entryJson).notBefore() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(Math.min(wait, maxHoldMs));
        }
    }

    /** Puts an entry's message and target on the exchange for the delivery route. */
    public void prepare(Exchange exchange) {
        Entry e = read(exchange.getMessage().getBody(String.class));
        CanonicalMessage m = e.message() != null ? e.message() : messages.load(e.messageId());
        if (e.message() != null) {
            // an entry from another instance: this one's ID map learns the message too
            db.insertIfAbsent("INSERT INTO messages (id, source, canonical, received_at) VALUES (?, ?, ?, ?)",
                    m.id(), m.source().vendor(), Json.write(m), m.receivedAt());
        }
        exchange.setProperty(Exchanges.QUEUE_ENTRY, e);
        exchange.setProperty(Exchanges.MESSAGE, m);
        exchange.setProperty(Exchanges.SOURCE, m == null ? null : m.source().vendor());
        exchange.setProperty(Exchanges.TARGET, e.target());
        exchange.setProperty(Exchanges.ROLE, e.role());
        exchange.setProperty(Exchanges.ATTEMPTS, e.attempts());
    }

    /**
     * Whether the entry's delivery is already recorded as accepted: a second entry for it (a recovery that could not
     * know whether the first was written, on a Kafka queue) is then dropped instead of delivered again.
     */
    public boolean alreadyDelivered(Exchange exchange) {
        Entry e = exchange.getProperty(Exchanges.QUEUE_ENTRY, Entry.class);
        boolean delivered = !db.query("SELECT 1 FROM deliveries WHERE message_id = ? AND target = ? AND status = 'delivered'",
                rs -> 1, e.messageId(), e.target()).isEmpty();
        if (delivered) {
            LOG.info("message id={} target={} already delivered: queue entry dropped", e.messageId(), e.target());
        }
        return delivered;
    }

    /** The target accepted: the entry is done. */
    public void done(Exchange exchange) {
        Entry e = exchange.getProperty(Exchanges.QUEUE_ENTRY, Entry.class);
        remove(e);
        handOnNext(e, Exchanges.message(exchange));
    }

    /**
     * The target failed. A transient failure (or a configuration fault) within the entry's age is tried again later;
     * anything else becomes a dead letter. Sets {@value Exchanges#NEXT_TRY}: {@code kept} (an embedded entry rescheduled in place,
     * in one statement, so a crash leaves it either as it was or as it will be), {@code queue} (the body is the next
     * entry, for the queue endpoint) or {@code dead} (the entry stays until the dead letter holds it).
     */
    public String nextTry(Exchange exchange) {
        Entry e = exchange.getProperty(Exchanges.QUEUE_ENTRY, Entry.class);
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        int attempts = exchange.getProperty(Exchanges.ATTEMPTS, e.attempts() + 1, Integer.class);
        long now = System.currentTimeMillis();
        long wait = Backoff.delayMs(attempts, baseMs, capMs, Backoff.retryAfterMs(exchange));
        if (failure.category() == ErrorCategory.RATE_LIMITED) {
            wait = Math.max(wait, pacing.slowDown(e.target(), Backoff.retryAfterMs(exchange)));
        }
        boolean worthRetrying = failure.category().retriable() || failure.category() == ErrorCategory.BRIDGE_CONFIG;
        if (!worthRetrying || now + wait - e.firstAt() >= maxAgeMs) {
            exchange.setProperty(Exchanges.NEXT_TRY, "dead");
            return null;
        }
        messages.pending(exchange);
        LOG.info("message id={} target={} retry={} in {} ms after {}", e.messageId(), e.target(), attempts, wait,
                failure.category().label());
        if (e.rowId() > 0) {
            db.update("UPDATE delivery_queue SET attempts = ?, not_before = ?, leased_until = 0 WHERE id = ?",
                    attempts, now + wait, e.rowId());
            released(e);
            exchange.setProperty(Exchanges.NEXT_TRY, "kept");
            return null;
        }
        exchange.setProperty(Exchanges.NEXT_TRY, "queue");
        return Json.write(new Entry(0, e.messageId(), e.target(), e.role(), attempts, now + wait, e.firstAt(),
                Exchanges.message(exchange)));
    }

    /** The statement that removes an embedded entry, for a caller's transaction; null for other entries. */
    static BridgeDatabase.Update removal(Entry e) {
        return e != null && e.rowId() > 0 ? new BridgeDatabase.Update("DELETE FROM delivery_queue WHERE id = ?", e.rowId())
                : null;
    }

    /** An embedded entry no longer under way here: its target may take another. */
    void released(Entry e) {
        if (e != null && e.rowId() > 0) {
            var count = inFlight.get(e.target());
            if (count != null) {
                count.decrementAndGet();
            }
        }
    }

    private void remove(Entry e) {
        if (e != null && e.rowId() > 0) {
            db.update("DELETE FROM delivery_queue WHERE id = ?", e.rowId());
            released(e);
        }
    }

    static Entry read(String json) {
        try {
            return Json.MAPPER.readValue(json, Entry.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not a queue entry", ex);
        }
    }

    /**
     * At start: leases of a dead process are released, and a primary delivery that was under way when the process
     * died is queued again, with its mirrors (by the current routes). Its ids are derived from the bridge id, so the
     * targets that deduplicate see it once.
     */
    public void recoverAfterStop() {
        db.update("UPDATE delivery_queue SET leased_until = 0");
        deliveredCalls.forgetOlderThan(createdAt - maxAgeMs);
        boolean embedded = EMBEDDED.equals(property("bridge.queue.endpoint", EMBEDDED));
        List<String[]> stuck = db.query("SELECT message_id, target, attempts FROM deliveries WHERE status = 'in-flight'",
                rs -> new String[]{rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3))});
        for (String[] s : stuck) {
            CanonicalMessage m = messages.load(s[0]);
            if (m == null) {
                continue;
            }
            queue(m, s[1], "recovered", Integer.parseInt(s[2]));
            for (String t : property("bridge.route." + m.source().vendor(), "").split(",")) {
                String mirror = t.trim();
                if (mirror.isEmpty() || mirror.equals(s[1])) {
                    continue;
                }
                List<String> state = db.query("SELECT status FROM deliveries WHERE message_id = ? AND target = ?",
                        rs -> rs.getString(1), s[0], mirror);
                // marked queued, but was it sent? The embedded queue knows (requeueUnstored); a Kafka topic can't be
                // asked, so it is sent again: a second entry is dropped once the first is delivered
                if (state.isEmpty() || (!embedded && "queued".equals(state.get(0)))) {
                    queue(m, mirror, "mirror", 0);
                }
            }
        }
        if (!stuck.isEmpty()) {
            LOG.warn("{} deliveries under way at the last stop are queued again", stuck.size());
        }
        if (embedded) {
            requeueUnstored();
        }
    }

    /**
     * A delivery marked queued (or pending) by the last process but with no row in the embedded queue: it died
     * between the two writes. Queued again; rows this process wrote are not looked at.
     */
    private void requeueUnstored() {
        List<String[]> lost = db.query("SELECT d.message_id, d.target, d.role, d.attempts FROM deliveries d"
                        + " WHERE d.status IN ('queued', 'pending') AND d.updated_at < ? AND NOT EXISTS"
                        + " (SELECT 1 FROM delivery_queue q WHERE q.message_id = d.message_id AND q.target = d.target)",
                rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), Integer.toString(rs.getInt(4))},
                createdAt);
        for (String[] l : lost) {
            CanonicalMessage m = messages.load(l[0]);
            if (m != null) {
                queue(m, l[1], l[2], Integer.parseInt(l[3]));
            }
        }
        if (!lost.isEmpty()) {
            LOG.warn("{} deliveries marked queued at the last stop but not yet in the queue are queued", lost.size());
        }
    }
}
