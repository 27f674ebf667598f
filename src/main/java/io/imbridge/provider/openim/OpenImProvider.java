package io.imbridge.provider.openim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.RecallResult;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Capabilities;
import io.imbridge.provider.ErrorTable;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.HistoryReader;
import io.imbridge.provider.Limits;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.TargetAnswers;
import io.imbridge.provider.Provider;
import io.imbridge.provider.RecallCalls;
import io.imbridge.provider.RecallApi;
import io.imbridge.provider.SearchApi;
import io.imbridge.provider.SendApi;
import io.imbridge.provider.TokenIssuer;
import io.imbridge.provider.TryIt;
import io.imbridge.canonical.Conversation;
import io.imbridge.provider.Digests;

/**
 * OpenIM server API: the bridge as an OpenIM server ({@code /auth/get_admin_token}, {@code /msg/send_msg}) and as
 * an OpenIM client. The routes in {@code routes/openim.yaml} call these methods by the bean name {@code openim}.
 */
public class OpenImProvider
        implements Provider, SendApi, RecallApi, SearchApi<OpenImSearch.Request>, TokenIssuer, HistoryReader, TryIt {

    public static final String NAME = "openim";
    public static final ErrorTable<OpenImError> ERRORS = new ErrorTable<>(NAME, OpenImError.class,
            ErrorCategory.INTERNAL);
    /**
     * OpenIM's contentTypes (docs/providers.md#openim-message-types); an alert goes as text; one content per message.
     * Limits (docs/providers.md#openim-limits): one recvID per send_msg, arrays of at most 1000 items.
     */
    public static final Capabilities CAPABILITIES = new Capabilities(
            Set.of("text", "image", "audio", "video", "file", "location", "face", "custom"),
            Map.of("alert", "text (101)"), Limits.none().maxRecipients(1).maxArrayItems(1000));
    /** OpenIM's default admin user id (its imAdminUserID): a try's sender when any admin id may have a token. */
    static final String DEFAULT_ADMIN_USER_ID = "imAdmin";
    /** A try's token is used at once by the bridge itself (never shown): it need not live the days an issued one does. */
    static final long TRY_TOKEN_SECONDS = 600;

    private OpenImTokens inboundTokens = new OpenImTokens("");
    private Set<String> adminUserIds = Set.of();

    @PropertyInject(value = "bridge.openim.inbound.token-ttl-seconds", defaultValue = "7776000")
    long tokenTtlSeconds;

    @PropertyInject(value = "bridge.openim.inbound.secret", defaultValue = "openIM123")
    public void setInboundSecret(String secret) {
        this.inboundSecret = secret;
        this.inboundTokens = new OpenImTokens(secret);
    }

    private String inboundSecret;

    @PropertyInject(value = "bridge.openim.inbound.admin-user-ids", defaultValue = "")
    public void setAdminUserIds(String ids) {
        // in the configured order: a try signs as the first of them
        Set<String> ordered = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        adminUserIds = java.util.Collections.unmodifiableSet(ordered);
    }

    @Override
    public boolean jsonBodies() {
        return true;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ErrorTable<OpenImError> errors() {
        return ERRORS;
    }

    // ---- inbound: the bridge as OpenIM's server -------------------------------------------------------------

    /** {@code POST /auth/get_admin_token}: a token for a caller that presents the configured secret. */
    public void issueAdminToken(Exchange exchange) {
        Exchanges.requireMethod(exchange, "POST");
        OpenImRequests.operationID(exchange);
        String user = OpenImRequests.adminTokenRequest(OpenImRequests.body(exchange), inboundSecret, adminUserIds);
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token", inboundTokens.issue(user, OpenImTokens.ADMIN_PLATFORM, now, tokenTtlSeconds));
        data.put("expireTimeSeconds", tokenTtlSeconds);
        OpenImRequests.replyData(exchange, data);
    }

    /** {@code POST /msg/send_msg}'s credentials: the operationID header, then the admin token. */
    public void authenticate(Exchange exchange) {
        Exchanges.requireMethod(exchange, "POST");
        String operationID = OpenImRequests.operationID(exchange);
        exchange.setProperty(Exchanges.INBOUND, Map.of("operationID", operationID));
        OpenImRequests.tokenUser(exchange, inboundTokens);
    }

    /** {@code openim:send-request}: a send_msg body (and its operationID header) checked and made canonical. */
    @Override
    public CanonicalMessage readSend(Exchange exchange) {
        String operationID = OpenImRequests.operationID(exchange);
        OpenImSend send = OpenImRequests.validateSend(OpenImRequests.body(exchange), operationID);
        exchange.setProperty(Exchanges.INBOUND, Map.of("operationID", operationID,
                "bodyHash", md5Hex(send.request().toString())));
        return OpenImCodec.toCanonical(send, BridgeId.next(), System.currentTimeMillis());
    }

    /**
     * A send_msg body (docs/providers.md#openim-api-served) as a line of history, checked as the send API checks it (no
     * operationID or token: a file, not a call). Key: its {@code clientMsgID} when it has one; time: its
     * {@code sendTime} when positive.
     */
    @Override
    public List<HistoryItem> readHistory(JsonNode line) {
        if (line == null || !line.isObject()) {
            throw OpenImError.ArgsError.failure("a line must be a send_msg body (a JSON object)");
        }
        OpenImSend send = OpenImRequests.validateSend((ObjectNode) line, null);
        String key = line.path("clientMsgID").isTextual() && !line.get("clientMsgID").asText().isEmpty()
                ? line.get("clientMsgID").asText() : null;
        long sendTime = line.path("sendTime").asLong(0);
        String id = key == null ? BridgeId.next() : BridgeId.derived(Math.max(0, sendTime), NAME + ":" + key);
        return List.of(new HistoryItem(OpenImCodec.toCanonical(send, id, System.currentTimeMillis()), key, 0));
    }

    /**
     * OpenIM's documented {@code POST /openim/msg/send_msg}: a text (101) one-to-one, with a fresh operationID and an
     * admin token the bridge issues as get_admin_token would (for the first configured admin id, else OpenIM's
     * default).
     */
    @Override
    public ExampleRequest example(String from, String to, String text) {
        CanonicalMessage message = TryIt.message(NAME, from, to, text, null);
        ObjectNode body = OpenImCodec.toRequests(message, message.recipients().get(0)).get(0);
        String admin = adminUserIds.isEmpty() ? DEFAULT_ADMIN_USER_ID : adminUserIds.iterator().next();
        String token = inboundTokens.issue(admin, OpenImTokens.ADMIN_PLATFORM, System.currentTimeMillis() / 1000,
                Math.min(tokenTtlSeconds, TRY_TOKEN_SECONDS));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        headers.put("operationID", message.id());
        headers.put("token", token);
        return new ExampleRequest("POST", "/openim/msg/send_msg", null, Json.write(body), headers);
    }

    /** An operationID reused with the same body is the same request. */
    @Override
    public String idempotencyKey(Exchange exchange, CanonicalMessage message) {
        Map<String, Object> inbound = Exchanges.inbound(exchange);
        return inbound.containsKey("bodyHash")
                ? NAME + "|" + inbound.get("operationID") + "|" + inbound.get("bodyHash") : null;
    }

    /**
     * {@code data {serverMsgID, clientMsgID, sendTime}}: the caller's clientMsgID when it sent one, else one derived
     * from the bridge id (32 hex, like OpenIM's); an OpenIM target's serverMsgID, else one derived likewise.
     */
    @Override
    public void replySent(Exchange exchange, DeliveryReport report) {
        CanonicalMessage message = Exchanges.message(exchange);
        String clientMsgID = message.source().ids().getOrDefault("clientMsgID", md5Hex("client:" + message.id()));
        String serverMsgID = NAME.equals(report.target()) && report.firstId("serverMsgID") != null
                ? report.firstId("serverMsgID") : md5Hex("server:" + message.id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverMsgID", serverMsgID);
        data.put("clientMsgID", clientMsgID);
        data.put("sendTime", message.effectiveSentAt());
        Exchanges.callerId(exchange, "serverMsgID", serverMsgID);
        Exchanges.callerId(exchange, "clientMsgID", clientMsgID);
        OpenImRequests.replyData(exchange, data);
    }

    // ---- recall ----------------------------------------------------------------------------------------------

    /**
     * OpenIM numbers a conversation's messages ({@code seq}, which revoke_msg takes) in {@code si_<a>_<b>} (the two
     * users sorted), {@code sn_<a>_<b>} (notifications) or {@code sg_<group>}: so does the bridge with the messages
     * sent to it (a caller learns the number from search_msg, as from OpenIM's).
     */
    @Override
    public String numberedConversation(CanonicalMessage message) {
        int sessionType = OpenImCodec.sessionType(message.conversation());
        if (OpenImCodec.isGroup(sessionType)) {
            return OpenImRecall.conversationID(sessionType, message.sender(), message.conversation().id());
        }
        return message.recipients().size() == 1 && message.sender() != null
                ? OpenImRecall.conversationID(sessionType, message.sender(), message.recipients().get(0)) : null;
    }

    /**
     * {@code openim:recall-request}: a revoke_msg body — conversationID ({@code si_<a>_<b>}, {@code sn_<a>_<b>} or
     * {@code sg_<group>}), seq (a positive integer) and userID; 1001 otherwise. The message is looked up by the
     * conversation and seq.
     */
    @Override
    public List<Recall> readRecall(Exchange exchange) {
        ObjectNode req = OpenImRequests.body(exchange);
        String conversation = OpenImRequests.requireString(req, "conversationID");
        if (!conversation.startsWith("si_") && !conversation.startsWith("sg_") && !conversation.startsWith("sn_")) {
            throw OpenImError.ArgsError.failure("conversationID must be si_<userA>_<userB>, sn_<userA>_<userB> or"
                    + " sg_<groupID>");
        }
        JsonNode seq = req.get("seq");
        if (seq == null || !seq.isIntegralNumber() || seq.asLong() <= 0) {
            throw OpenImError.ArgsError.failure("seq must be a positive integer");
        }
        String user = OpenImRequests.requireString(req, "userID");
        return List.of(new Recall(NAME, Map.of(SEQ, Provider.numberedId(conversation, seq.asLong())), user, null,
                null));
    }

    /**
     * {@code errCode 0} (the copies that stay named in {@code errDlt}), or the recall's refusal (1004 not found, 1404
     * revoked before).
     */
    @Override
    public void replyRecalled(Exchange exchange, List<RecallResult> results) {
        RecallResult r = results.get(0);
        if (r.failure() != null) {
            throw r.failure();
        }
        OpenImRequests.replyData(exchange, Map.of(), r.copiesLeft());
    }

    /** {@code POST /msg/search_msg}: its filters read ({@link OpenImSearch}); one conversation's when they name one. */
    @Override
    public Query<OpenImSearch.Request> readSearch(Exchange exchange) {
        OpenImSearch.Request request = OpenImSearch.read(OpenImRequests.body(exchange));
        return new Query<>(NAME, request.conversation(), request);
    }

    /** The page of the messages that match, each with the seq revoke_msg takes, in OpenIM's search answer. */
    @Override
    public void replySearch(Exchange exchange, Found<OpenImSearch.Request> found) {
        List<OpenImSearch.Log> logs = new ArrayList<>(found.messages().size());
        for (Numbered n : found.messages()) {
            CanonicalMessage m = n.message();
            ObjectNode request = OpenImCodec.toRequests(m, m.addressedToGroup() ? null : m.recipients().get(0)).get(0);
            if (n.ids().containsKey("clientMsgID")) {
                request.put("clientMsgID", n.ids().get("clientMsgID"));
            }
            logs.add(new OpenImSearch.Log(request, n.ids().getOrDefault("serverMsgID", md5Hex("server:" + m.id())),
                    m.effectiveSentAt(), n.seq(), n.recalled()));
        }
        OpenImRequests.replyData(exchange, OpenImSearch.answer(found.query().filters(), logs));
    }

    /**
     * A delivered copy taken back: each serverMsgID OpenIM answered is looked up with search_msg for its seq, then
     * revoked with revoke_msg ({@link OpenImRecall}).
     */
    @Override
    public RecallCalls recallCalls(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        List<OutboundCall> calls = OpenImRecall.searchCalls(addressed, receipts);
        return calls.isEmpty() ? RecallCalls.cannot("OpenIM gave no serverMsgID for the copy")
                : RecallCalls.recall(calls);
    }

    /** A search_msg answer leads to the revoke_msg call (or the next page); a revoke_msg answer ends the recall. */
    @Override
    public OutboundCall readRecallReply(Exchange exchange) {
        OutboundCall made = Exchanges.call(exchange);
        if (made != null && OpenImRecall.SEARCH_MSG.equals(made.headers().get(OpenImRecall.API_HEADER))) {
            return OpenImRecall.next(envelope(exchange), made);
        }
        OpenImRecall.readRevoke(exchange);
        return null;
    }

    @Override
    public void replyError(Exchange exchange, BridgeException failure) {
        CanonicalMessage message = Exchanges.message(exchange);
        OpenImError code = ERRORS.answerFor(failure, message != null && message.addressedToGroup());
        OpenImRequests.replyError(exchange, code, failure.getMessage());
    }

    static String md5Hex(String s) {
        return Digests.hex("MD5", s);
    }

    // ---- outbound: the bridge as OpenIM's client ------------------------------------------------------------

    /**
     * The send_msg calls for a message: per recipient (or once for a group), one per element; each with its own
     * operationID derived from the bridge id, so a retried call can be traced to the message.
     */
    @Override
    public List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt) {
        return calls(addressed);
    }

    public List<OutboundCall> calls(CanonicalMessage message) {
        List<String> recipients = message.conversation().kind() == Conversation.Kind.GROUP
                ? java.util.Collections.singletonList(null) : message.recipients();
        List<OutboundCall> calls = new ArrayList<>();
        int n = 0;
        for (String recipient : recipients) {
            for (ObjectNode body : OpenImCodec.toRequests(message, recipient)) {
                calls.add(new OutboundCall(recipient, null, Json.write(body),
                        Map.of("operationID", message.id() + "-" + n++, Exchange.CONTENT_TYPE, "application/json")));
            }
        }
        return calls;
    }

    @Override
    public String historyTime() {
        return "sendTime of send_msg (the original millisecond)";
    }

    /** Reads OpenIM's answer to a send_msg call. */
    public DeliveryReceipt readReply(Exchange exchange) {
        JsonNode reply = envelope(exchange);
        JsonNode data = reply.path("data");
        Map<String, String> ids = new HashMap<>();
        for (String f : List.of("serverMsgID", "clientMsgID")) {
            if (data.path(f).isTextual()) {
                ids.put(f, data.get(f).asText());
            }
        }
        Long sendTime = data.path("sendTime").canConvertToLong() ? data.get("sendTime").asLong() : null;
        return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), ids, sendTime);
    }

    /** OpenIM's reply envelope when {@code errCode} is 0; else its failure translated. */
    static JsonNode envelope(Exchange exchange) {
        int status = TargetAnswers.status(exchange);
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.isObject() || !reply.path("errCode").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("errCode").asInt();
        if (code != 0) {
            throw TargetAnswers.fromCode(ERRORS, code, reply.path("errMsg").asText(""));
        }
        return reply;
    }
}
