package io.imbridge.delivery;

/**
 * Thrown by a delivery from the bus whose next try falls past {@code bridge.bus.retry-in-place-ms}: its record is
 * read again from the committed offset (its lane stops there, so the conversation keeps its order).
 */
public final class RetryLater extends RuntimeException {
    RetryLater(String message) {
        super(message, null, false, false);
    }
}
