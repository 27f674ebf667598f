package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.OnCamelContextStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.observe.Failures;
import io.imbridge.routing.Backoff;
import io.imbridge.routing.Router;
import io.imbridge.vendor.Exchanges;

/**
 * The durable delivery queue in the bridge database: mirrors, primaries whose caller was answered anyway (Tencent
 * webhook under allow), deliveries recovered after a crash and re-driven dead letters. Entries are taken when due,
 * tried, and on a transient failure (or a configuration fault, which an operator may fix) put back with backoff (honouring Retry-After) for up to
 * {@code bridge.delivery.max-age-ms} (24 h); a permanent failure or an expired entry becomes a dead letter. Routes
 * reach it through {@code bridge.queue.endpoint} (the embedded queue is {@code direct:delivery-queue}).
 */
@BindToRegistry("deliveryQueue")
public class DeliveryQueue implements OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    /** An entry being tried is leased this long; a crash mid-try makes it due again afterwards. */
    static final long LEASE_MS = 120_000;

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messages")
    MessageStore messages;

    @PropertyInject(value = "bridge.delivery.max-age-ms", defaultValue = "86400000")
    long maxAgeMs;
    @PropertyInject(value = "bridge.delivery.retry-base-ms", defaultValue = "500")
    long baseMs;
    @PropertyInject(value = "bridge.delivery.retry-cap-ms", defaultValue = "600000")
    long capMs;
    @PropertyInject(value = "bridge.queue.batch", defaultValue = "50")
    int batch;

    /** One queued delivery. */
    public record Entry(long id, String messageId, String target, String role, int attempts, long firstAt) {
    }

    /** Queues the message for each mirror (property bridge.mirrors) or for {@code bridge.target} with its role. */
    public void enqueue(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        long now = System.currentTimeMillis();
        List<?> mirrors = exchange.getProperty(Router.MIRRORS, List.class);
        String role = exchange.getProperty("bridge.role", String.class);
        if (role == null && mirrors != null) {
            for (Object target : mirrors) {
                insert(m.id(), target.toString(), "mirror", 0, now);
            }
        } else {
            insert(m.id(), exchange.getProperty(Exchanges.TARGET, String.class), role == null ? "retry" : role,
                    exchange.getProperty(Router.ATTEMPTS, 0, Integer.class), now);
        }
    }

    private void insert(String messageId, String target, String role, int attempts, long now) {
        db.update("INSERT INTO delivery_queue (message_id, target, role, attempts, not_before, first_at, leased_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0)", messageId, target, role, attempts, now, now);
        db.update("MERGE INTO deliveries (message_id, target, role, status, attempts, updated_at) KEY (message_id, target)"
                + " VALUES (?, ?, ?, 'queued', ?, ?)", messageId, target, role, attempts, now);
    }

    /** Takes the entries that are due, leasing them so no other poll takes them meanwhile. */
    public List<Entry> due() {
        long now = System.currentTimeMillis();
        List<Entry> candidates = db.query("SELECT id, message_id, target, role, attempts, first_at FROM delivery_queue"
                        + " WHERE not_before <= ? AND leased_until < ? ORDER BY id LIMIT ?",
                rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getLong(6)), now, now, batch);
        return candidates.stream().filter(e -> db.update("UPDATE delivery_queue SET leased_until = ? WHERE id = ?"
                + " AND leased_until < ?", now + LEASE_MS, e.id(), now) == 1).toList();
    }

    /** Puts a taken entry's message and target on the exchange for the delivery route. */
    public void prepare(Exchange exchange) {
        Entry e = exchange.getMessage().getBody(Entry.class);
        CanonicalMessage m = messages.load(e.messageId());
        exchange.setProperty("bridge.queueEntry", e);
        exchange.setProperty(Exchanges.MESSAGE, m);
        exchange.setProperty(Exchanges.SOURCE, m == null ? null : m.source().vendor());
        exchange.setProperty(Exchanges.TARGET, e.target());
        exchange.setProperty("bridge.role", e.role());
        exchange.setProperty(Router.ATTEMPTS, e.attempts());
    }

    /** The target accepted: the entry is done. */
    public void done(Exchange exchange) {
        Entry e = exchange.getProperty("bridge.queueEntry", Entry.class);
        db.update("DELETE FROM delivery_queue WHERE id = ?", e.id());
    }

    /**
     * The target failed: a transient failure within the entry's age is tried again later; anything else is a dead
     * letter (the route sends it there when this answers false).
     */
    public boolean retryLater(Exchange exchange) {
        Entry e = exchange.getProperty("bridge.queueEntry", Entry.class);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BridgeException failure = Failures.of(caught);
        int attempts = exchange.getProperty(Router.ATTEMPTS, e.attempts() + 1, Integer.class);
        long now = System.currentTimeMillis();
        long wait = Backoff.delayMs(attempts, baseMs, capMs, Backoff.retryAfterMs(exchange));
        // in the queue a configuration fault is worth waiting for too (a target restarting, a setting being fixed)
        boolean worthRetrying = failure.category().retriable()
                || failure.category() == io.imbridge.canonical.ErrorCategory.BRIDGE_CONFIG;
        if (worthRetrying && now + wait - e.firstAt() < maxAgeMs) {
            db.update("UPDATE delivery_queue SET attempts = ?, not_before = ?, leased_until = 0 WHERE id = ?",
                    attempts, now + wait, e.id());
            messages.pending(exchange);
            LOG.info("message id={} target={} retry={} in {} ms after {}", e.messageId(), e.target(), attempts, wait,
                    failure.category().label());
            return true;
        }
        db.update("DELETE FROM delivery_queue WHERE id = ?", e.id());
        return false;
    }

    /** Entries still queued (for operations and tests). */
    public int size() {
        return db.query("SELECT COUNT(*) FROM delivery_queue", rs -> rs.getInt(1)).get(0);
    }

    /**
     * At start: a primary delivery that was under way when the process died is queued again (the targets that can
     * deduplicate see the same ids), and leases of a dead process are released.
     */
    @Override
    public void onContextStarted(CamelContext context) {
        long now = System.currentTimeMillis();
        db.update("UPDATE delivery_queue SET leased_until = 0");
        List<String[]> stuck = db.query("SELECT message_id, target, attempts FROM deliveries WHERE status = 'in-flight'",
                rs -> new String[]{rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3))});
        for (String[] s : stuck) {
            insert(s[0], s[1], "recovered", Integer.parseInt(s[2]), now);
            // its mirrors were to be queued after the primary: queue them now, by the current routes
            String source = db.query("SELECT source FROM messages WHERE id = ?", rs -> rs.getString(1), s[0]).get(0);
            String routes = context.getPropertiesComponent().resolveProperty("bridge.route." + source).orElse("");
            for (String t : routes.split(",")) {
                String mirror = t.trim();
                if (!mirror.isEmpty() && !mirror.equals(s[1]) && db.query("SELECT 1 FROM deliveries WHERE message_id = ?"
                        + " AND target = ?", rs -> 1, s[0], mirror).isEmpty()) {
                    insert(s[0], mirror, "mirror", 0, now);
                }
            }
        }
        if (!stuck.isEmpty()) {
            LOG.warn("{} deliveries under way at the last stop are queued again", stuck.size());
        }
    }
}
