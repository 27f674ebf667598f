package io.imbridge.provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Json;
import io.imbridge.store.BridgeDatabase;

/**
 * The steps every vendor's delivery route shares: the calls still to make, a call put on the exchange, an accepted
 * call remembered, the receipts collected.
 *
 * <p>A message that needs several calls at a target (recipients, elements, chunks) may fail part-way; the next try
 * of the same message (the primary's retries, the queue's, a crash recovery) makes only the calls not yet accepted,
 * and the report holds every call's receipt. A message of one call needs no such record.
 */
@BindToRegistry("outbound")
public class Outbound {

    static final String EARLIER_RECEIPTS = "bridge.earlierReceipts";
    static final String CALL = "bridge.call";
    static final String MULTI_CALL = "bridge.multiCall";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("pacing")
    TargetPacing pacing;

    /** The target's calls for the addressed message (the body), without those accepted in an earlier try. */
    public List<OutboundCall> pending(Exchange exchange) {
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        Provider vendor = exchange.getContext().getRegistry().lookupByNameAndType(target, Provider.class);
        List<OutboundCall> all = vendor.outboundCalls(exchange);
        List<OutboundCall> keyed = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            OutboundCall c = all.get(i);
            keyed.add(c.withKey(i + ":" + Digests.hex("SHA-256", String.valueOf(c.recipient()))));
        }
        exchange.setProperty(MULTI_CALL, keyed.size() > 1);
        exchange.removeProperty(EARLIER_RECEIPTS);
        if (keyed.size() <= 1) {
            return keyed;
        }
        String messageId = Exchanges.message(exchange).id();
        Map<String, String> done = new HashMap<>();
        db.query("SELECT call_key, receipt FROM delivered_calls WHERE message_id = ? AND target = ?",
                rs -> done.put(rs.getString(1), rs.getString(2)), messageId, target);
        if (done.isEmpty()) {
            return keyed;
        }
        List<DeliveryReceipt> earlier = new ArrayList<>();
        List<OutboundCall> pending = new ArrayList<>();
        for (OutboundCall c : keyed) {
            String receipt = done.get(c.key());
            if (receipt == null) {
                pending.add(c);
            } else {
                earlier.add(readReceipt(receipt));
            }
        }
        exchange.setProperty(EARLIER_RECEIPTS, earlier);
        return pending;
    }

    /** Prepares the exchange for the HTTP endpoint that follows in the route (once a rate-limit pause is over). */
    public void apply(Exchange exchange) throws InterruptedException {
        pacing.awaitTurn(exchange);
        OutboundCall call = exchange.getMessage().getBody(OutboundCall.class);
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        call.headers().forEach(msg::setHeader);
        if (call.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        msg.setBody(call.body());
        exchange.setProperty(CALL, call);
    }

    /** The call the current HTTP answer belongs to. */
    public static OutboundCall call(Exchange exchange) {
        return exchange.getProperty(CALL, OutboundCall.class);
    }

    /** The target accepted the current call (the body is its receipt): one of several is remembered. */
    public void accepted(Exchange exchange) {
        OutboundCall call = call(exchange);
        CanonicalMessage m = Exchanges.message(exchange);
        if (call == null || call.key() == null || m == null
                || !exchange.getProperty(MULTI_CALL, false, Boolean.class)) {
            return;
        }
        db.insertIfAbsent("INSERT INTO delivered_calls (message_id, target, call_key, receipt, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)", m.id(), exchange.getProperty(Exchanges.TARGET, String.class),
                call.key(), Json.write(exchange.getMessage().getBody(DeliveryReceipt.class)), System.currentTimeMillis());
    }

    /** Turns the receipts (earlier tries' first, in call order) into the target's report. */
    @SuppressWarnings("unchecked")
    public DeliveryReport report(Exchange exchange) {
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        List<DeliveryReceipt> receipts = new ArrayList<>();
        List<DeliveryReceipt> earlier = exchange.getProperty(EARLIER_RECEIPTS, List.class);
        if (earlier != null) {
            receipts.addAll(earlier);
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> now) {
            receipts.addAll((List<DeliveryReceipt>) now);
        }
        return new DeliveryReport(target, receipts);
    }

    private static DeliveryReceipt readReceipt(String json) {
        try {
            return Json.MAPPER.readValue(json, DeliveryReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored receipt is unreadable", e);
        }
    }
}
