package io.imbridge.provider.mychat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.FormEncoding;
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
import io.imbridge.provider.SendApi;
import io.imbridge.provider.TryIt;

/**
 * MyChat Integration API: the bridge as a MyChat server (inbound 0002, and 0004 into a conference) and as a MyChat
 * client (outbound 0002, one call per recipient; a group message as one 0004). The routes in {@code routes/mychat.yaml}
 * call these methods by the bean name {@code mychat}.
 */
public class MyChatProvider implements Provider, SendApi, HistoryReader, TryIt {

    public static final String NAME = "mychat";
    public static final ErrorTable<MyChatError> ERRORS = new ErrorTable<>(NAME, MyChatError.class,
            ErrorCategory.INTERNAL);
    /**
     * MyChat's 0002 carries text; another MsgType carries the custom element; the rest become text lines. One UserTo
     * per command (docs/providers.md#mychat-limits).
     */
    public static final Capabilities CAPABILITIES = new Capabilities(Set.of("text", "custom"),
            Map.of("image", "text line: [image] name URL", "audio", "text line: [audio] URL",
                    "video", "text line: [video] URL", "file", "text line: [file] name URL",
                    "location", "text line: [location] description lat,lon", "face", "text line: [face] data #index",
                    "alert", "text line"),
            Limits.none().maxRecipients(1));

    @PropertyInject(value = "bridge.mychat.inbound.server-key", defaultValue = "iddqd")
    String inboundServerKey;
    @PropertyInject(value = "bridge.mychat.server-key", defaultValue = "sandbox-mychat-key")
    String serverKey;
    @PropertyInject(value = "bridge.mychat.apistype", defaultValue = "im-bridge")
    String apisType;
    /** State answered when the target is not MyChat and so cannot tell the recipient's network status. */
    @PropertyInject(value = "bridge.mychat.reply.default-state", defaultValue = "0")
    int defaultState;
    /**
     * MyChat cannot recall a message: with this set, a recalled message's recipients (or conference) are sent this
     * text instead; empty: nothing is sent, and the recall says the copy stays.
     */
    @PropertyInject(value = "bridge.mychat.recall-notice", defaultValue = "")
    String recallNotice;

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ErrorTable<MyChatError> errors() {
        return ERRORS;
    }

    // ---- inbound: the bridge as MyChat's server -------------------------------------------------------------

    /**
     * The caller's credentials: the command is read (an unreadable one is refused first, as MyChat's server does) and
     * its ServerKey checked. The facts an error reply echoes (context, cmd) are kept from here on.
     */
    public void authenticate(Exchange exchange) {
        Exchanges.requireMethod(exchange, "GET", "POST");
        ObjectNode request = MyChatRequests.parse(MyChatRequests.commandText(exchange));
        exchange.setProperty(Exchanges.INBOUND, inboundFacts(request));
        MyChatRequests.checkKey(request, inboundServerKey);
        exchange.setProperty(COMMAND, request);
    }

    /** Exchange property: the command {@link #authenticate} read, so {@link #readSend} does not decode it again. */
    static final String COMMAND = "bridge.mychat.command";

    /** {@code mychat:send-request}: a 0002 command (its key checked before) checked and made canonical. */
    @Override
    public CanonicalMessage readSend(Exchange exchange) {
        ObjectNode request = (ObjectNode) exchange.removeProperty(COMMAND);
        if (request == null) {
            String text = MyChatRequests.commandText(exchange);
            if (text == null && exchange.getMessage().getHeader(Exchange.HTTP_METHOD) == null) {
                text = Exchanges.body(exchange); // a command a route of one's own hands over, not an HTTP request
            }
            request = MyChatRequests.parse(text);
            exchange.setProperty(Exchanges.INBOUND, inboundFacts(request));
        }
        MyChatSend send = MyChatRequests.validateSend(request);
        return MyChatCodec.toCanonical(send, BridgeId.next(), System.currentTimeMillis());
    }

    /**
     * A 0002 command (docs/providers.md#mychat-api-served), or a 0004 into a conference, as a line of history, checked
     * as the send API checks it but for its ServerKey (a file, not a call). MyChat's command has no id and no time: key
     * null, sentAt null.
     */
    @Override
    public List<HistoryItem> readHistory(JsonNode line) {
        if (line == null || !line.isObject()) {
            throw MyChatError.WrongData.failure("a line must be a 0002 command (a JSON object)");
        }
        MyChatSend send = MyChatRequests.validateSend((ObjectNode) line);
        return List.of(new HistoryItem(MyChatCodec.toCanonical(send, BridgeId.next(), System.currentTimeMillis()),
                null, 0));
    }

    private static Map<String, Object> inboundFacts(ObjectNode request) {
        Map<String, Object> inbound = new HashMap<>();
        JsonNode context = MyChatRequests.context(request);
        if (context != null) {
            inbound.put("context", context);
        }
        JsonNode cmd = request.get("cmd");
        if (cmd != null && cmd.isTextual()) {
            inbound.put("cmd", cmd.asText());
        }
        return inbound;
    }

    /**
     * {@code mychat:send-reply}: the 0002 work result, {@code cmd}, {@code context}, {@code UINTo}, {@code State}; a
     * 0004's {@code cmd}, {@code context}, {@code UINFrom}, {@code UID} (0004 hands out no message id).
     */
    @Override
    public void replySent(Exchange exchange, DeliveryReport report) {
        CanonicalMessage message = Exchanges.message(exchange);
        boolean channel = MyChatRequests.SEND_CHANNEL_MESSAGE.equals(Exchanges.inbound(exchange).get("cmd"));
        ObjectNode reply = Json.object();
        reply.put("cmd", channel ? MyChatRequests.SEND_CHANNEL_MESSAGE : MyChatRequests.SEND_PRIVATE_MESSAGE);
        JsonNode context = (JsonNode) Exchanges.inbound(exchange).get("context");
        if (context != null) {
            reply.set("context", context);
        }
        if (channel) {
            reply.put("UINFrom", uin(message.sender(), report == null ? null : report.firstId("UINFrom"),
                    Exchanges.recipientAliases(exchange)));
            reply.put("UID", Long.parseLong(message.conversation().id()));
        } else {
            reply.put("UINTo", uin(message.recipients().get(0), report == null ? null : report.firstId("UINTo"),
                    Exchanges.recipientAliases(exchange)));
            reply.put("State", state(report));
        }
        Exchanges.replyJson(exchange, 200, reply);
    }

    /**
     * A party's UIN (a 0002's UINTo, a 0004's UINFrom): what a MyChat target answered; else a UIN among the party's
     * MyChat ids that the core found in the accounts file; else the id itself when it is a UIN; else 0 (unknown).
     */
    static long uin(String party, String fromTarget, List<String> aliases) {
        Long answered = asUin(fromTarget);
        if (answered != null) {
            return answered;
        }
        for (String alias : aliases) {
            Long uin = asUin(alias);
            if (uin != null) {
                return uin;
            }
        }
        Long own = asUin(party);
        return own == null ? 0 : own;
    }

    /** A UIN or UID: a number of at most 18 digits, or null. */
    static Long asUin(String s) {
        if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(s);
    }

    int state(DeliveryReport report) {
        String fromTarget = report == null ? null : report.firstId("State");
        try {
            return fromTarget == null ? defaultState : Integer.parseInt(fromTarget);
        } catch (NumberFormatException e) {
            return defaultState;
        }
    }

    /** The error envelope {@code {"cmd":"0001","evocator":"0002","error":N,"context":…}}. */
    @Override
    public void replyError(Exchange exchange, BridgeException failure) {
        Map<String, Object> inbound = Exchanges.inbound(exchange);
        MyChatError code = ERRORS.answerFor(failure, MyChatRequests.SEND_CHANNEL_MESSAGE.equals(inbound.get("cmd")));
        ObjectNode reply = errorEnvelope(code, (String) inbound.getOrDefault("cmd", "0002"),
                (JsonNode) inbound.get("context"), failure.getMessage());
        Exchanges.replyJson(exchange, code.httpStatus(), reply);
    }

    public static ObjectNode errorEnvelope(MyChatError code, String evocator, JsonNode context, String desc) {
        ObjectNode reply = Json.object();
        reply.put("cmd", "0001");
        reply.put("evocator", evocator == null || evocator.length() > 8 ? "0002" : evocator);
        reply.put("error", code.code());
        if (context != null) {
            reply.set("context", context);
        }
        if (desc != null) {
            reply.put("Desc", desc);
        }
        return reply;
    }

    /**
     * MyChat's documented browser line, {@code GET /mychat/API/?data={0002 command}}, with the bridge's inbound
     * ServerKey; its context is the fresh bridge id, so every try is a new command.
     */
    @Override
    public ExampleRequest example(String from, String to, String text) {
        CanonicalMessage message = TryIt.message(NAME, from, to, text, null);
        ObjectNode command = MyChatCodec.toRequest(message, message.recipients().get(0), inboundServerKey, apisType);
        return new ExampleRequest("GET", "/mychat/API/",
                "data=" + FormEncoding.encodeSpaceAsPercent(Json.write(command)), null, Map.of());
    }

    // ---- outbound: the bridge as MyChat's client ------------------------------------------------------------

    /** One {@code GET /API/?data=} call per recipient (MyChat's 0002 has a single UserTo). */
    @Override
    public List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt) {
        return calls(addressed);
    }

    /**
     * MyChat has no command that recalls a message (its Integration API has none:
     * docs/providers.md#mychat-groups-and-recall): the copy stays, and with {@code bridge.mychat.recall-notice} set its
     * recipients (or conference) are sent that text instead, from the same sender.
     */
    @Override
    public RecallCalls recallCalls(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        String why = "MyChat has no API that recalls a message";
        if (recallNotice == null || recallNotice.isBlank()) {
            return RecallCalls.cannot(why);
        }
        CanonicalMessage notice = addressed.withElements(List.of(new Element.Text(recallNotice, List.of())));
        return RecallCalls.notice(calls(notice), why + "; the notice was sent instead");
    }

    public List<OutboundCall> calls(CanonicalMessage message) {
        if (message.addressedToGroup()) {
            return List.of(channelCall(message));
        }
        List<OutboundCall> calls = new ArrayList<>(message.recipients().size());
        for (String recipient : message.recipients()) {
            ObjectNode request = MyChatCodec.toRequest(message, recipient, serverKey, apisType);
            String data = FormEncoding.encodeSpaceAsPercent(Json.write(request));
            calls.add(new OutboundCall(recipient, "data=" + data, null, Map.of()));
        }
        return calls;
    }

    /** A group message as one 0004 into the conference the groups file names (a MyChat group is a conference). */
    private OutboundCall channelCall(CanonicalMessage message) {
        String uid = message.conversation().id();
        if (message.conversation().kind() != Conversation.Kind.CHANNEL || asUin(uid) == null) {
            throw new BridgeException(ErrorCategory.RECIPIENT_UNKNOWN, NAME, null,
                    "a MyChat conference is a UID (an integer), not " + uid);
        }
        ObjectNode request = MyChatCodec.toChannelRequest(message, Long.parseLong(uid), serverKey, apisType);
        return new OutboundCall(null, "data=" + FormEncoding.encodeSpaceAsPercent(Json.write(request)), null,
                Map.of());
    }

    /** A cell of the groups file is a conference's UID. */
    @Override
    public Conversation group(String cell) {
        return new Conversation(Conversation.Kind.CHANNEL, cell);
    }

    @Override
    public String historyTime() {
        return "a text prefix [yyyy-MM-dd HH:mm:ss UTC]; MyChat stamps its own time on arrival";
    }

    /** Reads MyChat's answer to one call: the work result, or the error envelope translated to its category. */
    public DeliveryReceipt readReply(Exchange exchange) {
        int status = TargetAnswers.status(exchange);
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.isObject()) {
            throw TargetAnswers.fromStatus(NAME, status == 200 ? 502 : status);
        }
        String cmd = reply.path("cmd").asText("");
        if ("0001".equals(cmd) || reply.has("error")) {
            if (status >= 500) {
                throw TargetAnswers.fromStatus(NAME, status);
            }
            throw TargetAnswers.fromCode(ERRORS, reply.path("error").asInt(-1), reply.path("Desc").asText(null));
        }
        if (status != 200) {
            throw TargetAnswers.fromStatus(NAME, status);
        }
        Map<String, String> ids = new HashMap<>(); // MyChat gives no message id: only these facts (REPLY_FACTS)
        for (String fact : REPLY_FACTS) {
            if (reply.has(fact)) {
                ids.put(fact, reply.get(fact).asText());
            }
        }
        return new DeliveryReceipt(NAME, Exchanges.callRecipient(exchange), ids, null);
    }

    /** The facts of a 0002 or 0004 reply a receipt carries for the caller's reply; they identify no message. */
    static final java.util.Set<String> REPLY_FACTS = java.util.Set.of("UINTo", "State", "UINFrom", "UID");

    @Override
    public boolean identifiesMessage(String idName) {
        return !REPLY_FACTS.contains(idName);
    }
}
