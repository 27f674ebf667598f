package io.imbridge.routing;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.provider.Backoff;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Exchanges;

/**
 * The primary target's delivery while the caller waits: transient failures (unavailable, failing, rate limited) are
 * tried again with backoff and jitter, honouring Retry-After, as long as {@code bridge.delivery.sync-deadline-ms}
 * (2 s, to fit Tencent's callback timeout) allows; permanent ones never are.
 */
@BindToRegistry("primaryDelivery")
public class PrimaryDelivery extends io.imbridge.support.ContextBean {


    @PropertyInject(value = "bridge.delivery.sync-deadline-ms", defaultValue = "2000")
    long deadlineMs;
    @PropertyInject(value = "bridge.delivery.sync-retry-base-ms", defaultValue = "100")
    long baseMs;

    @BeanInject("messages")
    io.imbridge.store.MessageStore messages;
    @BeanInject("events")
    io.imbridge.observe.Events events;
    @BeanInject("pacing")
    io.imbridge.provider.TargetPacing pacing;
    @BeanInject("deliveryQueue")
    io.imbridge.store.DeliveryQueue queue;




    public DeliveryReport deliverWithinDeadline(Exchange exchange) throws InterruptedException {
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        if (exchange.getProperty(Exchanges.RESUMED, false, Boolean.class)) {
            // a caller's retry of a message an earlier try (or the crash recovery) already delivered: its answer
            DeliveryReport earlier = messages.deliveredReport(Exchanges.message(exchange).id(), target);
            if (earlier != null) {
                return earlier;
            }
        }
        long deadline = System.currentTimeMillis() + deadlineMs;
        messages.inFlight(exchange);
        int attempt = 0;
        while (true) {
            Exchange tryOnce = exchange.copy();
            tryOnce.setProperty(Exchanges.ATTEMPTS, attempt);
            Long answerBy = exchange.getProperty(Exchanges.ANSWER_BY, Long.class);
            if (answerBy == null) {
                template().send("direct:deliver-" + target, tryOnce);
            } else if (!sendBy(tryOnce, target, answerBy)) {
                // the caller must be answered now; the try goes on and is recorded, or queued again, when it ends
                exchange.setProperty(Exchanges.PRIMARY_QUEUED, true);
                return new DeliveryReport(target, java.util.List.of());
            }
            attempt = tryOnce.getProperty(Exchanges.ATTEMPTS, attempt + 1, Integer.class);
            exchange.setProperty(Exchanges.ATTEMPTS, attempt);
            if (tryOnce.getException() == null) {
                return tryOnce.getMessage().getBody(DeliveryReport.class);
            }
            BridgeException failure = Failures.of(tryOnce.getException());
            long wait = Backoff.delayMs(attempt, baseMs, deadlineMs, Backoff.retryAfterMs(tryOnce));
            if (failure.category() == io.imbridge.canonical.ErrorCategory.RATE_LIMITED) {
                wait = Math.max(wait, pacing.slowDown(target, Backoff.retryAfterMs(tryOnce)));
            }
            if (failure.category() == io.imbridge.canonical.ErrorCategory.RATE_LIMITED
                    && System.currentTimeMillis() + wait >= deadline) {
                return queueForLater(exchange, target, attempt);
            }
            if (!failure.category().retriable() || System.currentTimeMillis() + wait >= deadline) {
                throw failure;
            }
            Thread.sleep(wait);
        }
    }

    /**
     * Sends one try and waits for it until {@code answerBy}; false when it is still under way then. Its end is
     * handled later: recorded when the target accepted, queued for retry when it failed.
     */
    private boolean sendBy(Exchange tryOnce, String target, long answerBy) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Exchange> f = template().asyncSend("direct:deliver-" + target, tryOnce);
        try {
            f.get(Math.max(1, answerBy - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stillTrying) {
            f.whenComplete((late, error) -> finishLate(tryOnce, target));
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // the exchange carries the failure
        }
    }

    private void finishLate(Exchange late, String target) {
        if (late.getException() == null) {
            late.setProperty(Exchanges.REPORT, late.getMessage().getBody(DeliveryReport.class));
            late.getMessage().setBody(late.getProperty(Exchanges.REPORT));
            messages.delivered(late);
            events.delivered(late);
        } else {
            queueForLater(late, target, late.getProperty(Exchanges.ATTEMPTS, 1, Integer.class));
        }
    }

    /**
     * A target that keeps answering "rate limited" is slowed down for, not failed: the message is queued durably
     * (its retries back off, honouring Retry-After) and the caller is answered as accepted.
     */
    private DeliveryReport queueForLater(Exchange exchange, String target, int attempts) {
        queue.queue(Exchanges.message(exchange), target, "retry", attempts);
        exchange.setProperty(Exchanges.PRIMARY_QUEUED, true);
        return new DeliveryReport(target, java.util.List.of());
    }
}
