package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.store.DeliveredCallTable;
import io.imbridge.support.ContextBean;

/**
 * The steps every provider's delivery route shares (template provider-deliver): the calls still to make, a call put
 * on the exchange, the receipts collected (an accepted call of several remembered). The provider gives the calls and reads the
 * answers; what was accepted is the core's state, kept by {@link DeliveredCallTable}.
 *
 * <p>A message that needs several calls at a target (recipients, elements, chunks) may fail part-way; the next try
 * of the same message (the primary's retries, the queue's, a crash recovery) makes only the calls not yet accepted,
 * and the report holds every call's receipt. A message of one call needs no such record.
 */
@BindToRegistry("outbound")
public class Outbound extends ContextBean implements AggregationStrategy {

    @BeanInject("deliveredCallTable")
    DeliveredCallTable deliveredCalls;
    @BeanInject("targetPacing")
    TargetPacing pacing;

    /**
     * The target's calls for the message (the body: the list its {@code <provider>:outbound-calls} transformer made),
     * without those accepted in an earlier try.
     */
    @SuppressWarnings("unchecked")
    public List<OutboundCall> pending(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        List<OutboundCall> all = exchange.getMessage().getBody(List.class);
        if (all.isEmpty()) {
            // nothing would reach the target, and the message would count as delivered
            throw new BridgeException(ErrorCategory.UNSUPPORTED, d.target() + " makes no call for this message");
        }
        if (all.size() <= 1) {
            // a message of one call: no call of it was accepted before, so none is remembered
            d.withCalls(List.of(), false).put(exchange);
            return all;
        }
        List<OutboundCall> keyed = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            OutboundCall c = all.get(i);
            keyed.add(c.withKey(i + ":" + Digests.hex("SHA-256", String.valueOf(c.recipient()))));
        }
        Map<String, DeliveryReceipt> done = deliveredCalls.accepted(Exchanges.message(exchange).id(), d.target());
        List<DeliveryReceipt> earlier = new ArrayList<>();
        List<OutboundCall> pending = new ArrayList<>();
        for (OutboundCall c : keyed) {
            DeliveryReceipt receipt = done.get(c.key());
            if (receipt == null) {
                pending.add(c);
            } else {
                earlier.add(receipt);
            }
        }
        d.withCalls(earlier, true).put(exchange);
        return pending;
    }

    /** Exchange property: when the call reached its target's throttle (a {@link java.util.Date}; the route sets it). */
    static final String THROTTLE_IN = "bridge.throttle-in";

    /**
     * Prepares the exchange for the HTTP endpoint that follows in the provider's call route (once a rate-limit pause
     * is over); the call's wait at the throttle is told ({@link DeliveryEvents#callMade}).
     */
    public void apply(Exchange exchange) throws InterruptedException {
        String target = Delivery.on(exchange).target();
        java.util.Date in = exchange.getProperty(THROTTLE_IN, java.util.Date.class);
        events().callMade(target, in == null ? 0 : System.currentTimeMillis() - in.getTime());
        pacing.awaitTurn(target);
        OutboundCall call = exchange.getMessage().getBody(OutboundCall.class);
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        call.headers().forEach(msg::setHeader);
        if (call.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        msg.setBody(call.body());
        exchange.setProperty(Exchanges.CALL, call);
    }

    /**
     * The split's aggregation: each accepted call's receipt (the body after the call's answer was read) collected in
     * call order; one of several remembered, so a later try does not make it again. A failed call ends the split.
     */
    @Override
    public Exchange aggregate(Exchange collected, Exchange next) {
        if (next.getException() != null) {
            return next;
        }
        DeliveryReceipt receipt = next.getMessage().getBody(DeliveryReceipt.class);
        remember(next, receipt);
        if (collected == null) {
            List<DeliveryReceipt> list = new ArrayList<>();
            list.add(receipt);
            next.getMessage().setBody(list);
            return next;
        }
        @SuppressWarnings("unchecked")
        List<DeliveryReceipt> list = collected.getMessage().getBody(List.class);
        list.add(receipt);
        return collected;
    }

    private void remember(Exchange exchange, DeliveryReceipt receipt) {
        Delivery d = Delivery.on(exchange);
        if (!d.multiCall()) {
            return;
        }
        OutboundCall call = Exchanges.call(exchange);
        CanonicalMessage m = Exchanges.message(exchange);
        if (call != null && call.key() != null && m != null) {
            deliveredCalls.remember(m.id(), d.target(), call.key(), receipt);
        }
    }

    private DeliveryEvents events() {
        return single(DeliveryEvents.class);
    }
}
