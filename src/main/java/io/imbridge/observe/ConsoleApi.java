package io.imbridge.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.delivery.Router;
import io.imbridge.delivery.TargetPacing;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;
import io.imbridge.provider.TryIt;
import io.imbridge.store.DeadLetterTable;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.QueueTable;
import io.imbridge.support.ContextBean;

/**
 * The reads behind the console ({@code routes/console.yaml}), under {@code /admin/…} and its rule ({@link AdminAuth}):
 * the live flow of the last messages, the targets at a glance, and the Try-it request (sandboxes only). Nothing here
 * changes state; Try-it sends through the bridge's own inbound HTTP endpoint as the vendor's client would.
 */
@BindToRegistry("consoleApi")
public class ConsoleApi extends ContextBean {

    static final int MAX_FLOW = 200;
    static final int MAX_TRY_TEXT = 2000;

    @BeanInject("adminAuth")
    AdminAuth adminAuth;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("queueTable")
    QueueTable queue;
    @BeanInject("deadLetterTable")
    DeadLetterTable deadLetters;
    @BeanInject("targetStats")
    TargetStats stats;
    @BeanInject("targetPacing")
    TargetPacing pacing;
    @BeanInject("router")
    Router router;

    @PropertyInject(value = "bridge.sandbox.enabled", defaultValue = "true")
    boolean sandboxes;
    @PropertyInject(value = "bridge.bus", defaultValue = "memory")
    String bus;

    /**
     * {@code GET /admin/flow?limit=50&text=false}: the last messages, newest first, each with every target's state;
     * a message's text only with {@code text=true}.
     */
    public void flow(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        int limit = Math.max(1, Math.min(MAX_FLOW, intHeader(exchange, "limit", 50)));
        boolean withText = "true".equalsIgnoreCase(exchange.getMessage().getHeader("text", String.class));
        List<CanonicalMessage> recent = messages.recent(limit);
        String[] ids = recent.stream().map(CanonicalMessage::id).toArray(String[]::new);
        Map<String, List<DeliveryTable.Outcome>> outcomes = new HashMap<>();
        Map<String, Long> nextTry = new HashMap<>();
        Map<String, DeadLetterTable.Row> letters = new HashMap<>();
        if (ids.length > 0) {
            for (DeliveryTable.Outcome o : deliveries.outcomes(ids)) {
                outcomes.computeIfAbsent(o.row().messageId(), k -> new ArrayList<>()).add(o);
            }
            for (QueueTable.Row q : queue.of(ids)) {
                nextTry.putIfAbsent(q.messageId() + "/" + q.target(), q.notBefore());
            }
            for (DeadLetterTable.Row l : deadLetters.of(ids)) {
                letters.put(l.messageId() + "/" + l.target(), l);
            }
        }
        ObjectNode out = Json.object();
        out.put("now", System.currentTimeMillis());
        out.put("openDeadLetters", deadLetters.openCount());
        ArrayNode list = out.putArray("messages");
        for (CanonicalMessage m : recent) {
            ObjectNode one = summary(m, withText);
            ArrayNode targets = one.putArray("targets");
            for (DeliveryTable.Outcome o : outcomes.getOrDefault(m.id(), List.of())) {
                String key = m.id() + "/" + o.row().target();
                targets.add(target(o, nextTry.get(key), letters.get(key)));
            }
            list.add(one);
        }
        Exchanges.replyJson(exchange, 200, out);
    }

    /** What the flow shows of a message: who, where, when, its elements' kinds; its text only when asked. */
    static ObjectNode summary(CanonicalMessage m, boolean withText) {
        ObjectNode one = Json.object();
        one.put("id", m.id());
        one.put("receivedAt", m.receivedAt());
        one.put("source", m.source().vendor());
        one.put("sender", m.sender());
        one.set("recipients", Json.MAPPER.valueToTree(m.recipients()));
        if (m.conversation() != null) {
            one.put("conversation", m.conversation().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (m.conversation().id() == null ? "" : ":" + m.conversation().id()));
        }
        ArrayNode kinds = one.putArray("kinds");
        StringBuilder text = new StringBuilder();
        for (Element e : m.elements()) {
            kinds.add(e.kind());
            if (e instanceof Element.Text t && t.text() != null) {
                text.append(text.length() == 0 ? "" : "\n").append(t.text());
            }
        }
        if (withText) {
            one.put("text", text.toString());
        }
        return one;
    }

    /**
     * A delivery as the console names its state: delivered (with the target's ids), queued, retrying (with the next
     * try's time), sending, dead-lettered (with the reason), or failed (the caller was answered with the error).
     */
    static ObjectNode target(DeliveryTable.Outcome o, Long nextTryAt, DeadLetterTable.Row letter) {
        DeliveryTable.Row r = o.row();
        ObjectNode t = Json.object();
        t.put("target", r.target());
        t.put("role", r.role().label());
        t.put("state", state(r, letter));
        t.put("attempts", r.attempts());
        t.put("updatedAt", r.updatedAt());
        if (nextTryAt != null && r.status().open()) {
            t.put("nextTryAt", nextTryAt);
        }
        if (r.category() != null) {
            t.put("category", r.category());
            if (r.vendorCode() != null) {
                t.put("vendorCode", r.vendorCode().intValue());
            }
            t.put("reason", r.detail());
        }
        if (letter != null) {
            t.put("deadLetter", letter.id());
        }
        AdminApi.putReceipts(t, o.receipts());
        return t;
    }

    static String state(DeliveryTable.Row r, DeadLetterTable.Row letter) {
        DeliveryStatus s = r.status();
        if (s == DeliveryStatus.DELIVERED) {
            return "delivered";
        }
        if (s == DeliveryStatus.FAILED) {
            return letter != null && "dead".equals(letter.status()) ? "dead-lettered" : "failed";
        }
        if (s == DeliveryStatus.IN_FLIGHT) {
            return "sending";
        }
        if (s == DeliveryStatus.RECALLED) {
            return "recalled";
        }
        // queued or pending: a delivery tried before waits for its next try
        return r.attempts() > 0 || r.category() != null ? "retrying" : "queued";
    }

    /**
     * {@code GET /admin/targets}: per target, deliveries, failures and calls per 10 s over the last 10 minutes, the p99
     * of a delivery's time over the last minute, the queue's depth, the calls/s limit and the calls that waited for
     * it in the last 10–20 s, a rate-limit pause and its end, failures by category; which sources route to it; and
     * how many dead letters are open.
     */
    public void targets(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return;
        }
        Map<String, Integer> depths = queue.depths();
        TreeSet<String> names = new TreeSet<>();
        for (Provider p : getCamelContext().getRegistry().findByType(Provider.class)) {
            names.add(p.name());
        }
        names.addAll(stats.seen());
        ObjectNode out = Json.object();
        long now = System.currentTimeMillis();
        out.put("now", now);
        out.put("sandboxes", sandboxes);
        out.put("openDeadLetters", deadLetters.openCount());
        out.put("bus", bus);
        ArrayNode list = out.putArray("targets");
        for (String name : names) {
            ObjectNode t = list.addObject();
            t.put("target", name);
            ArrayNode from = t.putArray("routedFrom");
            for (String source : names) {
                if (router.configuredTargets(source).contains(name)) {
                    from.add(source);
                }
            }
            TargetStats.View v = stats.view(name);
            t.set("stats", Json.MAPPER.valueToTree(TargetStats.asMap(v)));
            t.put("queueDepth", depths.getOrDefault(name, 0));
            int limit = limitOf(name);
            t.put("callsPerSecondLimit", limit);
            // calls that waited at the throttle, in this bucket and the one before; the throttle holds calls back
            // only in a second with `limit` calls, so with fewer calls than that a wait was the machine's, not it
            int n = v.throttled().length;
            long calls = v.calls()[n - 1] + v.calls()[n - 2];
            long waited = calls >= limit ? v.throttled()[n - 1] + v.throttled()[n - 2] : 0;
            t.put("throttled", waited > 0);
            t.put("throttledCalls", waited);
            t.put("longestThrottleWaitMs", Math.max(v.longestWaitMs()[n - 1], v.longestWaitMs()[n - 2]));
            long paused = pacing.remainingMs(name);
            if (paused > 0) {
                t.put("pausedUntil", now + paused);
            }
        }
        Exchanges.replyJson(exchange, 200, out);
    }

    private int limitOf(String target) {
        try {
            return Integer.parseInt(getCamelContext().resolvePropertyPlaceholders(
                    "{{bridge." + target + ".max-calls-per-second:0}}"));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * {@code POST /admin/try} with {@code {"dialect","from","to","text"}} (sandboxes only): the dialect's own request,
     * signed by its provider's code with the bridge's inbound credentials, set on the exchange for the route to send
     * to the bridge's own endpoint; {@link #TRY_SEND} false (with the answer set) when there is nothing to send.
     */
    public void tryRequest(Exchange exchange) {
        exchange.setProperty(TRY_SEND, send(exchange));
    }

    /** Set by {@link #tryRequest}: whether the exchange now holds a request to send. */
    public static final String TRY_SEND = "bridge.trySend";

    private boolean send(Exchange exchange) {
        if (!adminAuth.allowed(exchange)) {
            return false;
        }
        if (!sandboxes) {
            Exchanges.replyJson(exchange, 404, Map.of("error", "Try it needs the sandboxes (bridge.sandbox.enabled)"));
            return false;
        }
        JsonNode form;
        try {
            form = Json.MAPPER.readTree(Exchanges.body(exchange));
        } catch (Exception e) {
            form = null;
        }
        String dialect = text(form, "dialect");
        String from = text(form, "from");
        String to = text(form, "to");
        String text = text(form, "text");
        TryIt provider = dialect == null ? null
                : getCamelContext().getRegistry().lookupByNameAndType(dialect, TryIt.class);
        if (provider == null || from == null || to == null || text == null || text.length() > MAX_TRY_TEXT) {
            Exchanges.replyJson(exchange, 400, Map.of("error",
                    "give dialect (mychat, openim, tencent or netease), from, to and text (up to 2,000 characters)"));
            return false;
        }
        String real = realTarget(dialect);
        if (real != null) {
            // Try it exercises the bridge against its sandboxes; it never sends a made-up message to a real vendor
            Exchanges.replyJson(exchange, 409, Map.of("error", "Try it sends only where every target is a built-in"
                    + " sandbox; " + dialect + " is routed to " + real + ", which is not"));
            return false;
        }
        TryIt.ExampleRequest request = provider.example(from, to, text);
        var in = exchange.getMessage();
        in.removeHeaders("*");
        request.headers().forEach(in::setHeader);
        in.setHeader(Exchange.HTTP_METHOD, request.method());
        in.setHeader(Exchange.HTTP_PATH, request.path());
        if (request.query() != null) {
            in.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        in.setBody(request.body());
        exchange.setProperty("bridge.tryDialect", dialect);
        return true;
    }

    /** The vendor's answer to the Try-it request, as the page shows it (the request itself, signed, is not shown). */
    public void tryReply(Exchange exchange) {
        var in = exchange.getMessage();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = in.getBody(String.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dialect", exchange.getProperty("bridge.tryDialect", String.class));
        out.put("status", status);
        JsonNode parsed = null;
        try {
            parsed = body == null ? null : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            parsed = null;
        }
        out.put("reply", parsed != null ? parsed : body);
        in.removeHeaders("*");
        Exchanges.replyJson(exchange, 200, out);
    }

    /**
     * A target the dialect's messages go to that is not the bridge's own sandbox of that vendor (its
     * {@code bridge.<target>.url} elsewhere), or null when every one is.
     */
    String realTarget(String dialect) {
        String own = "http://127.0.0.1:" + getCamelContext().resolvePropertyPlaceholders("{{camel.server.port}}")
                + "/sandbox/";
        for (String target : router.configuredTargets(dialect)) {
            String url = getCamelContext().resolvePropertyPlaceholders("{{bridge." + target + ".url:}}");
            if (!url.equals(own + target)) {
                return target;
            }
        }
        return null;
    }

    /** A field of the form: from and to trimmed, the text as typed; null when missing or blank. */
    /** The bridge's own endpoint did not answer Try it's request. */
    public void tryUnreachable(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        Exchanges.replyJson(exchange, 502, Map.of("error", "the bridge did not answer at bridge.console.try-url"));
    }

    private static String text(JsonNode form, String field) {
        JsonNode v = form == null ? null : form.get(field);
        String s = v == null || !v.isTextual() ? null : "text".equals(field) ? v.asText() : v.asText().trim();
        return s == null || s.isBlank() ? null : s;
    }

    private static int intHeader(Exchange exchange, String name, int otherwise) {
        try {
            Integer v = exchange.getMessage().getHeader(name, Integer.class);
            return v == null ? otherwise : v;
        } catch (RuntimeException e) {
            return otherwise;
        }
    }
}
