package io.imbridge.provider;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReport;

/**
 * What the providers' data type transformers share: where each finds its input on the message, and how an outbound
 * request is laid on it. The transformers themselves ({@code <provider>:send-request}, {@code :send-reply},
 * {@code :error}, {@code :outbound-request}) live in each provider's package.
 */
public final class Conversions {

    private Conversions() {
    }

    /** The failure to answer: the body when it is one, else the exception the route caught. */
    public static BridgeException failure(Message message) {
        if (message.getBody() instanceof BridgeException b) {
            return b;
        }
        Exchange exchange = message.getExchange();
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return Failures.of(caught != null ? caught : exchange.getException());
    }

    /** The delivery report a reply tells of: the body when it is one, else the primary's (none for an echo). */
    public static DeliveryReport report(Message message) {
        return message.getBody() instanceof DeliveryReport r ? r : Exchanges.report(message.getExchange());
    }

    /**
     * The provider's request(s) for a message, as its delivery makes them: one call becomes the body (null for a GET
     * whose request is its query) with its headers and {@code CamelHttpQuery}, ready for an {@code http:} endpoint;
     * several calls (recipients, elements, chunks) become the body as their list of {@link OutboundCall}s, in order.
     */
    public static void requests(Message message, List<OutboundCall> calls) {
        if (calls.size() != 1) {
            message.setBody(List.copyOf(calls));
            return;
        }
        OutboundCall call = calls.get(0);
        call.headers().forEach(message::setHeader);
        if (call.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        message.setBody(call.body());
    }
}
