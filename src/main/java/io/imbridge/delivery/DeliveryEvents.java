package io.imbridge.delivery;

import org.apache.camel.Exchange;

/**
 * What the delivery engine tells the layer above it (logs, metrics, the console's journeys, the bus's status topic):
 * {@code observe.Events} implements it, found in the registry by this type, so the delivery layer imports nothing
 * above it.
 */
public interface DeliveryEvents {

    /** The delivery on the exchange was made (or queued instead: its status says which). */
    void delivered(Exchange exchange);

    /** A try of the delivery failed ({@link Exchange#EXCEPTION_CAUGHT}) and it is tried again. */
    void retrying(Exchange exchange);
}
