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
 * exchanges a split or a retry copies never share a change.
 *
 * @param target    the provider delivered to (null until the route is planned)
 * @param role      why it is delivered
 * @param attempts  tries made at the target so far (each pass through the provider's delivery route counts)
 * @param answerBy  epoch ms by which the caller must be answered whatever the target does (0: it waits)
 * @param status    IN_FLIGHT while tried, QUEUED when it was queued instead (the caller is answered "accepted"),
 *                  DELIVERED once the target accepted
 * @param entry     the queue entry being tried (null for a delivery the caller waits for)
 * @param next      what became of a failed queue entry
 * @param earlier   receipts of the calls an earlier try got accepted (a message of several calls)
 * @param multiCall whether the message needs several calls at the target
 */
public record Delivery(String target, Role role, int attempts, long answerBy, DeliveryStatus status,
                       QueueEntry entry, Next next, List<DeliveryReceipt> earlier, boolean multiCall) {

    /** After a queue entry's failed try: rescheduled in place, queued again (the body is the entry), dead. */
    public enum Next { KEPT, QUEUE, DEAD }

    public static Delivery primary(String target, long answerBy) {
        return new Delivery(target, Role.PRIMARY, 0, answerBy, DeliveryStatus.IN_FLIGHT, null, null, List.of(), false);
    }

    public static Delivery of(QueueEntry entry) {
        return new Delivery(entry.target(), entry.role(), entry.attempts(), 0, DeliveryStatus.IN_FLIGHT, entry, null,
                List.of(), false);
    }

    /** The exchange's delivery, or null before one is planned. */
    public static Delivery on(Exchange exchange) {
        return exchange.getProperty(Exchanges.DELIVERY, Delivery.class);
    }

    public Delivery put(Exchange exchange) {
        exchange.setProperty(Exchanges.DELIVERY, this);
        return this;
    }

    public Delivery withAttempts(int n) {
        return new Delivery(target, role, n, answerBy, status, entry, next, earlier, multiCall);
    }

    public Delivery withStatus(DeliveryStatus s) {
        return new Delivery(target, role, attempts, answerBy, s, entry, next, earlier, multiCall);
    }

    public Delivery withNext(Next n) {
        return new Delivery(target, role, attempts, answerBy, status, entry, n, earlier, multiCall);
    }

    public Delivery withCalls(List<DeliveryReceipt> earlierReceipts, boolean several) {
        return new Delivery(target, role, attempts, answerBy, status, entry, next, List.copyOf(earlierReceipts),
                several);
    }

    public boolean queued() {
        return status == DeliveryStatus.QUEUED;
    }
}
