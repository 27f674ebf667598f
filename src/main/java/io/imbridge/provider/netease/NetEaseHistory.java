package io.imbridge.provider.netease;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.TargetAnswers;

/**
 * NetEase one-to-one history: {@code history/querySessionMsg.action} (CommsEase "History", server API) both ways —
 * the query and its reply {@code {code, size, msgs}} — and the JSON lines a migration reads NetEase messages from.
 * The page: form fields {@code from}, {@code to} (the result holds both directions), {@code begintime},
 * {@code endtime} (ms, begintime earlier than endtime, else 414 "bad time"), {@code limit} (1…100), {@code reverse}
 * (1 ascending, 2 descending — the default, newest first; anything else 414), {@code type} (comma-separated types).
 * No paging: a caller walks by time. 100 calls/s per app, a 10 s block beyond.
 */
public final class NetEaseHistory {

    public static final String PATH = "/nimserver/history/querySessionMsg.action";
    /** The most messages one call answers; a page of fewer is the last. */
    public static final int MAX_LIMIT = 100;
    /** {@code reverse}: oldest first. */
    public static final int ASCENDING = 1;
    /** {@code reverse}: newest first, NetEase's default. */
    public static final int DESCENDING = 2;
    /** NetEase's published default limit of querySessionMsg calls per app (a 10 s block beyond). */
    public static final int MAX_CALLS_PER_SECOND = 100;

    /** The cursor's continuation: the next begintime, and the msgids already read at that millisecond. */
    static final String NEXT_BEGIN = "begintime";
    static final String NEXT_SEEN = "seen";

    /** The msgs item types whose body is {@code {"msg": text}} (the ordinary message API's text body). */
    private static final Set<Integer> MSG_BODY = Set.of(NetEaseCodec.TEXT, NetEaseCodec.ALERT);

    private NetEaseHistory() {
    }

    // ---- the query ---------------------------------------------------------------------------------------------

    /** A checked querySessionMsg form. */
    public record Query(String from, String to, long begin, long end, int limit, int reverse, Set<Integer> types) {

        /** Whether a message between {@code a} and {@code b} of type {@code type} at {@code time} is asked for. */
        boolean wants(String a, String b, int type, long time) {
            boolean pair = from.equals(a) && to.equals(b) || from.equals(b) && to.equals(a);
            return pair && time >= begin && time <= end && (types.isEmpty() || types.contains(type));
        }
    }

    /** The form checks, as NetEase answers them: 414 with what is wrong. */
    public static Query validateQuery(Map<String, String> form) {
        String from = NetEaseRequests.require(form, "from");
        String to = NetEaseRequests.require(form, "to");
        long begin = NetEaseRequests.requireLong(form, "begintime");
        long end = NetEaseRequests.requireLong(form, "endtime");
        if (begin >= end) {
            throw NetEaseError.ParameterError.failure("bad time");
        }
        long limit = NetEaseRequests.requireLong(form, "limit");
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw NetEaseError.ParameterError.failure("limit must be 1 to " + MAX_LIMIT);
        }
        String r = form.get("reverse");
        int reverse = DESCENDING;
        if (r != null && !r.isEmpty()) {
            if (!r.trim().equals(Integer.toString(ASCENDING)) && !r.trim().equals(Integer.toString(DESCENDING))) {
                throw NetEaseError.ParameterError.failure("reverse must be 1 or 2");
            }
            reverse = Integer.parseInt(r.trim());
        }
        Set<Integer> types = new LinkedHashSet<>();
        String t = form.get("type");
        if (t != null && !t.isBlank()) {
            for (String one : t.split(",")) {
                try {
                    types.add(Integer.parseInt(one.trim()));
                } catch (NumberFormatException e) {
                    throw NetEaseError.ParameterError.failure("type must be types separated by \",\"");
                }
            }
        }
        return new Query(from, to, begin, end, (int) limit, reverse, Set.copyOf(types));
    }

    /**
     * The reply to {@code query} from the msgs items NetEase holds (in the order it kept them): the pair's messages
     * in the window, ends included, oldest first or newest first, at most {@code limit} of them (the oldest ones
     * ascending, the newest ones descending).
     */
    public static ObjectNode reply(Query query, List<ObjectNode> items) {
        List<ObjectNode> wanted = items.stream()
                .filter(i -> query.wants(i.path("from").asText(), i.path("to").asText(), i.path("type").asInt(),
                        i.path("sendtime").asLong()))
                .sorted(Comparator.comparingLong(i -> i.path("sendtime").asLong()))
                .collect(Collectors.toCollection(ArrayList::new));
        if (query.reverse() == DESCENDING) {
            java.util.Collections.reverse(wanted);
        }
        ObjectNode reply = Json.object();
        reply.put("code", 200);
        List<ObjectNode> page = wanted.subList(0, Math.min(query.limit(), wanted.size()));
        reply.put("size", page.size());
        ArrayNode msgs = reply.putArray("msgs");
        page.forEach(msgs::add);
        return reply;
    }

    /**
     * The msgs item of a message sent with {@code form} (a sendMsgToSomeone form) from its sender to {@code to}:
     * {@code from}, {@code to}, {@code msgid} (NetEase's server id), {@code msgidclient} (the form's msgId),
     * {@code sendtime}, {@code type}, {@code body}, {@code ext}.
     */
    public static ObjectNode item(Map<String, String> form, String to, long msgid, long sendtime) {
        ObjectNode m = Json.object();
        m.put("from", form.get("fromAccid"));
        m.put("to", to);
        m.put("msgid", msgid);
        m.put("msgidclient", form.get("msgId"));
        m.put("sendtime", sendtime);
        int type = Integer.parseInt(form.get("msgType").trim());
        m.put("type", type);
        m.set("body", body(type, form.getOrDefault("attach", "")));
        String ext = form.get("ext");
        if (ext != null && !ext.isEmpty()) {
            m.put("ext", ext);
        }
        return m;
    }

    /** A history body: text and alert {@code {"msg": …}}, the other kinds their attach JSON (a non-JSON one as text). */
    static JsonNode body(int type, String attach) {
        if (MSG_BODY.contains(type)) {
            return Json.object().put("msg", attach);
        }
        JsonNode parsed = Json.parseOrNull(attach);
        return parsed != null && parsed.isObject() ? parsed : Json.MAPPER.getNodeFactory().textNode(attach);
    }

    /** {@link #body}'s inverse: the attach a body carries. */
    static String attach(int type, JsonNode body) {
        if (body == null || body.isNull()) {
            return null;
        }
        JsonNode b = body.isTextual() && Json.parseOrNull(body.asText()) instanceof ObjectNode o ? o : body;
        if (MSG_BODY.contains(type)) {
            return b.isObject() ? (b.path("msg").isTextual() ? b.get("msg").asText() : null) : b.asText();
        }
        return b.isTextual() ? b.asText() : Json.write(b);
    }

    // ---- paging a pair's history --------------------------------------------------------------------------------

    /**
     * The form of the call for the page {@code cursor} stands at: ascending, {@value #MAX_LIMIT} at a time, from
     * the cursor's begintime (inclusive: messages of the last millisecond read may not all have been read) to the
     * window's end (sent as is and filtered here, whether NetEase counts endtime in or not) ({@code now} when open). NetEase wants begintime earlier than endtime, so a window of one
     * millisecond asks from the one before and drops what is older.
     */
    public static Map<String, String> queryForm(HistoryApi.Cursor cursor, long now) {
        long begin = begin(cursor);
        long end = cursor.until() == Long.MAX_VALUE ? now : cursor.until();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("from", cursor.from());
        form.put("to", cursor.to());
        form.put("begintime", Long.toString(Math.max(0, Math.min(begin, end - 1))));
        form.put("endtime", Long.toString(end));
        form.put("limit", Integer.toString(MAX_LIMIT));
        form.put("reverse", Integer.toString(ASCENDING));
        // only the kinds a migration carries (not notifications or robot messages), so one of those never stops a pair
        form.put("type", NetEaseCodec.TYPES.types().stream().map(String::valueOf).collect(Collectors.joining(",")));
        return form;
    }

    private static long begin(HistoryApi.Cursor cursor) {
        return cursor.next() != null && cursor.next().containsKey(NEXT_BEGIN)
                ? Long.parseLong(cursor.next().get(NEXT_BEGIN)) : cursor.since();
    }

    private static Set<String> seen(HistoryApi.Cursor cursor) {
        String s = cursor.next() == null ? null : cursor.next().get(NEXT_SEEN);
        return s == null || s.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(Arrays.asList(s.split(",")));
    }

    /**
     * One page's messages in time order, and the next cursor: null when the page was not full. Messages of the
     * page's last millisecond are asked for again on the next page (more may share it) and those already read are
     * skipped by msgid, so none is skipped or repeated. A full page of nothing new means over {@value #MAX_LIMIT}
     * messages in one millisecond, which NetEase's time-walked query cannot page past: refused, not looped.
     */
    public static HistoryApi.Page page(HistoryApi.Cursor cursor, int status, String body) {
        JsonNode reply = Json.parseOrNull(body);
        if (reply == null || !reply.isObject() || !reply.path("code").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NetEaseProvider.NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("code").asInt();
        if (code != 200) {
            throw TargetAnswers.fromCode(NetEaseProvider.ERRORS, code,
                    reply.path("desc").isTextual() ? reply.get("desc").asText() : "");
        }
        JsonNode msgs = reply.path("msgs");
        long begin = begin(cursor);
        Set<String> seen = seen(cursor);
        List<HistoryItem> items = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (JsonNode m : msgs) {
            HistoryItem item = item(m, cursor.from(), cursor.to());
            long t = item.message().sentAt() == null ? 0 : item.message().sentAt();
            last = Math.max(last, t);
            if (t < begin || t >= cursor.until() || t == begin && seen.contains(item.key())) {
                continue;
            }
            items.add(item);
        }
        items.sort(Comparator.comparingLong(i -> i.message().sentAt() == null ? 0 : i.message().sentAt()));
        if (msgs.size() < MAX_LIMIT || last >= cursor.until()) {
            return new HistoryApi.Page(items, null);
        }
        Set<String> atLast = last == begin ? seen : new LinkedHashSet<>();
        for (HistoryItem i : items) {
            if (i.message().sentAt() != null && i.message().sentAt() == last) {
                atLast.add(i.key());
            }
        }
        if (items.isEmpty()) {
            throw new BridgeException(io.imbridge.canonical.ErrorCategory.UNSUPPORTED, NetEaseProvider.NAME, null,
                    "over " + MAX_LIMIT + " messages of " + cursor.from()
                    + " and " + cursor.to() + " at " + last + " ms: querySessionMsg cannot page past them");
        }
        return new HistoryApi.Page(items, new HistoryApi.Cursor(cursor.from(), cursor.to(), cursor.since(),
                cursor.until(), Map.of(NEXT_BEGIN, Long.toString(last), NEXT_SEEN, String.join(",", atLast))));
    }

    // ---- reading history lines ----------------------------------------------------------------------------------

    /**
     * The messages of one line: a whole querySessionMsg reply ({@code msgs}), one of its msgs items ({@code msgid},
     * {@code sendtime}, {@code body}), or a sendMsgToSomeone request as a JSON object of its form fields
     * ({@code msgId}, {@code fromAccid}, …; {@code toAccids} an array or its string form).
     */
    public static List<HistoryItem> read(JsonNode line) {
        if (line == null || !line.isObject()) {
            throw NetEaseError.ParameterError.failure("a line must be a JSON object");
        }
        if (line.has("msgs")) {
            if (line.has("code") && line.path("code").asInt() != 200) {
                throw NetEaseError.ParameterError.failure("code " + line.get("code").asText()
                        + ": not a page of messages");
            }
            if (!line.get("msgs").isArray()) {
                throw NetEaseError.ParameterError.failure("msgs must be an array");
            }
            List<HistoryItem> out = new ArrayList<>();
            line.get("msgs").forEach(m -> out.add(item(m, null, null)));
            return out;
        }
        if (line.has("msgid") || line.has("sendtime") || line.has("body")) {
            return List.of(item(line, null, null));
        }
        if (line.has("msgId") || line.has("fromAccid")) {
            return List.of(sent(line));
        }
        throw NetEaseError.ParameterError.failure("neither a querySessionMsg reply (msgs), one of its msgs (msgid),"
                + " nor a sendMsgToSomeone form (msgId, fromAccid)");
    }

    /**
     * A msgs item as a history item (key: msgid). The pair {@code a}, {@code b} names the other party when the item
     * does not say {@code to} (the query asked for both directions).
     */
    static HistoryItem item(JsonNode m, String a, String b) {
        if (!m.isObject()) {
            throw NetEaseError.ParameterError.failure("a msgs item must be a JSON object");
        }
        String from = text(m, "from", true);
        String to = text(m, "to", false);
        if (to == null && a != null) {
            to = from.equals(a) ? b : a;
        }
        if (to == null) {
            throw NetEaseError.ParameterError.failure("to is required");
        }
        String msgid = text(m, "msgid", true);
        Long sendtime = m.hasNonNull("sendtime") ? longValue(m, "sendtime") : null;
        long type = longValue(m, "type");
        if (type != (int) type || !NetEaseCodec.TYPES.types().contains((int) type)) {
            throw NetEaseError.MsgTypeUnsupported.failure("type " + type + " cannot be migrated");
        }
        Map<String, String> form = new LinkedHashMap<>();
        String attach = attach((int) type, m.get("body"));
        if (attach != null) {
            form.put("attach", attach);
        }
        Element element;
        try {
            element = NetEaseCodec.element(new NetEaseSend(form, 0, msgid, from, List.of(to), (int) type));
        } catch (BridgeException e) {
            // the codec names the send API's attach; a history item calls it body
            throw new BridgeException(e.category(), e.vendor(), e.vendorCode(),
                    e.getMessage().replace("attach", "body"));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("msgid", msgid);
        if (m.path("msgidclient").isValueNode() && !m.get("msgidclient").isNull()) {
            ids.put("msgidclient", m.get("msgidclient").asText());
        }
        String customData = null;
        JsonNode ext = m.get("ext");
        if (ext != null && !ext.isNull() && !(ext.isTextual() && ext.asText().isEmpty())) {
            JsonNode parsed = ext.isTextual() ? Json.parseOrNull(ext.asText()) : ext;
            // a message the bridge migrated into NetEase before: its original time is in ext
            if (parsed instanceof ObjectNode o && o.path(NetEaseCodec.HISTORY_SENT_AT).canConvertToLong()) {
                sendtime = o.remove(NetEaseCodec.HISTORY_SENT_AT).asLong();
                customData = o.isEmpty() ? null : Json.write(o);
            } else {
                customData = ext.isTextual() ? ext.asText() : Json.write(ext);
            }
        }
        CanonicalMessage message = new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION,
                BridgeId.derived(sendtime == null ? 0 : sendtime, NetEaseProvider.NAME + ":" + msgid),
                new Source(NetEaseProvider.NAME, ids), from, List.of(to), Conversation.DIRECT, sendtime,
                System.currentTimeMillis(), List.of(element), DeliveryOptions.NONE, customData, Map.of());
        return new HistoryItem(message, msgid, 0);
    }

    /** A sendMsgToSomeone form given as a JSON object: checked as the send API checks it (key: msgId; no time). */
    static HistoryItem sent(JsonNode line) {
        Map<String, String> form = new LinkedHashMap<>();
        line.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (!v.isNull()) {
                form.put(f.getKey(), v.isContainerNode() ? Json.write(v) : v.asText());
            }
        });
        NetEaseSend send = NetEaseRequests.validateSend(form);
        CanonicalMessage message = NetEaseCodec.toCanonical(send,
                BridgeId.derived(0, NetEaseProvider.NAME + ":" + send.msgId()), System.currentTimeMillis());
        return new HistoryItem(message, send.msgId(), 0);
    }

    private static String text(JsonNode m, String field, boolean required) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw NetEaseError.ParameterError.failure(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw NetEaseError.ParameterError.failure(field + " must be a string");
        }
        return v.asText();
    }

    /** A number NetEase may write as a JSON number or its string form. */
    private static long longValue(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            throw NetEaseError.ParameterError.failure(field + " is required");
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw NetEaseError.ParameterError.failure(field + " must be a number");
    }
}
