package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.provider.Exchanges;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.support.ContextBean;

/**
 * Where a message's delivery is decided, in Java: how an accepted message goes on ({@link #accept}: a repeat answered
 * as before, an echo, the bus, or a delivery while its caller waits), and each try of a delivery ({@link #tryOnce}: the
 * message addressed for the target — its parties and its group as the target knows them — the target provider's
 * delivery route {@code direct:deliver-<target>} run on the delivery's exchange — its calls, throttle, wire call and
 * receipts, routes/templates.yaml — and its receipts made the delivery's report). The try's outcome is decided by the
 * delivery's policy, not by a loop of route steps. (docs/architecture.md tells the path end to end.)
 */
@BindToRegistry("deliveryEngine")
public class DeliveryEngine extends ContextBean {

    /** Exchange property for the bridge route's choice: how the accepted message goes on ({@link Way}'s name). */
    public static final String WAY = "bridge.plan.way";

    /** How an accepted message goes on. */
    public enum Way {
        /** a request answered before: its first reply is replayed, nothing is delivered */
        replay,
        /** a message the bridge delivered itself, come back: recorded and answered, not bridged again */
        echo,
        /** a source answered once its message is on the Kafka bus: every target delivered by the bus */
        bus,
        /** the caller waits for its primary; the mirrors are queued */
        sync
    }

    @BeanInject("primaryDelivery")
    PrimaryDelivery primary;
    @BeanInject("messageRecords")
    MessageRecords records;
    @BeanInject("router")
    Router router;
    @BeanInject("idempotency")
    Idempotency idempotency;
    @BeanInject("accountDirectory")
    AccountDirectory accounts;
    @BeanInject("groupDirectory")
    GroupDirectory groups;
    @BeanInject("deliveryQueue")
    DeliveryQueue queue;
    @BeanInject("recalls")
    Recalls recalls;

    /** How long a delivery from the bus is tried again in place before its record is given back. */
    @PropertyInject(value = "bridge.bus.retry-in-place-ms", defaultValue = "30000")
    long retryInPlaceMs;

    /** Each target's delivery route, resolved once. */
    private final Map<String, Endpoint> routes = new ConcurrentHashMap<>();

    /**
     * A message accepted from a caller (the exchange's {@link Exchanges#MESSAGE}): its request claimed (a repeat is
     * answered as before), an echo told apart, its targets planned, and — in one commit, before any delivery — the
     * message recorded with its ids and its deliveries' states. Sets {@link #WAY} for the route's choice, and what the
     * caller's reply names of the recipient.
     */
    public void accept(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(Exchanges.CLAIMED) == null) {
            idempotency.claim(exchange);
        }
        if (exchange.getProperty(Exchanges.REPLAY) != null) {
            exchange.setProperty(WAY, Way.replay.name());
            return;
        }
        accounts.recipientAliases(exchange);
        if (records.isEcho(exchange)) {
            exchange.setProperty(WAY, Way.echo.name());
            records.accepted(exchange);
            exchange.setProperty(Exchanges.REPORT, new DeliveryReport("none", List.of()));
            events().echo(exchange);
            return;
        }
        Router.Plan plan = router.plan(exchange);
        if (router.answersOnBus(exchange.getProperty(Exchanges.SOURCE, String.class))) {
            exchange.setProperty(WAY, Way.bus.name());
            queuedOnBus(exchange, plan.primary());
        } else {
            exchange.setProperty(WAY, Way.sync.name());
            primary.start(exchange);
        }
        records.accepted(exchange);
    }

    /**
     * A source answered on the bus: its primary too is delivered by the bus, so the message is queued for it (a
     * caller's retry of a message delivered before gets the earlier report).
     */
    private void queuedOnBus(Exchange exchange, String target) {
        CanonicalMessage m = Exchanges.message(exchange);
        boolean resumed = exchange.getProperty(Exchanges.RESUMED, false, Boolean.class);
        DeliveryStatus earlier = resumed ? records.status(m.id(), target) : null;
        DeliveryReport report = earlier == DeliveryStatus.DELIVERED ? records.deliveredReport(m.id(), target) : null;
        Delivery d = Delivery.primary(target, 0, Delivery.on(exchange))
                .withStatus(report != null ? DeliveryStatus.DELIVERED : earlier != null ? earlier : DeliveryStatus.QUEUED);
        PrimaryDelivery.report(exchange, d, report != null ? report : new DeliveryReport(target, List.of()));
    }

    /**
     * The primary's delivery while its caller waits: tried until the target accepts, the failure is permanent, or
     * the deadline leaves no time for another try (then the failure is the caller's, thrown; a rate-limited delivery
     * is queued instead: {@link PrimaryDelivery#failedTry}), then recorded with the target's ids, and handed to a
     * caller answered by a time ({@link PrimaryDelivery#handBack}).
     */
    public void deliverPrimary(Exchange exchange) throws Exception {
        while (primary.trying(exchange)) {
            Exception failure = tryOnce(exchange);
            if (failure == null) {
                primary.accepted(exchange);
                continue;
            }
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            primary.failedTry(exchange); // waits the backoff, queues a rate-limited delivery, or throws
            // tried again (now, or from the queue): the failed try is counted and kept for its journey
            events().retrying(exchange);
        }
        if (records.delivered(exchange)) {
            events().delivered(exchange);
        } else {
            recalls.deliveredAfterRecall(exchange);
        }
        primary.handBack(exchange);
    }

    /**
     * A queued delivery (the body its entry, from the embedded queue or a Kafka queue topic): an entry whose delivery
     * is already recorded (a second one after a recovery) is dropped; else tried once, and by the {@link RetryPolicy}
     * done, rescheduled ({@code KEPT}: an embedded entry, in place), queued again ({@code QUEUE}: the body is the next
     * entry, for the queue endpoint) or dead ({@code DEAD}: for the dead-letter route). The outcome is the delivery's
     * {@link Delivery#next()}, which the route tests.
     */
    public void deliverQueued(Exchange exchange) {
        queue.prepare(exchange);
        if (queue.alreadyDelivered(exchange)) {
            queue.done(exchange);
            return;
        }
        Exception failure = tryOnce(exchange);
        if (failure == null) {
            boolean recorded;
            try {
                recorded = records.delivered(exchange);
                queue.done(exchange);
            } catch (RuntimeException recording) {
                recorded = true;
                failure = recording; // not recorded: tried again like a failed try
            }
            if (failure == null) {
                if (recorded) {
                    events().delivered(exchange);
                } else {
                    recalls.deliveredAfterRecall(exchange);
                }
                return;
            }
        }
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        String again = queue.nextTry(exchange);
        Delivery.Next next = Delivery.on(exchange).next();
        if (next != Delivery.Next.DEAD) {
            events().retrying(exchange);
        }
        if (next == Delivery.Next.QUEUE) {
            exchange.getMessage().setBody(again);
        }
    }

    /**
     * A delivery from the bus (the body its entry): tried, and after a failed try that the {@link RetryPolicy} retries,
     * tried again in place — recorded as pending, its conversation waiting — until {@code bridge.bus.retry-in-place-ms}
     * has passed: then its record is given back ({@link RetryLater}: its lane stops and it is read again). A failure
     * not retried leaves the delivery {@code DEAD}, for the dead-letter route. Returns normally when the record's
     * offset may be committed.
     */
    public void deliverFromBus(Exchange exchange) throws InterruptedException {
        queue.prepare(exchange);
        long inPlaceUntil = System.currentTimeMillis() + retryInPlaceMs;
        while (true) {
            Exception failure = tryOnce(exchange);
            if (failure == null) {
                boolean recorded;
                try {
                    recorded = records.delivered(exchange);
                } catch (RuntimeException recording) {
                    recorded = true;
                    failure = recording; // not recorded: tried again like a failed try
                }
                if (failure == null) {
                    Delivery.on(exchange).withStatus(recorded ? DeliveryStatus.DELIVERED : DeliveryStatus.RECALLED)
                            .put(exchange);
                    if (recorded) {
                        events().delivered(exchange);
                    } else {
                        recalls.deliveredAfterRecall(exchange);
                    }
                    return;
                }
            }
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            records.recordIfUnrecorded(exchange);
            Delivery d = Delivery.on(exchange);
            QueueEntry e = d.entry();
            RetryPolicy.Decision retry = queue.retryOf(exchange);
            if (!retry.retry()) {
                d.withAttempts(retry.attempts()).withNext(Delivery.Next.DEAD).put(exchange);
                return;
            }
            long at = retry.nextAt();
            d = d.withAttempts(retry.attempts()).withEntry(e.retried(retry.attempts(), at))
                    .withNext(Delivery.Next.KEPT).put(exchange);
            records.state(exchange, DeliveryStatus.PENDING, retry.failure());
            events().retrying(exchange);
            long now = System.currentTimeMillis();
            if (at > inPlaceUntil) {
                Thread.sleep(Math.max(0, inPlaceUntil - now));
                throw new RetryLater("message " + e.messageId() + " to " + d.target() + ": tried " + d.attempts()
                        + " times; its record is read again");
            }
            Thread.sleep(Math.max(0, at - now));
            if (records.status(e.messageId(), d.target()) == DeliveryStatus.RECALLED) {
                d.withStatus(DeliveryStatus.RECALLED).put(exchange); // recalled while it waited: not tried again
                return;
            }
        }
    }

    /**
     * A message of a history migration run (prepared by the run): tried until the target accepts it, the failure is
     * permanent, or its tries are spent ({@link RetryPolicy}, by the run's rule), waiting between tries; each try is
     * recorded by the run before it is made, and its outcome after.
     */
    public void deliverInRun(Exchange exchange) throws InterruptedException {
        HistoryRun run = historyRun();
        while (run.again(exchange)) {
            Exception failure;
            try {
                run.trying(exchange);
                failure = tryOnce(exchange);
                if (failure == null) {
                    run.accepted(exchange);
                    continue;
                }
            } catch (RuntimeException recording) {
                failure = recording;
            }
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            long wait = run.failedTry(exchange);
            if (wait > 0 && run.again(exchange)) {
                Thread.sleep(wait);
            }
        }
    }

    /** One try of the exchange's delivery, for a caller that decides what follows: its failure thrown, else the body is the report. */
    public void deliver(Exchange exchange) throws Exception {
        Exception failure = tryOnce(exchange);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One try of the exchange's delivery, its body the accepted message: addressed for the target (the try counted),
     * the target's delivery route run, the receipts made the report (the body). Answers the try's failure, or null;
     * the exchange is left without an exception, as a caught one leaves it.
     */
    Exception tryOnce(Exchange exchange) {
        Delivery before = Delivery.on(exchange);
        Delivery d = before.withAttempts(before.attempts() + 1).put(exchange);
        String target = d.target();
        var msg = exchange.getMessage();
        msg.setHeader(Exchanges.ATTEMPT, d.attempts()); // for the provider's calls
        try {
            CanonicalMessage addressed = groups.address(accounts.address(Exchanges.message(exchange), target), target);
            msg.setBody(addressed);
            events().degradations(addressed, target);
        } catch (RuntimeException notAddressed) {
            return notAddressed;
        }
        Endpoint route = routes.get(target);
        if (route == null) {
            route = routes.computeIfAbsent(target, t -> getCamelContext().getEndpoint("direct:deliver-" + t));
        }
        template().send(route, exchange);
        Exception failure = exchange.getException();
        if (failure != null) {
            exchange.setException(null);
            exchange.getExchangeExtension().setRedeliveryExhausted(false);
            return failure;
        }
        // the route may have put a new message on the exchange
        exchange.getMessage().setBody(report(exchange));
        return null;
    }

    /**
     * A try's receipts (earlier tries' first, in call order) as the target's report: the body after the delivery
     * route is the split's list of receipts (when every call was accepted before, the split made none and it is still
     * the empty list of pending calls).
     */
    private static DeliveryReport report(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        List<DeliveryReceipt> receipts = new ArrayList<>(d.earlier());
        if (exchange.getMessage().getBody() instanceof List<?> now) {
            for (Object r : now) {
                if (r instanceof DeliveryReceipt receipt) {
                    receipts.add(receipt);
                }
            }
        }
        return new DeliveryReport(d.target(), receipts);
    }

    private HistoryRun historyRun() {
        return single(HistoryRun.class);
    }

    private DeliveryEvents events() {
        return single(DeliveryEvents.class);
    }
}
