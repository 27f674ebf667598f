package io.imbridge.vendor;

import java.util.List;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;

/** The steps every vendor's delivery route shares: put a call on the exchange, collect the receipts. */
@BindToRegistry("outbound")
public class Outbound {

    /** Prepares the exchange for the HTTP endpoint that follows in the route. */
    public void apply(Exchange exchange) {
        OutboundCall call = exchange.getMessage().getBody(OutboundCall.class);
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        call.headers().forEach(msg::setHeader);
        if (call.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        msg.setBody(call.body());
        exchange.setProperty("bridge.call", call);
    }

    /** The call the current HTTP answer belongs to. */
    public static OutboundCall call(Exchange exchange) {
        return exchange.getProperty("bridge.call", OutboundCall.class);
    }

    /** Turns the collected receipts into the target's report. */
    @SuppressWarnings("unchecked")
    public DeliveryReport report(Exchange exchange) {
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        List<DeliveryReceipt> receipts = exchange.getMessage().getBody(List.class);
        return new DeliveryReport(target, receipts == null ? List.of() : receipts);
    }
}
