package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Backoff;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.DeliveredCallTable;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.InstanceTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.QueueTable;
import io.imbridge.store.Role;
import io.imbridge.support.ContextBean;

/**
 * The delivery queue: mirrors, primaries whose caller was answered anyway (Tencent webhook, rate limits), deliveries
 * recovered after a crash and re-driven dead letters. A queued delivery is a {@link QueueEntry} (JSON, with the whole
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
    /** With {@code bridge.bus=kafka} a queued delivery is an event on the bus's messages topic (routes/bus.yaml). */
    static final String BUS = "direct:bus-queue";

    /** Rows written before this instance existed were written by an earlier process. */
    private final long createdAt = System.currentTimeMillis();

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("instanceTable")
    InstanceTable instances;
    @BeanInject("queueTable")
    QueueTable table;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("deliveredCallTable")
    DeliveredCallTable deliveredCalls;
    @BeanInject("messageRecords")
    MessageRecords records;
    @BeanInject("router")
    Router router;
    @BeanInject("targetPacing")
    TargetPacing pacing;

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
    /** The longest a consumer of a queue without delays (Kafka) holds an entry that is not yet due. */
    /** A shared store's instance silent this long is taken for gone, and its work under way is taken over. */
    @PropertyInject(value = "bridge.store.instance-timeout-ms", defaultValue = "15000")
    long instanceTimeoutMs;
    @PropertyInject(value = "bridge.queue.max-hold-ms", defaultValue = "30000")
    long maxHoldMs;

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Registered among the store's instances (at start): only then does the heartbeat beat. */
    private volatile boolean joined;

    // ---- producing entries -----------------------------------------------------------------------------------

    /**
     * The entries for the message's mirrors (the plan's, recorded as queued with the message), as JSON for the queue
     * endpoint.
     */
    public List<String> mirrorEntries(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (String target : Router.planOf(exchange).mirrors()) {
            out.add(Json.write(new QueueEntry(0, m.id(), target, Role.MIRROR, 0, now, now, m)));
        }
        return out;
    }

    /** Queues {@code m} for {@code target} through the configured endpoint. */
    public void queue(CanonicalMessage m, String target, Role role, int attempts) {
        long now = System.currentTimeMillis();
        deliveries.set(m.id(), target, role, DeliveryStatus.QUEUED, attempts, null);
        template().sendBody(endpoint(), Json.write(new QueueEntry(0, m.id(), target, role, attempts, now, now, m)));
    }

    /** Where queued deliveries go: the bus's topic when {@code bridge.bus=kafka}, else {@code bridge.queue.endpoint}. */
    String endpoint() {
        return "kafka".equals(property("bridge.bus", "memory")) ? BUS : property("bridge.queue.endpoint", EMBEDDED);
    }

    /**
     * A primary delivery that failed while its caller was answered anyway (Tencent's webhook under the allow policy):
     * queued for the same retries as a mirror. Its failed try counts, so the next one is a resend.
     */
    public void queueFailedPrimary(Exchange exchange) {
        Router.Plan plan = Router.planOf(exchange);
        if (plan != null) {
            queue(Exchanges.message(exchange), plan.primary(), Role.RETRY, 1);
        }
    }

    // ---- the embedded queue ------------------------------------------------------------------------------------

    /** {@code direct:delivery-queue}: keeps an entry in the bridge database (its message is there already). */
    public void store(String entryJson) {
        QueueEntry e = read(entryJson);
        CanonicalMessage m = e.message() != null ? e.message() : messages.load(e.messageId());
        table.insert(e.messageId(), e.target(), e.role(), e.attempts(), e.notBefore(), e.firstAt(), conversationOf(m));
    }

    /**
     * The conversation column (the queue's, and a migration plan's): bounded whatever the parties' ids (null when the
     * message is unknown).
     */
    public static String conversationOf(CanonicalMessage m) {
        return m == null ? null : Digests.hex("SHA-256", m.conversationKey());
    }

    /**
     * Takes the embedded queue's due entries, leasing them so no other poll takes them meanwhile; a target that
     * already has {@code bridge.queue.per-target-in-flight} entries under way gets none this time. Per conversation
     * and target only the oldest entry is ever due, so a conversation's deliveries keep their order while
     * conversations and targets go on in parallel.
     */
    public List<String> due() {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (QueueTable.Row r : table.due(now, batch * 4)) {
            AtomicInteger count = inFlight.computeIfAbsent(r.target(), t -> new AtomicInteger());
            if (out.size() >= batch || count.get() >= perTargetInFlight) {
                continue;
            }
            if (table.lease(r.id(), now + LEASE_MS, now)) {
                count.incrementAndGet();
                out.add(Json.write(entry(r)));
            }
        }
        return out;
    }

    private static QueueEntry entry(QueueTable.Row r) {
        return new QueueEntry(r.id(), r.messageId(), r.target(), r.role(), r.attempts(), r.notBefore(), r.firstAt(),
                null);
    }

    /**
     * After an entry is done, the next of its conversation is handed to its target's consumers at once (when due)
     * rather than at the next poll: a busy conversation is not held to one delivery per poll.
     */
    private void handOnNext(QueueEntry done, CanonicalMessage m) {
        String conversation = conversationOf(m);
        if (done == null || done.rowId() <= 0 || conversation == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (QueueTable.Row next : table.headOf(done.target(), conversation)) {
            AtomicInteger count = inFlight.computeIfAbsent(next.target(), t -> new AtomicInteger());
            if (next.notBefore() <= now && table.lease(next.id(), now + LEASE_MS, now)) {
                count.incrementAndGet();
                template().sendBody("seda:delivery-queue-" + next.target() + "?size=100000", Json.write(entry(next)));
            }
        }
    }

    /** The target of an entry: each target has its own consumers (seda:delivery-queue-<target>). */
    public String targetOf(String entryJson) {
        return read(entryJson).target();
    }

    /** Entries in the embedded queue (for operations and tests). */
    public int size() {
        return table.size();
    }

    // ---- trying an entry -----------------------------------------------------------------------------------------

    /** A consumer without delays (Kafka) holds an entry until it is due (at most bridge.queue.max-hold-ms). */
    public void awaitDue(Exchange exchange) throws InterruptedException {
        long wait = entryOf(exchange).notBefore() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(Math.min(wait, maxHoldMs));
        }
    }

    /** Puts an entry's message and its delivery on the exchange for the delivery route. */
    public void prepare(Exchange exchange) {
        QueueEntry e = entryOf(exchange);
        CanonicalMessage m = e.message() != null ? e.message() : messages.load(e.messageId());
        if (e.message() != null) {
            // an entry from another instance or an event on the bus: recorded with its delivery's first write
            records.markUnrecorded(exchange, m);
        }
        exchange.setProperty(Exchanges.MESSAGE, m);
        exchange.setProperty(Exchanges.SOURCE, m == null ? null : m.source().vendor());
        Delivery.of(e).put(exchange);
    }

    /**
     * Whether the entry's delivery is already recorded as accepted: a second entry for it (a recovery that could not
     * know whether the first was written, on a Kafka queue) is then dropped instead of delivered again.
     */
    public boolean alreadyDelivered(Exchange exchange) {
        QueueEntry e = Delivery.on(exchange).entry();
        DeliveryStatus s = deliveries.status(e.messageId(), e.target());
        boolean closed = s != null && s.closed();
        if (closed) {
            LOG.info("message id={} target={} already {}: queue entry dropped", e.messageId(), e.target(), s.label());
        }
        return closed;
    }

    /** The target accepted: the entry is done. */
    public void done(Exchange exchange) {
        QueueEntry e = Delivery.on(exchange).entry();
        if (e != null && e.rowId() > 0) {
            table.delete(e.rowId());
            released(e);
        }
        handOnNext(e, Exchanges.message(exchange));
    }

    /**
     * The target failed. A transient failure (or a configuration fault) within the entry's age is tried again later;
     * anything else becomes a dead letter. The delivery's next step says which: {@code KEPT} (an embedded entry
     * rescheduled in place, in one statement, so a crash leaves it either as it was or as it will be), {@code QUEUE}
     * (the body is the next entry, for the queue endpoint) or {@code DEAD} (the entry stays until the dead letter
     * holds it).
     */
    public String nextTry(Exchange exchange) {
        records.recordIfUnrecorded(exchange);
        Delivery d = Delivery.on(exchange);
        QueueEntry e = d.entry();
        RetryPolicy.Decision retry = retryOf(exchange);
        if (!retry.retry()) {
            d.withAttempts(retry.attempts()).withNext(Delivery.Next.DEAD).put(exchange);
            return null;
        }
        int attempts = retry.attempts();
        long next = System.currentTimeMillis() + retry.waitMs();
        d.withAttempts(attempts).put(exchange);
        if (e.rowId() > 0) {
            // waiting for its next try, with the failure that made it wait (what the console's flow shows), and
            // its entry's next try, in one commit: a reader never sees one without the other
            db.atomically(deliveries.state(e.messageId(), e.target(), d.role(), DeliveryStatus.PENDING, attempts,
                    retry.failure()), table.rescheduling(e.rowId(), attempts, next));
            released(e);
            // the entry as it now stands (its next try's time, for the delivery's status)
            d.withAttempts(attempts).withEntry(e.retried(attempts, next)).withNext(Delivery.Next.KEPT).put(exchange);
            return null;
        }
        records.state(exchange, DeliveryStatus.PENDING, retry.failure());
        QueueEntry again = new QueueEntry(0, e.messageId(), e.target(), e.role(), attempts, next, e.firstAt(),
                Exchanges.message(exchange));
        d.withAttempts(attempts).withEntry(again).withNext(Delivery.Next.QUEUE).put(exchange);
        return Json.write(again);
    }

    /**
     * The retry rule of queued deliveries (the embedded queue's and the bus's), by the {@link RetryPolicy}: a
     * transient failure, or a configuration fault an operator may fix, is tried again with backoff while the entry is
     * younger than {@code bridge.delivery.max-age-ms}; anything else is dead.
     */
    public RetryPolicy.Decision retryOf(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        QueueEntry e = d.entry();
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        int attempts = Math.max(d.attempts(), e.attempts() + 1);
        Long retryAfter = Backoff.retryAfterMs(exchange);
        exchange.getMessage().removeHeader("Retry-After"); // this try's, not the next one's
        RetryPolicy.Decision next = new RetryPolicy(baseMs, capMs, true, 0)
                .decide(pacing, e.target(), attempts, failure, retryAfter, e.firstAt() + maxAgeMs);
        if (next.retry()) {
            LOG.info("message id={} target={} retry={} in {} ms after {}", e.messageId(), e.target(), attempts,
                    next.waitMs(), failure.category().label());
        }
        return next;
    }

    /** An embedded entry no longer under way here: its target may take another. */
    void released(QueueEntry e) {
        if (e != null && e.rowId() > 0) {
            AtomicInteger count = inFlight.get(e.target());
            if (count != null) {
                count.decrementAndGet();
            }
        }
    }

    /** The exchange's entry: as the bus's consumer made it, or as JSON from a queue. */
    static QueueEntry entryOf(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof QueueEntry e ? e
                : read(exchange.getMessage().getBody(String.class));
    }

    /** A queue entry from its JSON (the queue endpoint's body). */
    public static QueueEntry read(String json) {
        try {
            return Json.MAPPER.readValue(json, QueueEntry.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not a queue entry", ex);
        }
    }

    /**
     * At start: this process joins the store's instances, and takes over what gone instances left under way. On the
     * embedded file (one process at a time) every other instance is gone; on a shared store only those silent for
     * {@code bridge.store.instance-timeout-ms}.
     */
    public void recoverAfterStop() {
        long now = System.currentTimeMillis();
        instances.register(now);
        if (db.dialect().shared()) {
            instances.forgetStale(now - instanceTimeoutMs);
        } else {
            instances.forgetOthers();
        }
        deliveredCalls.forgetOlderThan(createdAt - maxAgeMs);
        takeOverOrphans();
        joined = true;
    }

    /**
     * The {@code store-instances} route's step on a shared store: this instance's heartbeat, and the work of
     * instances silent for {@code bridge.store.instance-timeout-ms} taken over — by exactly one survivor per row.
     */
    public void heartbeat() {
        if (!joined) {
            return; // the start's recovery registers this instance first
        }
        long now = System.currentTimeMillis();
        if (!instances.beat(now)) {
            LOG.warn("this instance was silent past bridge.store.instance-timeout-ms and was taken for gone: its"
                    + " deliveries under way may be made a second time by another instance");
        }
        if (db.dialect().shared()) {
            instances.forgetStale(now - instanceTimeoutMs);
            takeOverOrphans();
        }
    }

    /**
     * What gone instances left: their queue leases released (any instance may take those entries now), and a primary
     * delivery under way when its process died queued again, with its mirrors (by the current routes). Its ids are
     * derived from the bridge id, so the targets that deduplicate see it once.
     */
    private void takeOverOrphans() {
        table.releaseOrphanedLeases();
        String endpoint = endpoint();
        boolean embedded = EMBEDDED.equals(endpoint);
        int taken = 0;
        for (DeliveryTable.Row s : deliveries.orphanedInFlight(createdAt)) {
            CanonicalMessage m = messages.load(s.messageId());
            if (m == null || !takeOver(m, s, Role.RECOVERED, embedded)) {
                continue;
            }
            taken++;
            for (String mirror : router.configuredTargets(m.source().vendor())) {
                if (mirror.equals(s.target())) {
                    continue;
                }
                DeliveryStatus state = deliveries.status(s.messageId(), mirror);
                // marked queued, but was it sent? The embedded queue knows (below); a Kafka topic can't be asked, so
                // it is sent again: a second entry is dropped once the first is delivered
                if (state == null || (!embedded && state == DeliveryStatus.QUEUED)) {
                    queue(m, mirror, Role.MIRROR, 0);
                }
            }
        }
        if (taken > 0) {
            LOG.warn("{} deliveries under way when their process stopped are queued again", taken);
        }
        if (embedded || BUS.equals(endpoint)) {
            requeueUnstored(embedded);
        }
    }

    /**
     * A delivery a gone instance marked queued (or pending) but with no row in the embedded queue: it died between
     * the two writes. Queued again. On the bus a topic can't be asked whether its event was written (the instance may
     * have died between its commit and the broker's ack), so every such delivery is published again: a second event
     * of a delivery made is dropped ({@link #alreadyDelivered}).
     */
    private void requeueUnstored(boolean embedded) {
        int taken = 0;
        for (DeliveryTable.Row l : deliveries.orphanedWithoutEntry(createdAt)) {
            CanonicalMessage m = messages.load(l.messageId());
            if (m != null && takeOver(m, l, l.role(), embedded)) {
                taken++;
            }
        }
        if (taken > 0) {
            LOG.warn("{} deliveries marked queued when their process stopped but not yet in the queue are queued",
                    taken);
        }
    }

    /**
     * Takes an orphaned delivery over as this instance's queued one — unless another instance took it first — and
     * queues it: on the embedded queue in the same transaction, so a crash leaves it either orphaned or queued.
     */
    private boolean takeOver(CanonicalMessage m, DeliveryTable.Row orphan, Role role, boolean embedded) {
        long now = System.currentTimeMillis();
        int attempts = orphan.attempts();
        BridgeDatabase.Update claim = deliveries.takeOver(orphan, role, createdAt);
        if (embedded) {
            return db.transaction(tx -> tx.update(claim) == 1
                    && tx.update(table.insertion(m.id(), orphan.target(), role, attempts, now, now,
                            conversationOf(m))) == 1);
        }
        if (db.update(claim.sql(), claim.args()) != 1) {
            return false;
        }
        template().sendBody(endpoint(), Json.write(new QueueEntry(0, m.id(), orphan.target(), role, attempts, now, now, m)));
        return true;
    }
}
