package io.imbridge.provider.netease;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallResult;
import io.imbridge.provider.FormEncoding;
import io.imbridge.provider.Capabilities;
import io.imbridge.provider.Digests;
import io.imbridge.provider.ErrorTable;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.HistoryReader;
import io.imbridge.provider.Limits;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.TargetAnswers;
import io.imbridge.provider.Provider;
import io.imbridge.provider.RecallApi;
import io.imbridge.provider.RecallCalls;
import io.imbridge.provider.SendApi;
import io.imbridge.provider.ReplayGuard;
import io.imbridge.provider.TryIt;

/**
 * NetEase Yunxin (CommsEase) chat-room directed messages: the bridge as NetEase's server
 * ({@code chatroom/sendMsgToSomeone.action}) and as its client. The routes in {@code routes/netease.yaml} call these
 * methods by the bean name {@code netease}.
 */
public class NetEaseProvider implements Provider, SendApi, RecallApi, HistoryReader, HistoryApi, TryIt {

    public static final String NAME = "netease";
    public static final ErrorTable<NetEaseError> ERRORS = new ErrorTable<>(NAME, NetEaseError.class,
            ErrorCategory.INTERNAL);
    /**
     * NetEase's chat-room msgTypes (docs/providers.md#netease-message-types); a face goes as custom (100)
     * {"type":"face",…}. Limits (docs/providers.md#netease-limits): toAccids at most 100, attach and ext up to 4096
     * characters each.
     */
    public static final Capabilities CAPABILITIES = new Capabilities(
            Set.of("text", "image", "audio", "video", "file", "location", "alert", "custom"),
            Map.of("face", "custom (100) {\"type\":\"face\",\"index\":…,\"data\":…}"),
            Limits.none().maxRecipients(100).maxAttachChars(4096).maxExtChars(4096));

    private static final SecureRandom NONCES = new SecureRandom();
    /** Nonces callers used within the CurTime window: a replayed request is refused. */
    private final ReplayGuard nonces = new ReplayGuard(1_000_000);

    @PropertyInject(value = "bridge.netease.inbound.app-key", defaultValue = "change-me-netease-appkey")
    String inboundAppKey;
    @PropertyInject(value = "bridge.netease.inbound.app-secret", defaultValue = "change-me-netease-secret")
    String inboundAppSecret;
    @PropertyInject(value = "bridge.netease.app-key", defaultValue = "sandbox-netease-appkey")
    String appKey;
    @PropertyInject(value = "bridge.netease.app-secret", defaultValue = "sandbox-netease-secret")
    String appSecret;
    @PropertyInject(value = "bridge.netease.room-id", defaultValue = "36")
    long roomId;

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ErrorTable<NetEaseError> errors() {
        return ERRORS;
    }

    // ---- inbound ---------------------------------------------------------------------------------------------

    /** The caller's credentials: AppKey, CheckSum = sha1(secret+Nonce+CurTime), CurTime's window, a fresh Nonce. */
    public void authenticate(Exchange exchange) {
        Exchanges.requireMethod(exchange, "POST");
        NetEaseRequests.checkHeaders(exchange, inboundAppKey, inboundAppSecret, nonces);
    }

    /**
     * {@code netease:send-request}: a sendMsgToSomeone form (or a chatroom/sendMsg one, to the whole room: route
     * {@code netease-room-inbound}) checked and made canonical.
     */
    @Override
    public CanonicalMessage readSend(Exchange exchange) {
        Map<String, String> form = NetEaseRequests.form(exchange);
        String api = Exchanges.path(exchange);
        NetEaseSend send = api.endsWith("/" + ROOM_SEND) ? NetEaseRequests.validateRoomSend(form)
                : api.endsWith("/" + MSG_SEND) ? NetEaseRequests.validateMsgSend(form)
                : NetEaseRequests.validateSend(form);
        exchange.setProperty(Exchanges.INBOUND, Map.of("send", send));
        return NetEaseCodec.toCanonical(send, BridgeId.next(), System.currentTimeMillis());
    }

    private static boolean isLong(String s) {
        return s != null && !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    /** The chat room's broadcast, under {@code nimserver/} (route {@code netease-call} calls it by its name). */
    public static final String ROOM_SEND = "chatroom/sendMsg.action";
    /** The ordinary message API (one-to-one with ope 0, a team with ope 1), under {@code nimserver/}. */
    public static final String MSG_SEND = "msg/sendMsg.action";
    /** The header an outbound call names its API in, when it is not sendMsgToSomeone; not sent to NetEase. */
    public static final String API_HEADER = "NeteaseApi";

    /** A resend of the same msgId by the same sender (resendFlag or not) is the same message. */
    @Override
    public String idempotencyKey(Exchange exchange, CanonicalMessage message) {
        NetEaseSend send = (NetEaseSend) Exchanges.inbound(exchange).get("send");
        if (send.ordinary()) {
            return null; // msg/sendMsg carries no client id: NetEase makes the msgid
        }
        return NAME + "|" + inboundAppKey + "|" + send.from() + "|" + send.msgId();
    }

    /** The documented sendMsgToSomeone reply, {@code desc} filled from the delivery. */
    @Override
    public void replySent(Exchange exchange, DeliveryReport report) {
        NetEaseSend send = (NetEaseSend) Exchanges.inbound(exchange).get("send");
        CanonicalMessage m = Exchanges.message(exchange);
        if (send.ordinary()) {
            // msg/sendMsg answers NetEase's msgid and timetag: a NetEase target's pair, else the bridge's own (the
            // msgid linked to the message, as a later recall names it)
            String targetId = report == null ? null : report.firstId("msgid");
            String targetTime = report == null ? null : report.firstId("timetag");
            boolean fromTarget = isLong(targetId) && isLong(targetTime);
            long msgid = fromTarget ? Long.parseLong(targetId) : Digests.positiveLong(m.id());
            Exchanges.callerId(exchange, "msgid", Long.toString(msgid));
            Exchanges.replyJson(exchange, 200, NetEaseRequests.msgSentReply(msgid,
                    fromTarget ? Long.parseLong(targetTime) : m.receivedAt()));
            return;
        }
        Exchanges.replyJson(exchange, 200, NetEaseRequests.sentReply(send, m.receivedAt()));
    }

    @Override
    public void replyError(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        // a team's API (msg/sendMsg with ope 1) has its own codes; a room's are the chat room's usual ones
        NetEaseError code = ERRORS.answerFor(failure, m != null && m.addressedToGroup()
                && m.conversation().kind() == Conversation.Kind.GROUP);
        NetEaseRequests.replyError(exchange, code.code(), failure.getMessage());
    }

    // ---- inbound recall ---------------------------------------------------------------------------------------

    /** {@code netease:recall-request}: a msg/recall form (by msgid) or a chatroom/recall one (by msgId). */
    @Override
    public List<Recall> readRecall(Exchange exchange) {
        Map<String, String> form = NetEaseRequests.form(exchange);
        return List.of(Exchanges.path(exchange).endsWith("/" + NetEaseRecall.ROOM_RECALL)
                ? NetEaseRecall.roomRecall(form) : NetEaseRecall.msgRecall(form));
    }

    /**
     * {@code {"code": 200}}, or the recall's refusal as the error (404 no such message, 417 recalled before); copies
     * a target could not take back are named in {@code desc}.
     */
    @Override
    public void replyRecalled(Exchange exchange, List<RecallResult> results) {
        RecallResult r = results.get(0);
        if (r.failure() != null) {
            throw r.failure();
        }
        com.fasterxml.jackson.databind.node.ObjectNode reply = Json.object();
        reply.put("code", 200);
        if (r.copiesLeft() != null) {
            reply.put("desc", r.copiesLeft());
        }
        Exchanges.replyJson(exchange, 200, reply);
    }

    /**
     * NetEase's documented form post to {@code /netease/nimserver/chatroom/sendMsgToSomeone.action}: a text (msgType 0)
     * into the configured room, a msgId derived from a fresh bridge id, the AppKey/Nonce/CurTime/CheckSum headers of
     * the inbound app.
     */
    @Override
    public ExampleRequest example(String from, String to, String text) {
        CanonicalMessage message = TryIt.message(NAME, from, to, text, null);
        Map<String, String> form = NetEaseCodec.toForms(message, roomId, false).get(0);
        return new ExampleRequest("POST", "/netease/nimserver/chatroom/sendMsgToSomeone.action", null, formBody(form),
                signedHeaders(inboundAppKey, inboundAppSecret));
    }

    /** A cell of the groups file: a team's tid, or {@code room:<roomid>} for a chat room. */
    @Override
    public Conversation group(String cell) {
        return cell.startsWith(ROOM_CELL)
                ? new Conversation(Conversation.Kind.CHAT_ROOM, cell.substring(ROOM_CELL.length()))
                : new Conversation(Conversation.Kind.GROUP, cell);
    }

    @Override
    public String groupCell(Conversation conversation) {
        return conversation.kind() == Conversation.Kind.CHAT_ROOM ? ROOM_CELL + conversation.id() : conversation.id();
    }

    private static final String ROOM_CELL = "room:";

    // ---- outbound --------------------------------------------------------------------------------------------

    /** The form posts for a message, signed now; {@code resendFlag=1} when this is a retry. */
    @Override
    public List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt) {
        return calls(addressed, attempt > 1);
    }

    public List<OutboundCall> calls(CanonicalMessage m, boolean resend) {
        if (m.addressedToGroup()) {
            return roomCalls(m, resend);
        }
        List<OutboundCall> calls = new ArrayList<>();
        for (Map<String, String> form : NetEaseCodec.toForms(m, roomId, resend)) {
            calls.add(new OutboundCall(form.get("toAccids"), null, formBody(form), signedHeaders(appKey, appSecret)));
        }
        return calls;
    }

    /**
     * A group message into the chat room the groups file names ({@code room:<roomid>}), by chatroom/sendMsg, one post
     * per element; into a team (a tid), by msg/sendMsg with ope 1.
     */
    private List<OutboundCall> roomCalls(CanonicalMessage m, boolean resend) {
        String room = m.conversation().id();
        if (m.conversation().kind() == Conversation.Kind.GROUP) {
            return teamCalls(m);
        }
        if (m.conversation().kind() != Conversation.Kind.CHAT_ROOM) {
            throw new BridgeException(ErrorCategory.UNSUPPORTED, NAME, null,
                    "a NetEase group is a team or a chat room, not a " + m.conversation().kind());
        }
        if (!isLong(room)) {
            throw new BridgeException(ErrorCategory.RECIPIENT_UNKNOWN, NAME, null,
                    "a NetEase chat room is a roomid (a number), not " + room);
        }
        List<OutboundCall> calls = new ArrayList<>();
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(appKey, appSecret));
        headers.put(API_HEADER, ROOM_SEND);
        for (Map<String, String> form : NetEaseCodec.toForms(m, Long.parseLong(room), resend)) {
            calls.add(new OutboundCall(null, null, formBody(form), headers));
        }
        return calls;
    }

    private List<OutboundCall> teamCalls(CanonicalMessage m) {
        List<OutboundCall> calls = new ArrayList<>();
        for (Map<String, String> form : NetEaseCodec.toTeamForms(m, m.conversation().id())) {
            Map<String, String> headers = new java.util.HashMap<>(signedHeaders(appKey, appSecret));
            headers.put(API_HEADER, MSG_SEND);
            calls.add(new OutboundCall(null, null, formBody(form), headers));
        }
        return calls;
    }

    /**
     * A delivered copy taken back: a team's by msg/recall (type 8, its msgid and timetag), a chat room's — the room
     * the groups file names, or bridge.netease.room-id for a directed message — by chatroom/recall (its msgid_client
     * and time), one post per receipt.
     */
    @Override
    public RecallCalls recallCalls(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        boolean team = addressed.addressedToGroup() && addressed.conversation().kind() == Conversation.Kind.GROUP;
        List<Map<String, String>> forms;
        if (team) {
            forms = NetEaseRecall.teamForms(addressed, receipts);
        } else {
            long room = addressed.addressedToGroup() ? Long.parseLong(addressed.conversation().id()) : roomId;
            forms = NetEaseRecall.roomForms(addressed, room, receipts);
        }
        if (forms.isEmpty()) {
            return RecallCalls.cannot("NetEase gave no " + (team ? "msgid and timetag" : "msgid_client and time")
                    + " for the copy");
        }
        List<OutboundCall> calls = new ArrayList<>();
        for (Map<String, String> form : forms) {
            Map<String, String> headers = new java.util.HashMap<>(signedHeaders(appKey, appSecret));
            headers.put(API_HEADER, team ? NetEaseRecall.MSG_RECALL : NetEaseRecall.ROOM_RECALL);
            calls.add(new OutboundCall(null, null, formBody(form), headers));
        }
        return RecallCalls.recall(calls);
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    // ---- history ---------------------------------------------------------------------------------------------

    /** A querySessionMsg reply, one of its msgs, or a sendMsgToSomeone form as JSON (see {@link NetEaseHistory#read}). */
    @Override
    public List<HistoryItem> readHistory(JsonNode line) {
        return NetEaseHistory.read(line);
    }

    @Override
    public java.util.List<String> sourceCredentials() {
        return java.util.List.of("app-key", "app-secret");
    }

    /** NetEase's published default for querySessionMsg: 100 calls/s per app (a 10 s block beyond). */
    @Override
    public int maxHistoryCallsPerSecond() {
        return NetEaseHistory.MAX_CALLS_PER_SECOND;
    }

    /**
     * {@code POST {url}/nimserver/history/querySessionMsg.action}, signed with the source's {@code app-key} and
     * {@code app-secret}.
     */
    @Override
    public Request historyRequest(Source source, Cursor cursor) {
        String key = source.credential("app-key");
        String secret = source.credential("app-secret");
        if (key == null || key.isEmpty() || secret == null || secret.isEmpty()) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, NAME, null,
                    "the NetEase source needs app-key and app-secret");
        }
        return new Request(source.url() + NetEaseHistory.PATH, null, signedHeaders(key, secret),
                formBody(NetEaseHistory.queryForm(cursor, System.currentTimeMillis())));
    }

    @Override
    public Page readHistoryPage(Cursor cursor, int status, String body) {
        return NetEaseHistory.page(cursor, status, body);
    }

    private static Map<String, String> signedHeaders(String appKey, String appSecret) {
        byte[] n = new byte[16];
        NONCES.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        String curTime = Long.toString(System.currentTimeMillis() / 1000);
        Map<String, String> h = new HashMap<>();
        h.put("AppKey", appKey);
        h.put("Nonce", nonce);
        h.put("CurTime", curTime);
        h.put("CheckSum", NetEaseCheckSum.of(appSecret, nonce, curTime));
        h.put(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded;charset=utf-8");
        return h;
    }

    private static String enc(String s) {
        return FormEncoding.encode(s == null ? "" : s);
    }

    @Override
    public String historyTime() {
        return "ext." + NetEaseCodec.HISTORY_SENT_AT + " (ms since the epoch, UTC); NetEase stamps its own time on arrival";
    }

    public DeliveryReceipt readReply(Exchange exchange) {
        int status = TargetAnswers.status(exchange);
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.isObject() || !reply.path("code").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("code").asInt();
        if (code != 200) {
            throw TargetAnswers.fromCode(ERRORS, code, reply.path("desc").isTextual() ? reply.get("desc").asText() : "");
        }
        JsonNode desc = reply.path("desc");
        Map<String, String> ids = new HashMap<>();
        if (desc.hasNonNull("msgid_client")) {
            ids.put("msgid_client", desc.get("msgid_client").asText());
        }
        JsonNode data = reply.path("data");
        if (data.hasNonNull("msgid")) {
            // msg/sendMsg's: its msgid and timetag are what a recall names
            ids.put("msgid", data.get("msgid").asText());
            if (data.path("timetag").canConvertToLong()) {
                ids.put("timetag", data.get("timetag").asText());
                return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), ids, data.get("timetag").asLong());
            }
        }
        Long time = desc.hasNonNull("time") && desc.get("time").asText().chars().allMatch(Character::isDigit)
                && !desc.get("time").asText().isEmpty() ? Long.valueOf(desc.get("time").asText()) : null;
        return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), ids, time);
    }

    /**
     * The chat room a message was sent in (a source id of every message of the room), and a msgid's time (what a
     * recall names beside it, shared by a millisecond's messages).
     */
    static final java.util.Set<String> SHARED_FACTS = java.util.Set.of("roomid", "timetag");

    @Override
    public boolean identifiesMessage(String idName) {
        return !SHARED_FACTS.contains(idName);
    }
}
