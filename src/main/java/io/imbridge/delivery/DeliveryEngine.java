package io.imbridge.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;

import io.imbridge.support.ContextBean;

/**
 * Where a delivery is tried: each try runs the target provider's delivery route ({@code direct:deliver-<target>},
 * routes/templates.yaml: its calls, throttle, wire call and receipts) on the delivery's exchange, and the try's
 * outcome is decided here, in Java, by the delivery's policy — not by a loop of route steps. (The first of the three
 * kinds of delivery moved here: the primary its caller waits for. The embedded queue's and the bus's tries are still
 * their routes'.)
 */
@BindToRegistry("deliveryEngine")
public class DeliveryEngine extends ContextBean {

    @BeanInject("primaryDelivery")
    PrimaryDelivery primary;
    @BeanInject("messages")
    MessageRecords records;

    /** Each target's delivery route, resolved once. */
    private final Map<String, Endpoint> routes = new ConcurrentHashMap<>();
    private volatile DeliveryEvents events;

    /**
     * The primary's delivery while its caller waits: tried until the target accepts, the failure is permanent, or
     * the deadline leaves no time for another try (then the failure is the caller's, thrown; a rate-limited delivery
     * is queued instead: {@link PrimaryDelivery#failedTry}), then recorded with the target's ids, and handed to a
     * caller answered by a time ({@link PrimaryDelivery#handBack}).
     */
    public void deliverPrimary(Exchange exchange) throws Exception {
        while (primary.trying(exchange)) {
            Exception failure = tryOnce(exchange, Delivery.on(exchange).target());
            if (failure == null) {
                primary.accepted(exchange);
                continue;
            }
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            primary.failedTry(exchange); // waits the backoff, queues a rate-limited delivery, or throws
            // tried again (now, or from the queue): the failed try is counted and kept for its journey
            events().retrying(exchange);
        }
        records.delivered(exchange);
        events().delivered(exchange);
        primary.handBack(exchange);
    }

    /**
     * One try: the target's delivery route on this exchange (its body the message, its report the body after). Answers
     * the try's failure, or null; the exchange is left without an exception, as a caught one leaves it.
     */
    Exception tryOnce(Exchange exchange, String target) {
        Endpoint route = routes.computeIfAbsent(target, t -> getCamelContext().getEndpoint("direct:deliver-" + t));
        template().send(route, exchange);
        Exception failure = exchange.getException();
        if (failure != null) {
            exchange.setException(null);
            exchange.getExchangeExtension().setRedeliveryExhausted(false);
        }
        return failure;
    }

    private DeliveryEvents events() {
        DeliveryEvents e = events;
        if (e == null) {
            e = getCamelContext().getRegistry().findSingleByType(DeliveryEvents.class);
            events = e;
        }
        return e;
    }
}
