package io.imbridge.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Backoff;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.Role;
import io.imbridge.support.ContextBean;

/**
 * The primary target's delivery while the caller waits: transient failures (unavailable, failing, rate limited) are
 * tried again with backoff and jitter, honouring Retry-After, as long as {@code bridge.delivery.sync-deadline-ms}
 * (2 s, to fit Tencent's callback timeout) allows; permanent ones never are. Each try is the provider's delivery
 * route ({@code direct:deliver-<target>}) on a copy of the exchange, so a failed try leaves nothing behind for the
 * next; a caller that must be answered by a time (Tencent's webhook) is answered then, and a try still under way
 * finishes on its own in {@code direct:primary-finished-late}.
 */
@BindToRegistry("primaryDelivery")
public class PrimaryDelivery extends ContextBean {

    @PropertyInject(value = "bridge.delivery.sync-deadline-ms", defaultValue = "2000")
    long deadlineMs;
    @PropertyInject(value = "bridge.delivery.sync-retry-base-ms", defaultValue = "100")
    long baseMs;

    @BeanInject("messages")
    MessageRecords records;
    @BeanInject("pacing")
    TargetPacing pacing;
    @BeanInject("deliveryQueue")
    DeliveryQueue queue;

    /** A caller that must be answered within {@code ms} whatever the target does (a webhook's timeout). */
    public void answerWithin(Exchange exchange, long ms) {
        new Delivery(null, Role.PRIMARY, 0, System.currentTimeMillis() + ms, DeliveryStatus.IN_FLIGHT, null, null,
                List.of(), false).put(exchange);
    }

    /** Delivers to the plan's primary; the report is the body and the exchange's report. */
    public DeliveryReport deliverWithinDeadline(Exchange exchange) throws InterruptedException {
        Delivery early = Delivery.on(exchange);
        Delivery d = Delivery.primary(Router.planOf(exchange).primary(), early == null ? 0 : early.answerBy())
                .put(exchange);
        DeliveryReport report = deliver(exchange, d);
        exchange.setProperty(Exchanges.REPORT, report);
        return report;
    }

    private DeliveryReport deliver(Exchange exchange, Delivery d) throws InterruptedException {
        String target = d.target();
        if (exchange.getProperty(Exchanges.RESUMED, false, Boolean.class)) {
            // a caller's retry of a message an earlier try (or the crash recovery) already delivered: its answer
            DeliveryReport earlier = records.deliveredReport(Exchanges.message(exchange).id(), target);
            if (earlier != null) {
                return earlier;
            }
        }
        long deadline = System.currentTimeMillis() + deadlineMs;
        records.state(exchange, DeliveryStatus.IN_FLIGHT);
        while (true) {
            Exchange tryOnce = exchange.copy();
            if (d.answerBy() == 0) {
                template().send("direct:deliver-" + target, tryOnce);
            } else if (!sendBy(tryOnce, target, d.answerBy())) {
                // the caller must be answered now; the try goes on and is recorded, or queued again, when it ends
                d.withStatus(DeliveryStatus.QUEUED).put(exchange);
                return new DeliveryReport(target, List.of());
            }
            d = d.withAttempts(Delivery.on(tryOnce).attempts()).put(exchange);
            if (tryOnce.getException() == null) {
                d.withStatus(DeliveryStatus.DELIVERED).put(exchange);
                return tryOnce.getMessage().getBody(DeliveryReport.class);
            }
            BridgeException failure = Failures.of(tryOnce.getException());
            Long retryAfter = Backoff.retryAfterMs(tryOnce);
            long wait = Backoff.delayMs(d.attempts(), baseMs, deadlineMs, retryAfter);
            if (failure.category() == ErrorCategory.RATE_LIMITED) {
                wait = Math.max(wait, pacing.slowDown(target, retryAfter));
                if (System.currentTimeMillis() + wait >= deadline) {
                    return queueForLater(exchange, d);
                }
            }
            if (!failure.category().retriable() || System.currentTimeMillis() + wait >= deadline) {
                throw failure;
            }
            Thread.sleep(wait);
        }
    }

    /**
     * Sends one try and waits for it until {@code answerBy}; false when it is still under way then. Its end is
     * handled later by {@code direct:primary-finished-late}: recorded when the target accepted, queued for retry when
     * it failed.
     */
    private boolean sendBy(Exchange tryOnce, String target, long answerBy) throws InterruptedException {
        CompletableFuture<Exchange> f = template().asyncSend("direct:deliver-" + target, tryOnce);
        try {
            f.get(Math.max(1, answerBy - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillTrying) {
            f.whenComplete((late, error) -> {
                // its failure travels as the caught exception, so the route runs rather than stopping at it
                if (tryOnce.getException() != null) {
                    tryOnce.setProperty(Exchange.EXCEPTION_CAUGHT, tryOnce.getException());
                    tryOnce.setException(null);
                }
                template().send("direct:primary-finished-late", tryOnce);
            });
            return false;
        } catch (ExecutionException e) {
            return true; // the exchange carries the failure
        }
    }

    /** Whether a try that ended after its caller was answered failed (route direct:primary-finished-late). */
    public boolean failedLate(Exchange late) {
        return late.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
    }

    /** A late try that failed is queued for the same retries as a mirror; its tries count. */
    public void queueLate(Exchange late) {
        queueForLater(late, Delivery.on(late));
    }

    /** A late try that succeeded: the body, its report, becomes the exchange's report too. */
    public void deliveredLate(Exchange late) {
        Delivery.on(late).withStatus(DeliveryStatus.DELIVERED).put(late);
        late.setProperty(Exchanges.REPORT, late.getMessage().getBody(DeliveryReport.class));
    }

    /**
     * A target that keeps answering "rate limited" is slowed down for, not failed: the message is queued durably
     * (its retries back off, honouring Retry-After) and the caller is answered as accepted.
     */
    private DeliveryReport queueForLater(Exchange exchange, Delivery d) {
        queue.queue(Exchanges.message(exchange), d.target(), Role.RETRY, Math.max(1, d.attempts()));
        d.withStatus(DeliveryStatus.QUEUED).put(exchange);
        return new DeliveryReport(d.target(), List.of());
    }
}
