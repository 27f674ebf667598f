package io.imbridge.delivery;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a caller that must be answered by a time (Tencent's webhook) meets its primary's delivery, which runs on
 * without it: exactly one side decides what becomes of the outcome. The delivery {@link #handBack}s its report or
 * failure; the caller {@link #await}s it until its time, then gives up. Whichever comes second learns so: a failure
 * handed back after the caller was answered is the delivery's to queue, an outcome that arrives in time is the caller's
 * to answer with.
 */
public final class Handoff {

    private static final Object CALLER_ANSWERED = new Object();

    private final AtomicReference<Object> outcome = new AtomicReference<>();
    private final CountDownLatch arrived = new CountDownLatch(1);

    /** Hands the outcome (a report or an exception) to the caller; false when the caller was answered already. */
    public boolean handBack(Object reportOrFailure) {
        boolean taken = outcome.compareAndSet(null, reportOrFailure);
        arrived.countDown();
        return taken;
    }

    /** The outcome if it arrives by {@code epochMs}; else null, and any later outcome is the delivery's. */
    public Object await(long epochMs) throws InterruptedException {
        try {
            arrived.await(Math.max(0, epochMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } finally {
            // interrupted too: the caller gives up, so an outcome from now on is the delivery's
            outcome.compareAndSet(null, CALLER_ANSWERED);
        }
        Object o = outcome.get();
        return o == CALLER_ANSWERED ? null : o;
    }
}
