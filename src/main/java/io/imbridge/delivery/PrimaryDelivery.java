package io.imbridge.delivery;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.provider.Backoff;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.Role;

/**
 * The steps of the primary's delivery while its caller waits (tried by {@link DeliveryEngine#deliverPrimary}):
 * transient failures (unavailable, failing, rate limited) are tried again by the {@link RetryPolicy} as long as
 * {@code bridge.delivery.sync-deadline-ms} (2 s, to fit Tencent's callback timeout) allows; permanent ones never are. A caller that must be answered by a time (Tencent's webhook)
 * waits for the delivery, which runs on a wire tap, only until then ({@link Handoff}).
 */
@BindToRegistry("primaryDelivery")
public class PrimaryDelivery {

    @PropertyInject(value = "bridge.delivery.sync-deadline-ms", defaultValue = "2000")
    long deadlineMs;
    @PropertyInject(value = "bridge.delivery.sync-retry-base-ms", defaultValue = "100")
    long baseMs;

    @BeanInject("messageRecords")
    MessageRecords records;
    @BeanInject("targetPacing")
    TargetPacing pacing;
    @BeanInject("deliveryQueue")
    DeliveryQueue queue;

    /** A caller that must be answered within {@code ms} whatever the target does (a webhook's timeout). */
    public void answerWithin(Exchange exchange, long ms) {
        Delivery.answering(System.currentTimeMillis() + ms).put(exchange);
    }


    /**
     * The first step, on the caller's thread: the primary's delivery begins (recorded as under way with the message,
     * by {@link MessageRecords#accepted}). A caller's retry of a message an earlier try (or the crash recovery)
     * delivered gets its report.
     */
    public void start(Exchange exchange) {
        Delivery d = Delivery.primary(Router.planOf(exchange).primary(),
                System.currentTimeMillis() + deadlineMs, Delivery.on(exchange)).put(exchange);
        if (exchange.getProperty(Exchanges.RESUMED, false, Boolean.class)) {
            DeliveryReport earlier = records.deliveredReport(Exchanges.message(exchange).id(), d.target());
            if (earlier != null) {
                report(exchange, d.withStatus(DeliveryStatus.DELIVERED), earlier);
            }
        }
    }

    /** The loop's condition: no try has ended it yet. */
    public boolean trying(Exchange exchange) {
        return Delivery.on(exchange).status() == DeliveryStatus.IN_FLIGHT;
    }

    /** The target accepted: the body is its report. */
    public void accepted(Exchange exchange) {
        report(exchange, Delivery.on(exchange).withStatus(DeliveryStatus.DELIVERED),
                exchange.getMessage().getBody(DeliveryReport.class));
    }

    /**
     * A try failed: waits the backoff when another try fits before the deadline; queues a rate-limited delivery
     * for later when it does not; else the failure is the caller's. A delivery recalled while it waited (its caller
     * recalling the message by its own id before its send was answered) is not tried again: the failure is the
     * caller's.
     */
    public void failedTry(Exchange exchange) throws InterruptedException {
        Delivery d = Delivery.on(exchange);
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Long retryAfter = Backoff.retryAfterMs(exchange);
        exchange.getMessage().removeHeader("Retry-After"); // this try's, not the next one's
        RetryPolicy.Decision next = new RetryPolicy(baseMs, deadlineMs, false, 0)
                .decide(pacing, d.target(), d.attempts(), failure, retryAfter, d.retryUntil());
        if (next.retry()) {
            Thread.sleep(next.waitMs());
            if (records.status(Exchanges.message(exchange).id(), d.target()) == DeliveryStatus.RECALLED) {
                throw failure;
            }
        } else if (next.rateLimited()) {
            queueForLater(exchange, d);
        } else {
            throw failure;
        }
    }

    /**
     * A target that keeps answering "rate limited" is slowed down for, not failed: the message is queued durably
     * (its retries back off, honouring Retry-After) and the caller is answered as accepted.
     */
    private void queueForLater(Exchange exchange, Delivery d) {
        queue.queue(Exchanges.message(exchange), d.target(), Role.RETRY, Math.max(1, d.attempts()));
        report(exchange, d.withStatus(DeliveryStatus.QUEUED), new DeliveryReport(d.target(), List.of()));
    }

    /** The delivery as it stands, with its report as the exchange's report and body (what the caller is answered). */
    public static void report(Exchange exchange, Delivery d, DeliveryReport report) {
        d.put(exchange);
        exchange.setProperty(Exchanges.REPORT, report);
        exchange.getMessage().setBody(report);
    }

    // ---- a caller answered by a time --------------------------------------------------------------------------

    /** The delivery's last step: a caller waiting on the handoff gets the report (delivered or queued). */
    public void handBack(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        if (d.handoff() != null) {
            d.handoff().handBack(Exchanges.report(exchange));
        }
    }

    /**
     * The delivery failed: the waiting caller gets the failure; a caller answered already cannot, so the delivery is
     * queued for the retries of a mirror (its tries count).
     */
    public void failedDetached(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!d.handoff().handBack(failure)) {
            queue.queue(Exchanges.message(exchange), d.target(), Role.RETRY, Math.max(1, d.attempts()));
        }
    }

    /**
     * The caller's side: the delivery's report if it comes by the caller's time (its failure is thrown); else the
     * caller is answered as accepted and the delivery goes on (recorded, or queued again, when it ends).
     */
    public void awaitAnswer(Exchange exchange) throws Exception {
        Delivery d = Delivery.on(exchange);
        String target = Router.planOf(exchange).primary();
        Object outcome = d.handoff().await(d.answerBy());
        if (outcome instanceof Exception e) {
            throw e;
        }
        if (outcome instanceof DeliveryReport r) {
            report(exchange, new Delivery(target, Role.PRIMARY, d.attempts(), d.answerBy(), 0,
                    DeliveryStatus.DELIVERED, null, null, List.of(), false, d.handoff()), r);
            return;
        }
        report(exchange, new Delivery(target, Role.PRIMARY, d.attempts(), d.answerBy(), 0, DeliveryStatus.QUEUED,
                null, null, List.of(), false, d.handoff()), new DeliveryReport(target, List.of()));
    }

    /** Whether the caller was answered before the target (its delivery goes on). */
    public boolean answeredFirst(Exchange exchange) {
        return Delivery.on(exchange).queued();
    }
}
