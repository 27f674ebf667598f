package io.imbridge.delivery;

import org.apache.camel.Exchange;

import io.imbridge.canonical.CanonicalMessage;

/**
 * What the delivery engine tells the layer above it (logs, metrics, the console's journeys, the bus's status topic):
 * {@code observe.Events} implements it, found in the registry by this type, so the delivery layer imports nothing
 * above it.
 */
public interface DeliveryEvents {

    /** The delivery on the exchange was made (or queued instead: its status says which). */
    void delivered(Exchange exchange);

    /** A message the bridge itself delivered came back through a source: not bridged again. */
    void echo(Exchange exchange);

    /** A try of a delivery: the message as addressed for {@code target}, whose kinds the target lacks are degraded. */
    void degradations(CanonicalMessage addressed, String target);

    /** A call to {@code target} passed its throttle after {@code waitedMs} there. */
    void callMade(String target, long waitedMs);

    /** What became of {@code m}'s copy at one target when {@code recall} took it back. */
    void recalled(CanonicalMessage m, io.imbridge.canonical.Recall recall,
                  io.imbridge.canonical.RecallReport.Outcome outcome);

    /** A try of the delivery failed ({@link Exchange#EXCEPTION_CAUGHT}) and it is tried again. */
    void retrying(Exchange exchange);
}
