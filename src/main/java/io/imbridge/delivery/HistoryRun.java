package io.imbridge.delivery;

import org.apache.camel.Exchange;

/**
 * What a history migration run records around the tries of its messages, which the {@link DeliveryEngine} makes
 * ({@code migrate.Migration} implements it, found in the registry by this type, so the delivery layer imports nothing
 * above it).
 */
public interface HistoryRun {

    /** Whether the message on the exchange is to be tried (again): it has no outcome yet and the run goes on. */
    boolean again(Exchange exchange);

    /** A try begins: recorded first (a run stopped during it knows the target may have the message). */
    void trying(Exchange exchange);

    /** The target accepted the message (the body is its report). */
    void accepted(Exchange exchange);

    /**
     * A try failed ({@link Exchange#EXCEPTION_CAUGHT}): decided by the {@link RetryPolicy}; answers how long to wait
     * before the next try (when {@link #again} says there is one).
     */
    long failedTry(Exchange exchange);
}
