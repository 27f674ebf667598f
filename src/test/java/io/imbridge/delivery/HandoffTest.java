package io.imbridge.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exactly one side owns a delivery's outcome: the caller while it waits, the delivery once the caller gave up. */
class HandoffTest {

    @Test
    void anOutcomeInTimeIsTheCallers() throws Exception {
        Handoff h = new Handoff();
        CompletableFuture<Object> caller = CompletableFuture.supplyAsync(() -> {
            try {
                return h.await(System.currentTimeMillis() + 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertTrue(h.handBack("report"), "taken by the waiting caller");
        assertEquals("report", caller.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anOutcomeAfterTheCallersTimeIsTheDeliverys() throws Exception {
        Handoff h = new Handoff();
        assertNull(h.await(System.currentTimeMillis() + 20), "the caller is answered without it");
        assertFalse(h.handBack(new IllegalStateException("503")), "the delivery must queue it itself");
    }

    @Test
    void aCallerInterruptedWhileWaitingLeavesTheOutcomeToTheDelivery() throws Exception {
        Handoff h = new Handoff();
        Thread.currentThread().interrupt();
        try {
            h.await(System.currentTimeMillis() + 5_000);
            throw new AssertionError("the wait was not interrupted");
        } catch (InterruptedException expected) {
            // the caller stops waiting (a shutdown)
        }
        assertFalse(h.handBack("report"), "nobody waits for it: the delivery owns its outcome");
    }

    @Test
    void racingSidesNeverBothOwnIt() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Handoff h = new Handoff();
            CountDownLatch go = new CountDownLatch(1);
            long until = System.currentTimeMillis();
            CompletableFuture<Object> caller = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return h.await(until);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Boolean> delivery = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return h.handBack("report");
            });
            go.countDown();
            boolean callerHasIt = caller.get(5, TimeUnit.SECONDS) != null;
            boolean deliveryTookIt = delivery.get(5, TimeUnit.SECONDS);
            assertEquals(callerHasIt, deliveryTookIt, "run " + i + ": exactly one owner");
        }
    }
}
