package io.imbridge.delivery;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Backoff;

/**
 * The one retry rule of every delivery — the caller's primary, a queued one, one from the bus, a migrated message:
 * after a failed try, a failure worth retrying (a transient category; for queued deliveries a configuration fault too,
 * which an operator may fix) is tried again after an exponential backoff with jitter (honouring the target's
 * Retry-After, and a rate-limited target's pace) while the next try starts before the delivery's deadline and its
 * tries are not spent; anything else ends the delivery. What a kind of delivery does with the decision (wait in place,
 * reschedule, give the record back, a dead letter) is the {@link DeliveryEngine}'s.
 *
 * @param baseMs               the first backoff
 * @param capMs                the longest backoff
 * @param retriesConfigFaults  whether a configuration fault (which an operator may fix) is retried
 * @param maxTries             the most tries (0: the deadline alone limits them)
 */
public record RetryPolicy(long baseMs, long capMs, boolean retriesConfigFaults, int maxTries) {

    /**
     * What becomes of a delivery after a failed try: tried again in {@code waitMs} ({@code retry}), or ended with the
     * failure. {@code attempts}: its tries so far.
     */
    public record Decision(BridgeException failure, int attempts, long waitMs, boolean retry) {

        /** The epoch ms of the next try. */
        public long nextAt() {
            return System.currentTimeMillis() + waitMs;
        }

        public boolean rateLimited() {
            return failure.category() == ErrorCategory.RATE_LIMITED;
        }
    }

    /**
     * The decision after a failed try of a delivery to {@code target}, its {@code attempts}-th, that must start any
     * next try before {@code deadline} (epoch ms).
     */
    public Decision decide(TargetPacing pacing, String target, int attempts, BridgeException failure, Long retryAfterMs,
                           long deadline) {
        long wait = Backoff.delayMs(attempts, baseMs, capMs, retryAfterMs);
        if (failure.category() == ErrorCategory.RATE_LIMITED) {
            wait = Math.max(wait, pacing.slowDown(target, retryAfterMs));
        }
        boolean worthRetrying = failure.category().retriable()
                || retriesConfigFaults && failure.category() == ErrorCategory.BRIDGE_CONFIG;
        boolean retry = worthRetrying && System.currentTimeMillis() + wait < deadline
                && (maxTries <= 0 || attempts < maxTries);
        return new Decision(failure, attempts, wait, retry);
    }
}
