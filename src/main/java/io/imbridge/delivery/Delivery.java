package io.imbridge.delivery;

import java.util.List;

import org.apache.camel.Exchange;

import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.provider.Exchanges;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.Role;

/**
 * A message's delivery to one target while it crosses the routes: the one exchange property
 * ({@link Exchanges#DELIVERY}) of the core's state. Immutable: a step that changes it sets a new one, so the
 * exchanges a split or a wire tap copies never share a change (only the {@link Handoff}, which is made for sharing).
 *
 * @param target     the provider delivered to (null until the route is planned)
 * @param role       why it is delivered
 * @param attempts   tries made at the target so far (each pass through the provider's delivery route counts)
 * @param answerBy   epoch ms by which the caller must be answered whatever the target does (0: it waits)
 * @param retryUntil epoch ms after which a primary is not tried again while its caller waits (a delivery from the
 *                   bus: is not tried again in place, but its record read again)
 * @param status     IN_FLIGHT while tried, QUEUED when it was queued instead (the caller is answered "accepted"),
 *                   DELIVERED once the target accepted
 * @param entry      the queue entry being tried (null for a delivery the caller waits for)
 * @param next       what becomes of a failed queue entry
 * @param earlier    receipts of the calls an earlier try got accepted (a message of several calls)
 * @param multiCall  whether the message needs several calls at the target
 * @param handoff    where a caller answered by {@code answerBy} waits for the outcome (null when it simply waits)
 */
public record Delivery(String target, Role role, int attempts, long answerBy, long retryUntil, DeliveryStatus status,
                       QueueEntry entry, Next next, List<DeliveryReceipt> earlier, boolean multiCall,
                       Handoff handoff) {

    /** After a queue entry's failed try: rescheduled in place, queued again (the body is the entry), dead. */
    public enum Next { KEPT, QUEUE, DEAD }

    /** Exchange property: the delivery's next step's name, for the routes' choices. */
    public static final String NEXT = "bridge.delivery.next";
    /** Exchange property for the routes' choices: the caller is answered by a time (a {@link Handoff}; a Boolean). */
    public static final String ANSWERED_BY_A_TIME = "bridge.delivery.answered-by-a-time";

    /** A caller that must be answered by {@code answerBy}; its primary is planned later. */
    public static Delivery answering(long answerBy) {
        return new Delivery(null, Role.PRIMARY, 0, answerBy, 0, DeliveryStatus.IN_FLIGHT, null, null, List.of(), false,
                new Handoff());
    }

    /** The primary's delivery, tried again until {@code retryUntil}; keeps an earlier {@link #answering} caller's. */
    public static Delivery primary(String target, long retryUntil, Delivery early) {
        return new Delivery(target, Role.PRIMARY, 0, early == null ? 0 : early.answerBy, retryUntil,
                DeliveryStatus.IN_FLIGHT, null, null, List.of(), false, early == null ? null : early.handoff);
    }

    public static Delivery of(QueueEntry entry) {
        return new Delivery(entry.target(), entry.role(), entry.attempts(), 0, 0, DeliveryStatus.IN_FLIGHT, entry, null,
                List.of(), false, null);
    }

    /** The exchange's delivery, or null before one is planned. */
    public static Delivery on(Exchange exchange) {
        return exchange.getProperty(Exchanges.DELIVERY, Delivery.class);
    }

    /**
     * Puts the delivery on the exchange, and its next step as the plain property {@code bridge.delivery.next}, which
     * routes test: a method call on the record in a simple expression would have Camel introspect it per exchange.
     */
    public Delivery put(Exchange exchange) {
        exchange.setProperty(Exchanges.DELIVERY, this);
        exchange.setProperty(NEXT, next == null ? null : next.name());
        exchange.setProperty(ANSWERED_BY_A_TIME, handoff != null);
        return this;
    }

    public Delivery withAttempts(int n) {
        return new Delivery(target, role, n, answerBy, retryUntil, status, entry, next, earlier, multiCall, handoff);
    }

    public Delivery withStatus(DeliveryStatus s) {
        return new Delivery(target, role, attempts, answerBy, retryUntil, s, entry, next, earlier, multiCall, handoff);
    }

    public Delivery withNext(Next n) {
        return new Delivery(target, role, attempts, answerBy, retryUntil, status, entry, n, earlier, multiCall, handoff);
    }

    /** The entry of the next try (a bus delivery retried in place). */
    public Delivery withEntry(QueueEntry e) {
        return new Delivery(target, role, attempts, answerBy, retryUntil, status, e, next, earlier, multiCall, handoff);
    }

    public Delivery withRetryUntil(long epochMs) {
        return new Delivery(target, role, attempts, answerBy, epochMs, status, entry, next, earlier, multiCall, handoff);
    }

    public Delivery withCalls(List<DeliveryReceipt> earlierReceipts, boolean several) {
        return new Delivery(target, role, attempts, answerBy, retryUntil, status, entry, next,
                List.copyOf(earlierReceipts), several, handoff);
    }

    public boolean queued() {
        return status == DeliveryStatus.QUEUED;
    }
}
