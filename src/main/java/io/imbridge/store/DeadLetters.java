package io.imbridge.store;

import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.imbridge.observe.AdminAuth;
import io.imbridge.observe.Events;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Exchanges;

/**
 * Deliveries that failed for good (a mirror or a retried primary after its retries, or a permanent refusal), kept in
 * the bridge database with the target, the vendor code, the category, the number of attempts and the reason; listed
 * at {@code GET /admin/dead-letters} and re-driven by {@code POST /admin/dead-letters/{id}/retry}.
 */
@BindToRegistry("deadLetters")
public class DeadLetters extends io.imbridge.support.ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.dead-letters");

    @BeanInject("events")
    Events events;
    @BeanInject("adminAuth")
    AdminAuth adminAuth;
    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messages")
    MessageStore messages;
    @BeanInject("deliveryQueue")
    DeliveryQueue queue;




    public void store(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BridgeException failure = Failures.of(caught);
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        int attempts = exchange.getProperty(Exchanges.ATTEMPTS, 1, Integer.class);
        CanonicalMessage m = Exchanges.message(exchange);
        String reason = failure.getMessage() == null ? "" : failure.getMessage();
        var insert = new BridgeDatabase.Update("INSERT INTO dead_letters (message_id, target, category, vendor,"
                        + " vendor_code, reason, attempts, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dead')",
                m == null ? null : m.id(), target, failure.category().label(), failure.vendor(), failure.vendorCode(),
                reason.length() > 1000 ? reason.substring(0, 1000) : reason, attempts, System.currentTimeMillis());
        // a queued entry leaves the queue in the same transaction: a crash never loses it between the two
        DeliveryQueue.Entry entry = exchange.getProperty(Exchanges.QUEUE_ENTRY, DeliveryQueue.Entry.class);
        BridgeDatabase.Update removal = DeliveryQueue.removal(entry);
        if (removal == null) {
            db.atomically(insert);
        } else {
            db.atomically(insert, removal);
            queue.released(entry);
        }
        LOG.warn("dead letter id={} target={} category={} code={} attempts={} reason={}", m == null ? "-" : m.id(),
                target, failure.category().label(), failure.vendorCode(), attempts, reason);
        messages.failed(exchange, failure);
        events.failed(exchange, failure);
    }

    /** {@code GET /admin/dead-letters}: the dead letters, oldest first, each with its message. */
    public void handleList(Exchange exchange) {
        if (adminAuth.allowed(exchange)) {
            Exchanges.replyJson(exchange, 200, list());
        }
    }

    public ArrayNode list() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        db.query("SELECT id, message_id, target, category, vendor, vendor_code, reason, attempts, created_at, status"
                + " FROM dead_letters ORDER BY id", rs -> {
            ObjectNode d = out.addObject();
            d.put("id", rs.getLong(1));
            d.put("messageId", rs.getString(2));
            d.put("target", rs.getString(3));
            d.put("category", rs.getString(4));
            d.put("vendor", rs.getString(5));
            Object code = rs.getObject(6);
            if (code != null) {
                d.put("vendorCode", ((Number) code).intValue());
            }
            d.put("reason", rs.getString(7));
            d.put("attempts", rs.getInt(8));
            d.put("at", rs.getLong(9));
            d.put("status", rs.getString(10));
            return d;
        });
        for (var d : out) {
            CanonicalMessage m = d.hasNonNull("messageId") ? messages.load(d.get("messageId").asText()) : null;
            if (m != null) {
                ((ObjectNode) d).set("message", Json.MAPPER.valueToTree(m));
            }
        }
        return out;
    }

    /** {@code POST /admin/dead-letters/{id}/retry}: delivers the message to its target again, with fresh retries. */
    public void handleRetry(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        String id = exchange.getMessage().getHeader("id", String.class);
        long letterId;
        try {
            letterId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "no dead letter " + id));
            return;
        }
        List<String[]> rows = db.query("SELECT message_id, target, status FROM dead_letters WHERE id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}, letterId);
        CanonicalMessage m = rows.isEmpty() || rows.get(0)[0] == null ? null : messages.load(rows.get(0)[0]);
        if (m == null) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "no dead letter " + id));
            return;
        }
        if (db.update("UPDATE dead_letters SET status = 'retried' WHERE id = ? AND status = 'dead'", letterId) == 0) {
            Exchanges.replyJson(exchange, 409, Map.of("error", "dead letter " + id + " was already retried"));
            return;
        }
        queue.queue(m, rows.get(0)[1], "redrive", 0);
        Exchanges.replyJson(exchange, 202, Map.of("retrying", id, "messageId", m.id(), "target", rows.get(0)[1]));
    }
}
