package io.imbridge.provider.tencent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallResult;
import io.imbridge.provider.FormEncoding;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Capabilities;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.HistoryReader;
import io.imbridge.provider.ErrorTable;
import io.imbridge.provider.Limits;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.TargetAnswers;
import io.imbridge.provider.Provider;
import io.imbridge.provider.RecallApi;
import io.imbridge.provider.RecallCalls;
import io.imbridge.provider.SendApi;
import io.imbridge.provider.PolicyWebhook;
import io.imbridge.provider.TryIt;

/**
 * Tencent Cloud Chat: the bridge as Tencent's REST server ({@code v4/openim/sendmsg}), as the app backend of its
 * {@code C2C.CallbackBeforeSendMsg}/{@code C2C.CallbackAfterSendMsg} webhook, and as a REST client (live messages
 * by {@code sendmsg}, migrated history by {@code importmsg}); a history migration reads Tencent's history from its
 * JSON shapes ({@link HistoryReader}) or pages it from {@code admin_getroammsg} ({@link HistoryApi}). The routes in
 * {@code routes/tencent.yaml} call these methods by the bean name {@code tencent}.
 */
public class TencentProvider implements Provider, SendApi, RecallApi, PolicyWebhook, HistoryReader, HistoryApi, TryIt {

    public static final String NAME = "tencent";
    public static final ErrorTable<TencentError> ERRORS = new ErrorTable<>(NAME, TencentError.class,
            ErrorCategory.INTERNAL);
    /**
     * Tencent's MsgBody elements (docs/providers.md#tencent-message-types); an alert goes as TIMTextElem. Limits
     * (docs/providers.md#tencent-limits):
     * sendmsg packets up to 8 KB (93000), messages up to 12 KB, one To_Account per sendmsg.
     */
    public static final Capabilities CAPABILITIES = new Capabilities(
            Set.of("text", "image", "audio", "video", "file", "location", "face", "custom"),
            Map.of("alert", "TIMTextElem"),
            Limits.none().maxPacketBytes(8 * 1024).maxMessageBytes(12 * 1024).maxRecipients(1));
    /**
     * Webhook answers: 0 allow, 1 forbid, 2 discard; 120001–130000 forbid with a code of the app's own that the sender
     * sees. The bridge's forbid codes, one per category: public (docs/bridging.md lists them), so never renumbered.
     */
    static final Map<ErrorCategory, Integer> CALLBACK_FORBID_CODES = Map.ofEntries(
            Map.entry(ErrorCategory.MALFORMED, 120_001),
            Map.entry(ErrorCategory.AUTH_FAILED, 120_002),
            Map.entry(ErrorCategory.SENDER_UNKNOWN, 120_003),
            Map.entry(ErrorCategory.RECIPIENT_UNKNOWN, 120_004),
            Map.entry(ErrorCategory.EMPTY_MESSAGE, 120_005),
            Map.entry(ErrorCategory.SELF_SEND, 120_006),
            Map.entry(ErrorCategory.TOO_LARGE, 120_007),
            Map.entry(ErrorCategory.FORBIDDEN, 120_008),
            Map.entry(ErrorCategory.DUPLICATE, 120_009),
            Map.entry(ErrorCategory.UNSUPPORTED, 120_010),
            Map.entry(ErrorCategory.RATE_LIMITED, 120_011),
            Map.entry(ErrorCategory.UNAVAILABLE, 120_012),
            Map.entry(ErrorCategory.INTERNAL, 120_013),
            Map.entry(ErrorCategory.BRIDGE_CONFIG, 120_014),
            // a recall's categories: never a webhook's, numbered so that every category has its code
            Map.entry(ErrorCategory.MESSAGE_UNKNOWN, 120_015),
            Map.entry(ErrorCategory.ALREADY_RECALLED, 120_016),
            Map.entry(ErrorCategory.RECALL_REFUSED, 120_017));
    /**
     * The header an outbound call names its REST command in ({@link TencentHistory#SENDMSG} or
     * {@link TencentHistory#IMPORTMSG}); route {@code tencent-call} sends the call to that command's URL.
     */
    public static final String API_HEADER = "TencentApi";
    /** The group API's send (route {@code tencent-group-inbound} serves it, {@code tencent-call} calls it). */
    public static final String SEND_GROUP_MSG = "send_group_msg";
    /** The group API's history import (route {@code tencent-call}). */
    public static final String IMPORT_GROUP_MSG = "import_group_msg";
    /** A history page's UserSig is signed for each request, so it needs to live only minutes. */
    static final long HISTORY_SIG_SECONDS = 600;
    /** An open window ends a day after now: no message is from later, and a source clock a little ahead is covered. */
    static final long OPEN_WINDOW_AHEAD_SECONDS = 86_400;
    static final String DISCARD = "tencent.discard";
    static final String MODIFIED = "tencent.modified";
    static final String DELIVERY_FAILURE = "tencent.deliveryFailure";

    @PropertyInject(value = "bridge.tencent.inbound.sdkappid", defaultValue = "1400000001")
    long inboundSdkAppId;
    @PropertyInject(value = "bridge.tencent.inbound.admin", defaultValue = "administrator")
    String inboundAdmin;
    @PropertyInject(value = "bridge.tencent.inbound.secret-key", defaultValue = "change-me-tencent-secret")
    String inboundSecretKey;
    @PropertyInject(value = "bridge.tencent.inbound.callback-token", defaultValue = "")
    String callbackToken;
    /** allow: answer 0 and keep delivering when the target fails; forbid: answer 120001+ with the target's error. */
    @PropertyInject(value = "bridge.tencent.callback.on-failure", defaultValue = "allow")
    String onFailure;


    private Pattern discardPattern;
    private Pattern replacePattern;
    @PropertyInject(value = "bridge.tencent.callback.replace-with", defaultValue = "")
    String replaceWith;

    @PropertyInject(value = "bridge.tencent.sdkappid", defaultValue = "1400000000")
    long sdkAppId;
    @PropertyInject(value = "bridge.tencent.admin", defaultValue = "administrator")
    String admin;
    @PropertyInject(value = "bridge.tencent.secret-key", defaultValue = "sandbox-tencent-key")
    String secretKey;
    @PropertyInject(value = "bridge.tencent.usersig-expire-seconds", defaultValue = "604800")
    long userSigExpire;
    /** Who sent a migrated sendmsg body that names no From_Account: the source app's admin. */
    @PropertyInject(value = "bridge.migrate.source.admin", defaultValue = "administrator")
    String historyAdmin;

    private String cachedSig;
    private long cachedSigRenewAt;

    /** Text matching this is silently discarded (webhook answer 2) and not bridged. */
    @PropertyInject(value = "bridge.tencent.callback.discard-pattern", defaultValue = "")
    public void setDiscardPattern(String regex) {
        discardPattern = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }

    /** Text matching this is replaced with {@code replace-with}; the modified MsgBody is answered and bridged. */
    @PropertyInject(value = "bridge.tencent.callback.replace-pattern", defaultValue = "")
    public void setReplacePattern(String regex) {
        replacePattern = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
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
    public ErrorTable<TencentError> errors() {
        return ERRORS;
    }

    // ---- inbound REST ----------------------------------------------------------------------------------------

    /** The caller's credentials: sdkappid, the admin identifier and its UserSig (TLSSigAPIv2), before the body. */
    public void authenticate(Exchange exchange) {
        Exchanges.requireMethod(exchange, "POST");
        TencentRequests.checkRestCall(exchange, inboundSdkAppId, inboundAdmin, inboundSecretKey);
    }

    /** {@code tencent:send-request}: a sendmsg (or send_group_msg) body checked and made canonical. */
    @Override
    public CanonicalMessage readSend(Exchange exchange) {
        ObjectNode req = TencentRequests.body(exchange, CAPABILITIES.limits().maxPacketBytes());
        if (groupApi(exchange)) {
            TencentRequests.validateSendGroupMsg(req);
            return TencentCodec.fromSendGroupMsg(req, inboundAdmin, BridgeId.next(), System.currentTimeMillis());
        }
        TencentRequests.validateSendMsg(req);
        return TencentCodec.fromSendMsg(req, inboundAdmin, BridgeId.next(), System.currentTimeMillis());
    }

    /** Whether the caller called send_group_msg (the route {@code tencent-group-inbound}) rather than sendmsg. */
    private static boolean groupApi(Exchange exchange) {
        return Exchanges.path(exchange).endsWith("/" + SEND_GROUP_MSG);
    }

    /**
     * {@code ActionStatus OK}, {@code MsgTime} (the stated MsgTimeStamp, else now, in seconds) and {@code MsgKey} in
     * Tencent's {@code seq_random_time} form, the seq taken from the bridge id.
     */
    @Override
    public void replySent(Exchange exchange, DeliveryReport report) {
        CanonicalMessage m = Exchanges.message(exchange);
        long msgTime = m.effectiveSentAt() / 1000;
        ObjectNode reply = TencentRequests.ok();
        reply.put("MsgTime", msgTime);
        if (m.addressedToGroup()) {
            // send_group_msg answers the group's MsgSeq: a Tencent target's, else one of the bridge's own
            String targetSeq = report == null ? null : report.firstId("MsgSeq");
            long seq = targetSeq != null && TencentRequests.digits(targetSeq, 10)
                    ? Long.parseLong(targetSeq) : Digests.u32(m.id());
            Json.putNumber(reply, "MsgSeq", seq);
            // what a group_msg_recall of it names: the group and the MsgSeq
            Exchanges.callerId(exchange, TencentRecall.GROUP_MSG_SEQ,
                    TencentRecall.groupMsgSeq(m.conversation().id(), Long.toString(seq)));
            Exchanges.replyJson(exchange, 200, reply);
            return;
        }
        String key = msgKey(m, msgTime);
        reply.put("MsgKey", key);
        Exchanges.callerId(exchange, "MsgKey", key);
        Exchanges.replyJson(exchange, 200, reply);
    }

    static String msgKey(CanonicalMessage m, long msgTime) {
        long seq = (m.id().hashCode() & 0x7FFFFFFFL);
        return seq + "_" + m.source().ids().getOrDefault("MsgRandom", "0") + "_" + msgTime;
    }

    @Override
    public void unknownEndpoint(Exchange exchange) {
        throw TencentError.BadResourceUrl.failure(Exchanges.unknownApi(exchange));
    }

    // ---- inbound recall ---------------------------------------------------------------------------------------

    /** {@code tencent:recall-request}: an admin_msgwithdraw body (one message) or a group_msg_recall one (up to 10). */
    @Override
    public List<Recall> readRecall(Exchange exchange) {
        ObjectNode req = TencentRequests.body(exchange, CAPABILITIES.limits().maxPacketBytes());
        return groupRecallApi(exchange) ? TencentRecall.groupRecall(req) : List.of(TencentRecall.withdraw(req));
    }

    /**
     * admin_msgwithdraw: {@code ActionStatus OK}, or its recall's refusal as the error (20022, 20023); group_msg_recall:
     * OK with {@code RecallRetList}, each MsgSeq's own {@code RetCode} (0, 10030, 10032). Copies a target could not
     * take back are named in {@code ErrorInfo}.
     */
    @Override
    public void replyRecalled(Exchange exchange, List<RecallResult> results) {
        ObjectNode reply = TencentRequests.ok();
        StringBuilder left = new StringBuilder();
        if (!groupRecallApi(exchange)) {
            RecallResult r = results.get(0);
            if (r.failure() != null) {
                throw r.failure();
            }
        }
        ArrayNode list = groupRecallApi(exchange) ? reply.putArray("RecallRetList") : null;
        for (RecallResult r : results) {
            if (list != null) {
                ObjectNode item = list.addObject();
                item.put("MsgSeq", Long.parseLong(r.recall().source().ids().get(TencentRecall.GROUP_MSG_SEQ)
                        .substring(r.recall().conversation().id().length() + 1)));
                item.put("RetCode", r.failure() == null ? 0 : ERRORS.answerFor(r.failure(), true).code());
            }
            if (r.copiesLeft() != null) {
                left.append(left.isEmpty() ? "" : "; ").append(r.copiesLeft());
            }
        }
        reply.put("ErrorInfo", left.toString());
        Exchanges.replyJson(exchange, 200, reply);
    }

    /** Whether the caller called group_msg_recall (route {@code tencent-group-recall}) rather than admin_msgwithdraw. */
    private static boolean groupRecallApi(Exchange exchange) {
        return Exchanges.path(exchange).endsWith("/" + TencentRecall.GROUP_MSG_RECALL);
    }

    @Override
    public void replyError(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        TencentError code = ERRORS.answerFor(failure, m != null && m.addressedToGroup() || groupRecallApi(exchange));
        TencentRequests.replyError(exchange, code.code(), failure.getMessage());
    }

    /**
     * A Tencent REST retry carries the same MsgRandom, sender, recipient and MsgTimeStamp; a webhook retry the same
     * MsgKey (shared by the Before and After callbacks of one message, so it is bridged once).
     */
    @Override
    public String idempotencyKey(Exchange exchange, CanonicalMessage m) {
        Map<String, String> ids = m.source().ids();
        if (m.addressedToGroup()) {
            // Tencent drops a group send with the same Random and content within minutes as a repeat; a group
            // webhook's Before and After calls of one message carry the same GroupId, sender and Random
            return NAME + "|group|" + inboundSdkAppId + "|" + m.conversation().id() + "|" + ids.get("Random") + "|"
                    + m.sender() + "|" + Digests.hex("SHA-256", Json.write(m.elements()));
        }
        if (ids.containsKey("MsgKey")) {
            return NAME + "|cb|" + inboundSdkAppId + "|" + ids.get("MsgKey");
        }
        if (m.sentAt() == null) {
            return null; // without MsgTimeStamp two messages may share a MsgRandom
        }
        return NAME + "|rest|" + inboundSdkAppId + "|" + ids.get("MsgRandom") + "|" + m.sender() + "|"
                + m.recipients().get(0) + "|" + m.sentAt();
    }

    /**
     * Tencent's documented {@code POST /tencent/v4/openim/sendmsg?sdkappid&identifier&usersig&random&contenttype=json},
     * signed with a UserSig of the inbound admin; a fresh MsgRandom and this second's MsgTimeStamp, so no try is taken
     * for a retry of another.
     */
    @Override
    public ExampleRequest example(String from, String to, String text) {
        long now = System.currentTimeMillis();
        CanonicalMessage message = TryIt.message(NAME, from, to, text, now / 1000 * 1000);
        long msgRandom = ThreadLocalRandom.current().nextLong(TencentHistory.MAX_U32 + 1);
        ObjectNode body = TencentCodec.toSendMsg(message, message.recipients().get(0), msgRandom, inboundAdmin);
        // used at once: it need not live the days the delivery's cached one does
        String sig = TencentUserSig.sign(inboundSecretKey, inboundSdkAppId, inboundAdmin, now / 1000,
                HISTORY_SIG_SECONDS);
        return new ExampleRequest("POST", "/tencent/v4/openim/sendmsg", restQuery(inboundSdkAppId, inboundAdmin, sig),
                Json.write(body), Map.of(Exchange.CONTENT_TYPE, "application/json"));
    }

    // ---- inbound webhook -------------------------------------------------------------------------------------

    /** The webhook call's credentials: SdkAppid, and Sign/RequestTime when a callback token is set. */
    public void authenticateCallback(Exchange exchange) {
        Exchanges.requireMethod(exchange, "POST");
        TencentRequests.checkCallback(exchange, inboundSdkAppId, callbackToken);
    }

    /**
     * {@code tencent:callback-request}: a C2C or Group CallbackBefore/AfterSendMsg body checked and made canonical
     * (the command in the body, else in the URL's {@code CallbackCommand}).
     */
    CanonicalMessage readCallback(Exchange exchange) {
        ObjectNode body = TencentRequests.body(exchange, 64 * 1024);
        String command = body.path("CallbackCommand").asText(
                String.valueOf(exchange.getMessage().getHeader("CallbackCommand")));
        exchange.setProperty(Exchanges.INBOUND, Map.of("command", command));
        if (command.startsWith(GROUP_CALLBACK)) {
            return TencentCodec.fromGroupCallback(TencentRequests.validateGroupCallback(body), BridgeId.next(),
                    System.currentTimeMillis());
        }
        ObjectNode cb = TencentRequests.validateCallback(body);
        return TencentCodec.fromCallback(cb, BridgeId.next(), System.currentTimeMillis());
    }

    /** The prefix of the group webhooks' commands ({@code Group.CallbackBeforeSendMsg}, {@code …AfterSendMsg}). */
    static final String GROUP_CALLBACK = "Group.";

    /**
     * The webhook's content rules on the accepted message: text matching the discard pattern is not bridged (answer
     * 2); text matching the replace pattern is replaced, and the modified message is what is answered and bridged.
     */
    public void applyContentRules(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        if (discardPattern != null && m.elements().stream().anyMatch(e -> e instanceof Element.Text t
                && discardPattern.matcher(t.text()).find())) {
            exchange.setProperty(DISCARD, true);
        } else if (replacePattern != null) {
            List<Element> changed = new ArrayList<>(m.elements().size());
            boolean any = false;
            for (Element e : m.elements()) {
                if (e instanceof Element.Text t && replacePattern.matcher(t.text()).find()) {
                    changed.add(new Element.Text(replacePattern.matcher(t.text()).replaceAll(replaceWith), t.mentions()));
                    any = true;
                } else {
                    changed.add(e);
                }
            }
            if (any) {
                m = m.withElements(changed);
                exchange.setProperty(MODIFIED, true);
                exchange.setProperty(Exchanges.MESSAGE, m);
                exchange.getMessage().setBody(m);
            }
        }
    }

    public boolean shouldBridge(Exchange exchange) {
        return !exchange.getProperty(DISCARD, false, Boolean.class);
    }

    /** The primary target failed while Tencent waits on the webhook: remember why. */
    public void callbackDeliveryFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setProperty(DELIVERY_FAILURE, Failures.of(e));
    }

    /** Under the allow policy a failed delivery is handed to the retry path instead of blocking the sender. */
    public boolean keepDelivering(Exchange exchange) {
        return exchange.getProperty(DELIVERY_FAILURE) != null && !"forbid".equalsIgnoreCase(onFailure);
    }

    /**
     * The webhook answer: 2 for a discarded message; 120001+ (by category) when the target failed and the policy
     * is forbid; else 0, with the modified MsgBody when a rule changed it.
     */
    void replyCallback(Exchange exchange) {
        ObjectNode reply = TencentRequests.ok();
        BridgeException failure = exchange.getProperty(DELIVERY_FAILURE, BridgeException.class);
        if (exchange.getProperty(DISCARD, false, Boolean.class)) {
            reply.put("ErrorCode", 2);
        } else if (failure != null && "forbid".equalsIgnoreCase(onFailure)) {
            reply.put("ErrorCode", callbackForbidCode(failure.category()));
            reply.put("ErrorInfo", failure.getMessage());
        } else if (exchange.getProperty(MODIFIED, false, Boolean.class)) {
            CanonicalMessage m = Exchanges.message(exchange);
            reply.set("MsgBody", TencentCodec.msgBody(m.elements()));
            if (m.customData() != null) {
                reply.put("CloudCustomData", m.customData());
            }
        }
        Exchanges.replyJson(exchange, 200, reply);
    }

    /** The forbid code of the category: the sender's app can tell why the bridge refused. */
    public static int callbackForbidCode(ErrorCategory category) {
        return CALLBACK_FORBID_CODES.get(category);
    }

    // ---- outbound --------------------------------------------------------------------------------------------

    /**
     * One call per recipient (Tencent's REST messages are one-to-one): a live message by sendmsg, MsgRandom derived
     * from the bridge id; a message of migrated history ({@code options().isHistory()}) by importmsg.
     */
    @Override
    public List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt) {
        return calls(addressed);
    }

    public List<OutboundCall> calls(CanonicalMessage message) {
        if (message.options().isHistory()) {
            return importCalls(message);
        }
        if (message.addressedToGroup()) {
            return List.of(groupCall(message));
        }
        List<OutboundCall> calls = new ArrayList<>();
        // a Tencent message passing through to Tencent keeps its MsgRandom (part of Tencent's dedup key)
        String sourceRandom = NAME.equals(message.source().vendor()) && message.recipients().size() == 1
                ? message.source().ids().get("MsgRandom") : null;
        int i = 0;
        for (String recipient : message.recipients()) {
            long msgRandom = sourceRandom != null ? Long.parseLong(sourceRandom)
                    : (message.id() + ":" + i++).hashCode() & 0xFFFFFFFFL;
            ObjectNode body = TencentCodec.toSendMsg(message, recipient, msgRandom, admin);
            calls.add(call(TencentHistory.SENDMSG, recipient, body));
        }
        return calls;
    }

    /**
     * A group message as one send_group_msg into the group the groups file names; its Random derived from the
     * bridge id, so a retry within Tencent's repeat window is recognised by Tencent.
     */
    private OutboundCall groupCall(CanonicalMessage message) {
        if (message.conversation().kind() != Conversation.Kind.GROUP) {
            throw new BridgeException(ErrorCategory.UNSUPPORTED, NAME, null,
                    "a Tencent group is a group, not a " + message.conversation().kind());
        }
        long random = Digests.u32(message.id() + ":group");
        return call(SEND_GROUP_MSG, null, TencentCodec.toSendGroupMsg(message, message.conversation().id(), random,
                admin));
    }

    /**
     * One importmsg per recipient. Tencent deduplicates imports on (MsgSeq, MsgRandom, MsgTimeStamp) and orders a
     * second's messages by MsgSeq, so every run must send the same three: a message from Tencent keeps its own
     * MsgSeq and MsgRandom; otherwise MsgSeq is the message's place in its conversation and MsgRandom 32 bits of
     * the SHA-256 of its (derived, stable) id. importmsg is one-to-one: a group's or room's history is refused.
     */
    List<OutboundCall> importCalls(CanonicalMessage message) {
        Conversation.Kind kind = message.conversation() == null ? Conversation.Kind.DIRECT
                : message.conversation().kind();
        if (kind == Conversation.Kind.GROUP && message.addressedToGroup()) {
            return List.of(importGroupCall(message));
        }
        if (kind != Conversation.Kind.DIRECT) {
            throw new BridgeException(ErrorCategory.UNSUPPORTED, NAME, null, "history of a " + kind
                    + " conversation cannot be imported into Tencent (importmsg is one-to-one)");
        }
        if (message.sender() == null) {
            throw new BridgeException(ErrorCategory.MALFORMED, NAME, null, "importmsg needs the sender (From_Account)");
        }
        if (message.sentAt() == null || message.sentAt() < 0 || message.sentAt() / 1000 > TencentHistory.MAX_U32) {
            throw new BridgeException(ErrorCategory.MALFORMED, NAME, null,
                    "importmsg needs the message's original time (MsgTimeStamp), which the source did not give");
        }
        Map<String, String> own = NAME.equals(message.source().vendor()) && message.recipients().size() == 1
                ? message.source().ids() : Map.of();
        Long ownSeq = u32Id(own, "MsgSeq");
        long seq = ownSeq != null ? ownSeq : message.options().history();
        if (seq < 0 || seq > TencentHistory.MAX_U32) {
            throw new BridgeException(ErrorCategory.UNSUPPORTED, NAME, null,
                    "a conversation's place " + seq + " does not fit importmsg's MsgSeq (32 bits)");
        }
        Long ownRandom = u32Id(own, "MsgRandom");
        long random = ownRandom != null ? ownRandom
                : Digests.u32(message.id());
        List<OutboundCall> calls = new ArrayList<>();
        for (String recipient : message.recipients()) {
            calls.add(call(TencentHistory.IMPORTMSG, recipient, TencentCodec.toImportMsg(message, recipient, seq,
                    random)));
        }
        return calls;
    }

    /**
     * A group's migrated message by import_group_msg, one per call (the API takes up to 7, each after the group's
     * newest: the migration sends a conversation's messages one after another, in time order): its original second
     * as SendTime, its Random 32 bits of the SHA-256 of its (derived, stable) id.
     */
    private OutboundCall importGroupCall(CanonicalMessage message) {
        if (message.sender() == null) {
            throw new BridgeException(ErrorCategory.MALFORMED, NAME, null,
                    "import_group_msg needs the sender (From_Account)");
        }
        if (message.sentAt() == null || message.sentAt() < 0 || message.sentAt() / 1000 > TencentHistory.MAX_U32) {
            throw new BridgeException(ErrorCategory.MALFORMED, NAME, null,
                    "import_group_msg needs the message's original time (SendTime), which the source did not give");
        }
        long random = Digests.u32(message.id());
        return call(IMPORT_GROUP_MSG, null, TencentCodec.toImportGroupMsg(message, message.conversation().id(),
                random));
    }

    /** A Tencent id that is a 32-bit unsigned number (MsgSeq, MsgRandom), or null when there is none. */
    private static Long u32Id(Map<String, String> ids, String name) {
        String v = ids.get(name);
        return TencentRequests.digits(v, 10) && Long.parseLong(v) <= TencentHistory.MAX_U32 ? Long.parseLong(v) : null;
    }

    private OutboundCall call(String api, String recipient, ObjectNode body) {
        return new OutboundCall(recipient, restQuery(sdkAppId, admin, userSig()), Json.write(body),
                Map.of(Exchange.CONTENT_TYPE, "application/json", API_HEADER, api));
    }

    /** A REST call's query: the app, the admin and its UserSig, a fresh 32-bit random, JSON. */
    static String restQuery(long appId, String identifier, String userSig) {
        return "sdkappid=" + appId + "&identifier=" + FormEncoding.encode(identifier)
                + "&usersig=" + FormEncoding.encode(userSig)
                + "&random=" + (ThreadLocalRandom.current().nextLong(TencentHistory.MAX_U32 + 1)) + "&contenttype=json";
    }

    /** The admin's UserSig, signed once and reused until an hour before it expires. */
    synchronized String userSig() {
        long now = System.currentTimeMillis() / 1000;
        if (cachedSig == null || now >= cachedSigRenewAt) {
            cachedSig = TencentUserSig.sign(secretKey, sdkAppId, admin, now, userSigExpire);
            cachedSigRenewAt = now + Math.max(60, userSigExpire - 3600);
        }
        return cachedSig;
    }

    /**
     * A delivered copy taken back: a group's by group_msg_recall (its MsgSeq, 10 a call), a one-to-one one by
     * admin_msgwithdraw per recipient (its MsgKey, from the admin's sendmsg or importmsg).
     */
    @Override
    public RecallCalls recallCalls(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        boolean group = addressed.addressedToGroup();
        List<ObjectNode> bodies = group ? TencentRecall.groupRecallBodies(addressed, receipts)
                : TencentRecall.withdrawBodies(addressed, receipts);
        if (bodies.isEmpty()) {
            return RecallCalls.cannot("Tencent gave no " + (group ? "MsgSeq" : "MsgKey") + " for the copy");
        }
        String api = group ? TencentRecall.GROUP_MSG_RECALL : TencentRecall.ADMIN_MSGWITHDRAW;
        List<OutboundCall> calls = new ArrayList<>();
        for (ObjectNode body : bodies) {
            calls.add(call(api, body.path("To_Account").asText(null), body));
        }
        return RecallCalls.recall(calls);
    }

    /** Tencent's answer to a call when it is {@code ActionStatus OK}; else the typed failure its code or status means. */
    private static JsonNode accepted(Exchange exchange) {
        int status = TargetAnswers.status(exchange);
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.isObject() || !reply.path("ErrorCode").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("ErrorCode").asInt();
        if (code != 0 || !"OK".equals(reply.path("ActionStatus").asText())) {
            throw TargetAnswers.fromCode(ERRORS, code, reply.path("ErrorInfo").asText(""));
        }
        return reply;
    }

    /** A recall's answer: its ErrorCode, and for group_msg_recall each MsgSeq's RetCode (the first refusal thrown). */
    @Override
    public OutboundCall readRecallReply(Exchange exchange) {
        JsonNode reply = accepted(exchange);
        for (JsonNode item : reply.path("RecallRetList")) {
            int ret = item.path("RetCode").asInt(0);
            if (ret != 0) {
                throw TargetAnswers.fromCode(ERRORS, ret, "group_msg_recall refused MsgSeq " + item.path("MsgSeq"));
            }
        }
        return null;
    }

    @Override
    public boolean groupHistoryInDistinctSeconds() {
        return true;
    }

    @Override
    public String historyTime() {
        return "MsgTimeStamp of importmsg (the original second; imported as history: no push, no unread)";
    }

    public DeliveryReceipt readReply(Exchange exchange) {
        JsonNode reply = accepted(exchange);
        JsonNode imported = reply.path("ImportMsgResult").path(0);
        if (!imported.isMissingNode()) {
            // import_group_msg answers each message's own result
            int result = imported.path("Result").asInt(-1);
            if (result != 0) {
                throw TargetAnswers.fromCode(ERRORS, result, result == 10004
                        ? "import_group_msg takes a group's message only later than its newest (10004): if an earlier"
                        + " try of this one reached Tencent, the group holds it already"
                        : "import_group_msg refused the message");
            }
            return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange),
                    Map.of("MsgSeq", imported.path("MsgSeq").asText()), imported.path("MsgTime").asLong() * 1000);
        }
        Map<String, String> ids = new HashMap<>();
        if (reply.path("MsgKey").isTextual()) {
            ids.put("MsgKey", reply.get("MsgKey").asText());
        }
        if (reply.path("MsgSeq").canConvertToLong()) {
            ids.put("MsgSeq", reply.get("MsgSeq").asText()); // send_group_msg's: what a group recall names
        }
        Long time = reply.path("MsgTime").canConvertToLong() ? reply.get("MsgTime").asLong() * 1000 : null;
        OutboundCall call = Exchanges.call(exchange);
        if (call != null && TencentHistory.IMPORTMSG.equals(call.headers().get(API_HEADER))) {
            // importmsg answers no MsgKey: a one-to-one message's key is its MsgSeq_MsgRandom_MsgTimeStamp
            JsonNode sent = Json.parseOrNull(call.body());
            long at = sent.get("MsgTimeStamp").asLong();
            ids.put("MsgKey", TencentHistory.msgKey(sent.get("MsgSeq").asLong(), sent.get("MsgRandom").asLong(), at));
            time = at * 1000;
        }
        return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), ids, time);
    }

    // ---- history: reading Tencent's shapes, paging admin_getroammsg -------------------------------------------

    /**
     * The messages of one JSON line: a whole admin_getroammsg reply (its MsgList, in the order listed), one MsgList
     * item, an importmsg body, or a sendmsg body (docs/providers.md#tencent-history-apis; without From_Account the
     * source's admin sent it). Each is checked as Tencent checks it; its credentials are not (a line is a file's, not a
     * call's).
     */
    @Override
    public List<HistoryItem> readHistory(JsonNode line) {
        try {
            if (line == null || !line.isObject()) {
                throw TencentError.JsonParse.failure("a line must be a JSON object");
            }
            if (line.has("MsgList")) {
                return readRoamReply(line);
            }
            if (line.has("SyncFromOldSystem")) {
                TencentHistory.validateImportMsg((ObjectNode) line);
                return List.of(historyItem(line));
            }
            if (line.has("MsgKey") || line.has("MsgSeq") || line.has("MsgFlagBits")) {
                return List.of(roamItem(line));
            }
            ObjectNode req = (ObjectNode) line;
            TencentRequests.validateSendMsg(req);
            String from = req.hasNonNull("From_Account") ? req.get("From_Account").asText() : historyAdmin;
            Long time = req.hasNonNull("MsgTimeStamp") ? req.get("MsgTimeStamp").asLong() : null;
            String key = TencentHistory.pairKey(from, req.get("To_Account").asText(), null,
                    req.get("MsgRandom").asLong(), time);
            CanonicalMessage m = TencentCodec.fromSendMsg(req, historyAdmin,
                    BridgeId.derived(time == null ? 0 : time * 1000, key), System.currentTimeMillis());
            return List.of(new HistoryItem(m, key, 0));
        } catch (BridgeException e) {
            // the reader's contract: a line is malformed or unsupported (an empty text is a malformed line here)
            throw e.category() == ErrorCategory.UNSUPPORTED || e.category() == ErrorCategory.MALFORMED ? e
                    : new BridgeException(ErrorCategory.MALFORMED, NAME, e.vendorCode(), e.getMessage());
        }
    }

    private List<HistoryItem> readRoamReply(JsonNode reply) {
        if (reply.path("ErrorCode").asInt(0) != 0 || "FAIL".equals(reply.path("ActionStatus").asText())) {
            throw TencentError.InvalidPacket.failure("an admin_getroammsg reply that failed (ErrorCode "
                    + reply.path("ErrorCode").asText() + ") holds no messages");
        }
        JsonNode list = reply.get("MsgList");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw TencentError.InvalidPacket.failure("MsgList must be an array");
        }
        List<HistoryItem> items = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            items.add(roamItem(item));
        }
        return items;
    }

    /** A MsgList item: the importmsg fields, all required, and its MsgKey. */
    private HistoryItem roamItem(JsonNode item) {
        if (!item.isObject()) {
            throw TencentError.InvalidPacket.failure("MsgList items must be objects");
        }
        TencentRequests.validateMessageFields((ObjectNode) item, true);
        JsonNode key = item.get("MsgKey");
        if (key != null && !key.isNull() && (!key.isTextual() || key.asText().isEmpty())) {
            throw TencentError.InvalidPacket.failure("MsgKey must be a string");
        }
        return historyItem(item);
    }

    /** A checked importmsg body or MsgList item; its key is its MsgKey, else its pair, MsgSeq, MsgRandom and time. */
    private static HistoryItem historyItem(JsonNode msg) {
        Long seq = msg.hasNonNull("MsgSeq") ? msg.get("MsgSeq").asLong() : null;
        long time = msg.get("MsgTimeStamp").asLong();
        String key = msg.hasNonNull("MsgKey") ? msg.get("MsgKey").asText()
                : TencentHistory.pairKey(msg.get("From_Account").asText(), msg.get("To_Account").asText(), seq,
                        msg.get("MsgRandom").asLong(), time);
        CanonicalMessage m = TencentCodec.fromHistory(msg, BridgeId.derived(time * 1000, key),
                System.currentTimeMillis());
        return new HistoryItem(m, key, seq == null ? 0 : seq);
    }

    @Override
    public java.util.List<String> sourceCredentials() {
        return java.util.List.of("sdkappid", "admin", "secret-key");
    }

    @Override
    public int maxHistoryCallsPerSecond() {
        return TencentHistory.MAX_CALLS_PER_SECOND;
    }

    /**
     * admin_getroammsg for the cursor's page, from {@code cursor.from()}'s side, signed with a fresh UserSig of the
     * source's admin. The window in whole seconds holds exactly the messages of the cursor's millisecond window
     * (Tencent's times are seconds): MinTime rounds since up, MaxTime is the last second before until. A next page
     * repeats the window with MaxTime the previous LastMsgTime and its LastMsgKey.
     */
    @Override
    public HistoryApi.Request historyRequest(HistoryApi.Source source, HistoryApi.Cursor cursor) {
        String url = sourceSetting(source.url(), "url");
        String appText = sourceSetting(source.credential("sdkappid"), "sdkappid");
        if (!TencentRequests.digits(appText, 19)) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, NAME, null, "the source's sdkappid is not a number");
        }
        long appId = Long.parseLong(appText);
        String sourceAdmin = sourceSetting(source.credential("admin"), "admin");
        String key = sourceSetting(source.credential("secret-key"), "secret-key");
        long now = System.currentTimeMillis() / 1000;
        long minTime = Math.min(TencentHistory.MAX_U32, Math.max(0, Math.floorDiv(cursor.since() + 999, 1000)));
        long maxTime = cursor.until() == Long.MAX_VALUE ? now + OPEN_WINDOW_AHEAD_SECONDS
                : Math.floorDiv(cursor.until() - 1, 1000);
        String lastKey = null;
        if (cursor.next() != null) {
            maxTime = Long.parseLong(cursor.next().get(TencentHistory.LAST_MSG_TIME));
            lastKey = cursor.next().get(TencentHistory.LAST_MSG_KEY);
        }
        maxTime = Math.min(TencentHistory.MAX_U32, Math.max(0, maxTime));
        TencentHistory.RoamRequest request = new TencentHistory.RoamRequest(cursor.from(), cursor.to(),
                TencentHistory.MAX_PAGE_COUNT, minTime, maxTime, lastKey);
        String sig = TencentUserSig.sign(key, appId, sourceAdmin, now, HISTORY_SIG_SECONDS);
        return new HistoryApi.Request(url + "/v4/openim/" + TencentHistory.GETROAMMSG,
                restQuery(appId, sourceAdmin, sig), Map.of(Exchange.CONTENT_TYPE, "application/json"),
                Json.write(request.body()));
    }

    private static String sourceSetting(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, NAME, null,
                    "the Tencent source's " + name + " is not set (bridge.migrate.source." + name + ")");
        }
        return value;
    }

    /**
     * A page of admin_getroammsg: its MsgList in the order listed, and the next page's cursor (null when Complete
     * is 1). A refusal is the typed failure of its code (the source's credentials refused: the bridge's
     * configuration).
     */
    @Override
    public HistoryApi.Page readHistoryPage(HistoryApi.Cursor cursor, int status, String body) {
        JsonNode reply = Json.parseOrNull(body);
        if (reply == null || !reply.isObject() || !reply.path("ErrorCode").canConvertToInt()) {
            throw TargetAnswers.fromStatus(NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("ErrorCode").asInt();
        if (code != 0 || !"OK".equals(reply.path("ActionStatus").asText())) {
            throw TargetAnswers.fromCode(ERRORS, code, reply.path("ErrorInfo").asText(""));
        }
        List<HistoryItem> items = readRoamReply(reply);
        if (reply.path("Complete").asInt(1) == 1) {
            return new HistoryApi.Page(items, null);
        }
        String lastKey = reply.path(TencentHistory.LAST_MSG_KEY).asText("");
        if (items.isEmpty() || lastKey.isEmpty() || !reply.path(TencentHistory.LAST_MSG_TIME).canConvertToLong()) {
            // continuing would ask for the same page again
            throw new BridgeException(ErrorCategory.UNAVAILABLE, NAME, null,
                    "admin_getroammsg answered an incomplete page without messages or a LastMsgKey", true);
        }
        return new HistoryApi.Page(items, new HistoryApi.Cursor(cursor.from(), cursor.to(), cursor.since(),
                cursor.until(), Map.of(TencentHistory.LAST_MSG_TIME,
                reply.get(TencentHistory.LAST_MSG_TIME).asText(), TencentHistory.LAST_MSG_KEY, lastKey)));
    }

    /**
     * A message's sequence in its conversation and its second: shared by messages of other conversations; a group
     * send's Random, which only with the group and the content makes Tencent's repeat check.
     */
    static final java.util.Set<String> SHARED_FACTS = java.util.Set.of("MsgSeq", "MsgTime", "Random");

    @Override
    public boolean identifiesMessage(String idName) {
        return !SHARED_FACTS.contains(idName);
    }
}
