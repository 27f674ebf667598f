package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.store.DeliveredCallTable;

/**
 * The steps every provider's delivery route shares (template provider-deliver): the calls still to make, a call put
 * on the exchange, an accepted call remembered, the receipts collected. The provider gives the calls and reads the
 * answers; what was accepted is the core's state, kept by {@link DeliveredCallTable}.
 *
 * <p>A message that needs several calls at a target (recipients, elements, chunks) may fail part-way; the next try
 * of the same message (the primary's retries, the queue's, a crash recovery) makes only the calls not yet accepted,
 * and the report holds every call's receipt. A message of one call needs no such record.
 */
@BindToRegistry("outbound")
public class Outbound {


    @BeanInject("deliveredCallTable")
    DeliveredCallTable deliveredCalls;
    @BeanInject("pacing")
    TargetPacing pacing;

    /**
     * The target's calls for the message (the body: the list its {@code <provider>:outbound-calls} transformer made),
     * without those accepted in an earlier try.
     */
    @SuppressWarnings("unchecked")
    public List<OutboundCall> pending(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        String target = d.target();
        List<OutboundCall> all = exchange.getMessage().getBody(List.class);
        List<OutboundCall> keyed = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            OutboundCall c = all.get(i);
            keyed.add(c.withKey(i + ":" + Digests.hex("SHA-256", String.valueOf(c.recipient()))));
        }
        d.withCalls(List.of(), keyed.size() > 1).put(exchange);
        if (keyed.size() <= 1) {
            return keyed;
        }
        String messageId = Exchanges.message(exchange).id();
        Map<String, DeliveryReceipt> done = deliveredCalls.accepted(messageId, target);
        if (done.isEmpty()) {
            return keyed;
        }
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

    /** Prepares the exchange for the HTTP endpoint that follows in the route (once a rate-limit pause is over). */
    public void apply(Exchange exchange) throws InterruptedException {
        pacing.awaitTurn(Delivery.on(exchange).target());
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

    /** The target accepted the current call (the body is its receipt): one of several is remembered. */
    public void accepted(Exchange exchange) {
        OutboundCall call = Exchanges.call(exchange);
        CanonicalMessage m = Exchanges.message(exchange);
        Delivery d = Delivery.on(exchange);
        if (call == null || call.key() == null || m == null || !d.multiCall()) {
            return;
        }
        deliveredCalls.remember(m.id(), d.target(), call.key(),
                exchange.getMessage().getBody(DeliveryReceipt.class));
    }

    /** Turns the receipts (earlier tries' first, in call order) into the target's report. */
    public DeliveryReport report(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        List<DeliveryReceipt> receipts = new ArrayList<>(d.earlier());
        // the split's receipts; when every call was accepted before, the split made none and the body is still the
        // list of calls
        if (exchange.getMessage().getBody() instanceof List<?> now) {
            for (Object r : now) {
                if (r instanceof DeliveryReceipt receipt) {
                    receipts.add(receipt);
                }
            }
        }
        return new DeliveryReport(d.target(), receipts);
    }
}
