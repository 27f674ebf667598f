package io.imbridge.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Json;
import io.imbridge.observe.AdminAuth;
import io.imbridge.provider.Exchanges;

/**
 * The persistent message-ID map: every accepted message with its source ids, and per target its delivery state and
 * the ids the target gave (serverMsgID, MsgKey, msgid_client, …). Any of those ids finds the message again, after a
 * restart too ({@code GET /admin/messages/{id}}).
 */
@BindToRegistry("messages")
public class MessageStore {

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("adminAuth")
    AdminAuth adminAuth;

    /** Records an accepted message and its source ids (before any delivery). */
    public void accepted(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        List<BridgeDatabase.Update> writes = new java.util.ArrayList<>();
        writes.add(new BridgeDatabase.Update("MERGE INTO messages (id, source, canonical, received_at) KEY (id)"
                + " VALUES (?, ?, ?, ?)", m.id(), m.source().vendor(), Json.write(m), m.receivedAt()));
        m.source().ids().forEach((name, value) -> addLink(writes, m.source().vendor(), name, value, m.id()));
        db.atomically(writes.toArray(BridgeDatabase.Update[]::new)); // one commit: each is a write to disk
    }

    /**
     * Whether an arriving message is one the bridge delivered itself (a loop): one of its source ids is an id its
     * vendor gave the bridge as the target of another message.
     */
    public boolean isEcho(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        String vendor = m.source().vendor();
        for (var id : m.source().ids().entrySet()) {
            if (!db.query("SELECT i.message_id FROM message_ids i JOIN messages s ON s.id = i.message_id"
                            + " WHERE i.vendor = ? AND i.id_value = ? AND s.source <> ? AND i.message_id <> ?",
                    rs -> rs.getString(1), vendor, id.getValue(), vendor, m.id()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Links the ids the caller's reply handed out (after the reply is made). */
    @SuppressWarnings("unchecked")
    public void replied(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        Map<String, String> ids = exchange.getProperty(Exchanges.CALLER_IDS, Map.class);
        if (m != null && ids != null) {
            List<BridgeDatabase.Update> writes = new java.util.ArrayList<>();
            ids.forEach((name, value) -> addLink(writes, m.source().vendor(), name, value, m.id()));
            db.atomically(writes.toArray(BridgeDatabase.Update[]::new));
        }
    }

    /** Records a target's acceptance and the ids it gave. */
    public void delivered(Exchange exchange) {
        if (exchange.getProperty(Exchanges.PRIMARY_QUEUED, false, Boolean.class)) {
            return; // queued for later, not delivered yet
        }
        CanonicalMessage m = Exchanges.message(exchange);
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        Object body = exchange.getMessage().getBody();
        DeliveryReport report = body instanceof DeliveryReport r ? r : Exchanges.report(exchange);
        List<BridgeDatabase.Update> writes = new java.util.ArrayList<>();
        if (report != null) {
            for (DeliveryReceipt receipt : report.receipts()) {
                receipt.ids().forEach((name, value) -> addLink(writes, target, name, value, m.id()));
            }
        }
        writes.add(stateUpdate(m.id(), target, role(exchange), "delivered", exchange, null));
        if (report != null) {
            writes.add(new BridgeDatabase.Update("UPDATE deliveries SET receipts = ? WHERE message_id = ? AND target = ?",
                    Json.write(report.receipts()), m.id(), target));
        }
        db.atomically(writes.toArray(BridgeDatabase.Update[]::new));
    }

    /** The report of a delivery already made (its receipts as the target gave them), or null. */
    public DeliveryReport deliveredReport(String messageId, String target) {
        List<String> stored = db.query("SELECT receipts FROM deliveries WHERE message_id = ? AND target = ?"
                + " AND status = 'delivered' AND receipts IS NOT NULL", rs -> rs.getString(1), messageId, target);
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return new DeliveryReport(target, Json.MAPPER.readValue(stored.get(0),
                    Json.MAPPER.getTypeFactory().constructCollectionType(List.class, DeliveryReceipt.class)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored receipts are unreadable", e);
        }
    }

    /** Whether the message has any delivery state at the target (queued, under way, delivered, failed). */
    public boolean hasDelivery(String messageId, String target) {
        return !db.query("SELECT 1 FROM deliveries WHERE message_id = ? AND target = ?", rs -> 1, messageId, target)
                .isEmpty();
    }

    /** Records a failed delivery (the caller got the error, or the retries are exhausted). */
    public void failed(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        if (m == null || target == null) {
            return;
        }
        state(m.id(), target, role(exchange), "failed", exchange, failure);
    }

    /** Records a primary delivery as under way: one still so after a crash is delivered at the next start. */
    public void inFlight(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        state(m.id(), exchange.getProperty(Exchanges.TARGET, String.class), role(exchange), "in-flight", exchange, null);
    }

    /** Records a delivery waiting in the retry queue. */
    public void pending(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        state(m.id(), exchange.getProperty(Exchanges.TARGET, String.class), role(exchange), "pending", exchange, null);
    }

    private static String role(Exchange exchange) {
        return exchange.getProperty(Exchanges.ROLE, "primary", String.class);
    }

    private void state(String id, String target, String role, String status, Exchange exchange, BridgeException f) {
        BridgeDatabase.Update u = stateUpdate(id, target, role, status, exchange, f);
        db.update(u.sql(), u.args());
    }

    private static BridgeDatabase.Update stateUpdate(String id, String target, String role, String status,
                                                     Exchange exchange, BridgeException f) {
        return new BridgeDatabase.Update("MERGE INTO deliveries (message_id, target, role, status, attempts, category,"
                + " vendor_code, detail, updated_at) KEY (message_id, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, target, role, status, exchange.getProperty(Exchanges.ATTEMPTS, 0, Integer.class),
                f == null ? null : f.category().label(), f == null ? null : f.vendorCode(),
                f == null ? null : truncate(f.getMessage()), System.currentTimeMillis());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    /** An id longer than the column is not linked (it can't be looked up, and is kept in the message itself). */
    private static void addLink(List<BridgeDatabase.Update> writes, String vendor, String name, String value,
                                String messageId) {
        if (value != null && !value.isEmpty() && value.length() <= 256) {
            writes.add(new BridgeDatabase.Update("MERGE INTO message_ids (vendor, name, id_value, message_id)"
                    + " KEY (vendor, name, id_value, message_id) VALUES (?, ?, ?, ?)", vendor, name, value, messageId));
        }
    }

    /** The canonical ids a vendor id (or a canonical id) belongs to. */
    public List<String> resolve(String anyId) {
        List<String> direct = db.query("SELECT id FROM messages WHERE id = ?", rs -> rs.getString(1), anyId);
        if (!direct.isEmpty()) {
            return direct;
        }
        return db.query("SELECT DISTINCT message_id FROM message_ids WHERE id_value = ? ORDER BY message_id",
                rs -> rs.getString(1), anyId);
    }

    /** The whole record of a message: canonical form, every id, every delivery. */
    public ObjectNode record(String messageId) {
        List<String> canonical = db.query("SELECT canonical FROM messages WHERE id = ?", rs -> rs.getString(1), messageId);
        if (canonical.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("id", messageId);
        try {
            out.set("message", Json.MAPPER.readTree(canonical.get(0)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ArrayNode ids = out.putArray("ids");
        db.query("SELECT vendor, name, id_value FROM message_ids WHERE message_id = ? ORDER BY vendor, name",
                rs -> ids.addObject().put("vendor", rs.getString(1)).put("name", rs.getString(2))
                        .put("value", rs.getString(3)), messageId);
        ArrayNode deliveries = out.putArray("deliveries");
        db.query("SELECT target, role, status, attempts, category, vendor_code, detail, updated_at FROM deliveries"
                + " WHERE message_id = ? ORDER BY target", rs -> {
            ObjectNode d = deliveries.addObject();
            d.put("target", rs.getString(1));
            d.put("role", rs.getString(2));
            d.put("status", rs.getString(3));
            d.put("attempts", rs.getInt(4));
            d.put("category", rs.getString(5));
            Object code = rs.getObject(6);
            if (code != null) {
                d.put("vendorCode", ((Number) code).intValue());
            }
            d.put("detail", rs.getString(7));
            d.put("updatedAt", rs.getLong(8));
            return d;
        }, messageId);
        return out;
    }

    /** {@code GET /admin/messages/{id}}: by the canonical id or any vendor id. */
    public void handleGet(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        String id = exchange.getMessage().getHeader("id", String.class);
        List<String> found = id == null ? List.of() : resolve(id);
        if (found.isEmpty()) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "no message with id " + truncate(id)));
            return;
        }
        if (found.size() == 1) {
            Exchanges.replyJson(exchange, 200, record(found.get(0)));
            return;
        }
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("matches", found.stream().map(this::record).toList());
        Exchanges.replyJson(exchange, 200, many);
    }

    /** For tests and the dead-letter re-drive: the stored canonical message. */
    public CanonicalMessage load(String messageId) {
        List<String> canonical = db.query("SELECT canonical FROM messages WHERE id = ?", rs -> rs.getString(1), messageId);
        if (canonical.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(canonical.get(0), CanonicalMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
