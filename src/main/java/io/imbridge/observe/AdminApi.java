package io.imbridge.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.imbridge.delivery.DeadLettering;
import io.imbridge.provider.Exchanges;
import io.imbridge.store.DeadLetterTable;
import io.imbridge.store.DeliveredCallTable;
import io.imbridge.store.QueueTable;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.RecallTable;

/**
 * The administration API ({@code routes/admin.yaml}): a message's whole record by any of its ids, the dead letters
 * and their re-drive. Guarded by {@link AdminAuth}.
 */
@BindToRegistry("adminApi")
public class AdminApi {

    @BeanInject("adminAuth")
    AdminAuth adminAuth;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("recallTable")
    RecallTable recalls;
    @BeanInject("messageIdTable")
    MessageIdTable ids;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("deadLetterTable")
    DeadLetterTable deadLetters;
    @BeanInject("deadLettering")
    DeadLettering deadLettering;
    @BeanInject("bus")
    io.imbridge.bus.Bus bus;
    @BeanInject("busReplay")
    io.imbridge.bus.BusReplay busReplay;
    @BeanInject("deliveredCallTable")
    DeliveredCallTable calls;
    @BeanInject("queueTable")
    QueueTable queue;
    @BeanInject("recentTries")
    RecentTries tries;

    /**
     * {@code POST /admin/bus/replay?fromTime=<ISO-8601 or epoch ms>|fromOffset=<n>[&targets=a,b]}: the messages topic
     * delivered again from there (Kafka bus only); what is delivered already is skipped. Answers the counts.
     */
    public void busReplay(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        if (!bus.on()) {
            Exchanges.replyJson(exchange, 409, Map.of("error", "the bus is not Kafka (bridge.bus=memory)"));
            return;
        }
        var in = exchange.getMessage();
        String time = in.getHeader("fromTime", String.class);
        String offset = in.getHeader("fromOffset", String.class);
        Long fromTime = null;
        Long fromOffset = null;
        try {
            if (offset != null) {
                fromOffset = Long.parseLong(offset.trim());
            } else if (time != null) {
                fromTime = io.imbridge.bus.BusReplay.fromTimeMs(time);
            }
        } catch (RuntimeException e) {
            fromTime = null;
            fromOffset = null;
        }
        if (fromTime == null && fromOffset == null) {
            Exchanges.replyJson(exchange, 400, Map.of("error",
                    "give fromTime (ISO-8601 or epoch ms) or fromOffset (a number)"));
            return;
        }
        List<String> targets = bus.consumedTargets(in.getHeader("targets", String.class));
        Exchanges.replyJson(exchange, 200, busReplay.replay(fromTime, fromOffset, targets).answer(targets));
    }

    /** {@code GET /admin/messages/{id}}: by the canonical id or any provider id. */
    public void message(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        String id = exchange.getMessage().getHeader("id", String.class);
        List<String> found = id == null ? List.of() : resolve(id);
        if (found.isEmpty()) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "no message with id " + clip(id)));
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

    /** The canonical ids a provider id (or a canonical id) belongs to. */
    List<String> resolve(String anyId) {
        return messages.exists(anyId) ? List.of(anyId) : ids.messagesWith(anyId);
    }

    /** The whole record of a message: canonical form, every id, every delivery. */
    ObjectNode record(String messageId) {
        CanonicalMessage m = messages.load(messageId);
        ObjectNode out = Json.object();
        out.put("id", messageId);
        out.set("message", Json.MAPPER.valueToTree(m));
        ArrayNode idList = out.putArray("ids");
        for (MessageIdTable.MessageId i : ids.of(messageId)) {
            idList.addObject().put("vendor", i.vendor()).put("name", i.name()).put("value", i.value());
        }
        ArrayNode list = out.putArray("deliveries");
        for (DeliveryTable.Row r : deliveries.of(messageId)) {
            ObjectNode d = list.addObject();
            d.put("target", r.target());
            d.put("role", r.role().label());
            d.put("status", r.status().label());
            d.put("attempts", r.attempts());
            d.put("category", r.category());
            if (r.vendorCode() != null) {
                d.put("vendorCode", r.vendorCode().intValue());
            }
            d.put("detail", r.detail());
            d.put("updatedAt", r.updatedAt());
        }
        RecallTable.Row recall = recalls.of(messageId);
        if (recall != null) {
            ObjectNode r = out.putObject("recall");
            r.set("event", Json.MAPPER.valueToTree(recall.recall()));
            r.set("outcomes", Json.MAPPER.valueToTree(recall.outcomes()));
        }
        out.set("journey", journey(m, messageId, recall));
        return out;
    }

    /**
     * The message's journey, in time order: accepted; each call a target accepted, with its receipt; each failed try
     * this instance saw (with the next try's time); each delivery's latest state with its receipts; each dead letter;
     * a next try still to come.
     */
    ArrayNode journey(CanonicalMessage m, String messageId, RecallTable.Row recall) {
        List<ObjectNode> events = new java.util.ArrayList<>();
        if (m != null) {
            events.add(event(m.receivedAt(), "accepted", null).put("source", m.source().vendor()));
        }
        if (recall != null) {
            // the recall, then what became of each copy (just after it, in target order)
            ObjectNode asked = event(recall.recalledAt(), "recall requested", null)
                    .put("source", recall.recall().source().vendor());
            if (recall.recall().operator() != null) {
                asked.put("operator", recall.recall().operator());
            }
            events.add(asked);
            for (io.imbridge.canonical.RecallReport.Outcome o : recall.outcomes()) {
                ObjectNode e = event(recall.recalledAt(), "recall " + o.status().label(), o.target());
                if (o.category() != null) {
                    e.put("category", o.category());
                    if (o.vendorCode() != null) {
                        e.put("vendorCode", o.vendorCode().intValue());
                    }
                }
                if (o.detail() != null) {
                    e.put("reason", o.detail());
                }
                events.add(e);
            }
        }
        for (DeliveredCallTable.Call c : calls.of(messageId)) {
            events.add(receipt(event(c.at(), "call accepted", c.target()), c.receipt()));
        }
        for (RecentTries.Try t : tries.of(messageId)) {
            ObjectNode e = event(t.at(), t.outcome(), t.target()).put("attempt", t.attempt())
                    .put("category", t.category()).put("reason", t.detail());
            if (t.vendorCode() != null) {
                e.put("vendorCode", t.vendorCode().intValue());
            }
            if (t.nextTryAt() != null) {
                e.put("nextTryAt", t.nextTryAt().longValue());
            }
            events.add(e);
        }
        for (DeliveryTable.Outcome o : deliveries.outcomes(new String[] {messageId})) {
            DeliveryTable.Row r = o.row();
            ObjectNode e = event(r.updatedAt(), r.status().label(), r.target()).put("role", r.role().label())
                    .put("attempts", r.attempts());
            if (r.category() != null) {
                e.put("category", r.category()).put("reason", r.detail());
            }
            putReceipts(e, o.receipts());
            events.add(e);
        }
        for (DeadLetterTable.Row l : deadLetters.of(messageId)) {
            ObjectNode e = event(l.at(), "dead-lettered", l.target()).put("deadLetter", l.id())
                    .put("category", l.category()).put("reason", l.reason()).put("attempts", l.attempts())
                    .put("letterStatus", l.status());
            if (l.vendorCode() != null) {
                e.put("vendorCode", l.vendorCode().intValue());
            }
            events.add(e);
        }
        for (QueueTable.Row q : queue.of(new String[] {messageId})) {
            events.add(event(q.notBefore(), "next try", q.target()).put("attempts", q.attempts()));
        }
        events.sort(java.util.Comparator.comparingLong(e -> e.get("at").asLong()));
        ArrayNode out = Json.MAPPER.createArrayNode();
        events.forEach(out::add);
        return out;
    }

    private static ObjectNode event(long at, String kind, String target) {
        ObjectNode e = Json.object();
        e.put("at", at);
        e.put("event", kind);
        if (target != null) {
            e.put("target", target);
        }
        return e;
    }

    /** A receipt as the admin API and the console show it: its recipient and the target's ids. */
    static ObjectNode receipt(ObjectNode e, io.imbridge.canonical.DeliveryReceipt r) {
        e.put("recipient", r.recipient());
        e.set("ids", Json.MAPPER.valueToTree(r.ids()));
        return e;
    }

    /** A delivery's receipts, as {@code receipts}. */
    static void putReceipts(ObjectNode node, List<io.imbridge.canonical.DeliveryReceipt> receipts) {
        ArrayNode list = node.putArray("receipts");
        receipts.forEach(r -> receipt(list.addObject(), r));
    }

    /**
     * {@code GET /admin/dead-letters[?messages=false]}: the dead letters, oldest first, each with its message (left out
     * with {@code messages=false}, as the console asks: the list shows no text unless asked).
     */
    public void deadLetters(Exchange exchange) {
        if (adminAuth.allowed(exchange)) {
            boolean withMessages = !"false".equalsIgnoreCase(exchange.getMessage().getHeader("messages", String.class));
            Exchanges.replyJson(exchange, 200, deadLetterList(withMessages));
        }
    }

    ArrayNode deadLetterList(boolean withMessages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (DeadLetterTable.Row r : deadLetters.all()) {
            ObjectNode d = out.addObject();
            d.put("id", r.id());
            d.put("messageId", r.messageId());
            d.put("target", r.target());
            d.put("category", r.category());
            d.put("vendor", r.vendor());
            if (r.vendorCode() != null) {
                d.put("vendorCode", r.vendorCode().intValue());
            }
            d.put("reason", r.reason());
            d.put("attempts", r.attempts());
            d.put("at", r.at());
            d.put("status", r.status());
            CanonicalMessage m = r.messageId() == null || !withMessages ? null : messages.load(r.messageId());
            if (m != null) {
                d.set("message", Json.MAPPER.valueToTree(m));
            }
        }
        return out;
    }

    /** {@code POST /admin/dead-letters/{id}/retry}: delivers the message to its target again, with fresh retries. */
    public void retryDeadLetter(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        String id = exchange.getMessage().getHeader("id", String.class);
        long letterId;
        try {
            letterId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "no dead letter " + clip(id)));
            return;
        }
        DeadLetterTable.Row letter = deadLetters.get(letterId);
        switch (deadLettering.redrive(letterId)) {
            case UNKNOWN -> Exchanges.replyJson(exchange, 404, Map.of("error", "no dead letter " + id));
            case ALREADY_RETRIED -> Exchanges.replyJson(exchange, 409,
                    Map.of("error", "dead letter " + id + " was already retried"));
            case QUEUED -> Exchanges.replyJson(exchange, 202,
                    Map.of("retrying", id, "messageId", letter.messageId(), "target", letter.target()));
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
