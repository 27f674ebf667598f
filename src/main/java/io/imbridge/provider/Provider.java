package io.imbridge.provider;

import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;

/**
 * What every vendor package provides to the shared flow. Each vendor binds one implementation in the registry under
 * its own name ({@code mychat}, {@code openim}, …); the YAML routes call its methods by that name, and the shared
 * error handling finds it through the exchange property {@link Exchanges#SOURCE}.
 */
public interface Provider {

    /** The provider's name as used in properties, routes and paths. */
    String name();

    /** The vendor's error codes. */
    ErrorTable<?> errors();

    /** The element kinds it carries, how it degrades the others, its size limits. */
    Capabilities capabilities();

    /**
     * Whether the vendor's server reads its request bodies as JSON whatever their Content-Type (Tencent's and
     * OpenIM's do; a client that posts JSON as a form must still be understood).
     */
    default boolean jsonBodies() {
        return false;
    }

    /**
     * The key under which a repeated request is recognised (answered as before, delivered once); null when the
     * vendor's request carries nothing to recognise it by.
     */
    default String idempotencyKey(Exchange exchange, CanonicalMessage message) {
        return null;
    }

    /**
     * A path under the vendor's prefix that the bridge does not serve (another API of the vendor): refused in the
     * vendor's envelope as a malformed request, never with the HTTP server's page. Tencent has its own code for it.
     */
    default void unknownEndpoint(Exchange exchange) {
        throw new BridgeException(ErrorCategory.MALFORMED, Exchanges.unknownApi(exchange));
    }

    /**
     * Reads the caller's send request (its credentials checked before, by the route's {@code authenticate} step) into
     * the canonical message, keeping in {@link Exchanges#INBOUND} what its replies echo. A provider without an inbound
     * send API has none.
     */
    default CanonicalMessage readSend(Exchange exchange) {
        throw new BridgeException(ErrorCategory.UNSUPPORTED, name() + " has no inbound send API");
    }

    /** Answers the caller of a bridged send request in this vendor's dialect; {@code report} is the primary's. */
    default void replySent(Exchange exchange, DeliveryReport report) {
        throw new BridgeException(ErrorCategory.UNSUPPORTED, name() + " has no inbound send API");
    }

    /**
     * The HTTP calls that deliver a message, addressed as this provider knows its parties, in order: one per
     * recipient, element or chunk as the provider's API needs. {@code attempt} counts the tries at this target (1
     * for the first), for a provider whose request says it is a resend.
     */
    java.util.List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt);

    /** Answers the caller with {@code failure} in this vendor's error envelope, HTTP status and code. */
    void replyError(Exchange exchange, BridgeException failure);
}
