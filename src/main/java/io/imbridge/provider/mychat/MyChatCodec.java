package io.imbridge.provider.mychat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.ElementTypes;

/**
 * MyChat {@code 0002} command ⇄ canonical message. MyChat carries text only ({@code MsgType} 1 or absent); another
 * {@code MsgType} keeps its {@code Msg} as a custom element whose subtype is the MsgType. Fields with no canonical
 * meaning (APIStype, context, anything unknown) are kept verbatim in the message's MyChat vendor fields, as are the
 * raw UserFrom/UserTo when they were numbers, so a message sent back to MyChat is rebuilt unchanged.
 */
public final class MyChatCodec {

    /** Fields the codec maps; everything else is kept verbatim. ServerKey is a credential and never kept. */
    private static final List<String> MAPPED = List.of("cmd", "ServerKey", "UserFrom", "UserTo", "UID", "Msg",
            "MsgType");

    private MyChatCodec() {
    }

    public static CanonicalMessage toCanonical(MyChatSend send, String id, long receivedAt) {
        ObjectNode kept = Json.copyExcept(send.request(), MAPPED);
        keepIfNumber(send.request(), "UserFrom", kept);
        keepIfNumber(send.request(), "UserTo", kept);
        if (send.msgType() != null) {
            kept.set("MsgType", send.request().get("MsgType"));
        }
        Element element = send.msgType() == null || send.msgType() == 1
                ? new Element.Text(send.msg())
                : new Element.Custom(send.msg(), null, null, null, send.msgType());
        // a 0004 goes to its conference (a channel), a 0002 to its one recipient
        Conversation conversation = send.toChannel()
                ? new Conversation(Conversation.Kind.CHANNEL, Long.toString(send.uid())) : Conversation.DIRECT;
        List<String> recipients = send.toChannel() ? List.of() : List.of(send.userTo());
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(MyChatProvider.NAME, Map.of()),
                send.userFrom(), recipients, conversation, null, receivedAt, List.of(element),
                DeliveryOptions.NONE, null, kept.isEmpty() ? Map.of() : Map.of(MyChatProvider.NAME, kept));
    }

    private static void keepIfNumber(ObjectNode request, String field, ObjectNode kept) {
        JsonNode n = request.get(field);
        if (n != null && n.isNumber()) {
            kept.set(field, n);
        }
    }

    /**
     * The 0002 command that delivers {@code message} to one recipient.
     *
     * @param serverKey the bridge's outbound integration key
     * @param apisType  APIStype when the message does not bring its own
     */
    public static ObjectNode toRequest(CanonicalMessage message, String recipient, String serverKey, String apisType) {
        ObjectNode req = command(message, MyChatRequests.SEND_PRIVATE_MESSAGE, serverKey, apisType);
        req.set("UserTo", party(message.vendorFields(MyChatProvider.NAME), "UserTo", recipient));
        return withText(message, req);
    }

    /**
     * The 0004 command that delivers {@code message} into the conference {@code uid} (a channel message, 0004:
     * UserFrom, UID, Msg, MsgType).
     */
    public static ObjectNode toChannelRequest(CanonicalMessage message, long uid, String serverKey, String apisType) {
        ObjectNode req = command(message, MyChatRequests.SEND_CHANNEL_MESSAGE, serverKey, apisType);
        req.remove("UserTo");
        req.put("UID", uid);
        return withText(message, req);
    }

    private static ObjectNode command(CanonicalMessage message, String cmd, String serverKey, String apisType) {
        ObjectNode kept = message.vendorFields(MyChatProvider.NAME);
        ObjectNode req = Json.object();
        req.put("cmd", cmd);
        req.put("ServerKey", serverKey);
        req.put("APIStype", apisType);
        req.put("context", message.id());
        if (kept != null) {
            kept.fields().forEachRemaining(f -> req.set(f.getKey(), f.getValue()));
        }
        req.set("UserFrom", party(kept, "UserFrom", message.sender() == null ? "0" : message.sender()));
        return req;
    }

    private static ObjectNode withText(CanonicalMessage message, ObjectNode req) {
        Element.Custom custom = soleCustomWithType(message.elements());
        if (custom != null) {
            req.put("MsgType", custom.subType());
            req.put("Msg", custom.data());
        } else {
            req.put("MsgType", 1);
            req.put("Msg", historyPrefix(message) + text(message.elements()));
        }
        return req;
    }

    /**
     * How a migrated message's original time leads its text ({@code [2019-05-09 07:36:58 UTC] }): MyChat stamps its
     * own time on every message and has no field for another. Only on a text (MsgType 1): another MsgType's Msg is
     * structured (JSON) and is sent unchanged.
     */
    public static final DateTimeFormatter HISTORY_PREFIX =
            DateTimeFormatter.ofPattern("'['yyyy-MM-dd HH:mm:ss' UTC] '", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The prefix of a migrated message with an original time; "" for any other. */
    static String historyPrefix(CanonicalMessage message) {
        return message.options().isHistory() && message.sentAt() != null
                ? HISTORY_PREFIX.format(Instant.ofEpochMilli(message.sentAt())) : "";
    }

    /** The raw number the source sent, when it still names the same party; else the id as a string. */
    private static JsonNode party(ObjectNode kept, String field, String id) {
        JsonNode raw = kept == null ? null : kept.get(field);
        if (raw != null && raw.isNumber() && raw.asText().equals(id)) {
            return raw;
        }
        return Json.MAPPER.getNodeFactory().textNode(id);
    }

    private static Element.Custom soleCustomWithType(List<Element> elements) {
        if (elements.size() == 1 && elements.get(0) instanceof Element.Custom c && c.subType() != null
                && c.subType() != 1 && c.data() != null) {
            return c;
        }
        return null;
    }

    /**
     * MyChat carries text only: each element becomes a line of text (the documented degradation; an image or file
     * becomes its URL, a location its description and coordinates), so nothing is dropped silently.
     */
    public static String text(List<Element> elements) {
        List<String> lines = new ArrayList<>();
        for (Element e : elements) {
            lines.add(textOf(e));
        }
        return String.join("\n", lines);
    }

    static String textOf(Element e) {
        return LINES.write(e).content();
    }

    /**
     * Each kind as its line of a text message (MsgType 1): the one table of MyChat's degradations, written only
     * (a MyChat command is read as a whole, not by element).
     */
    private static final ElementTypes<Integer, Void, String> LINES = new ElementTypes<Integer, Void, String>()
            .writes(Element.Text.class, t -> line(t.text()))
            .writes(Element.Alert.class, a -> line(a.text()))
            .writes(Element.Image.class, i -> line(label("[image]", i.name(), i.variants() == null ? null
                    : i.variants().stream().filter(v -> v.url() != null).map(Element.ImageVariant::url)
                    .findFirst().orElse(null))))
            .writes(Element.Audio.class, a -> line(label("[audio]", null, a.url())))
            .writes(Element.Video.class, v -> line(label("[video]", null, v.url())))
            .writes(Element.File.class, f -> line(label("[file]", f.name(), f.url())))
            .writes(Element.Location.class, l -> line(label("[location]", l.description(),
                    l.latitude() + "," + l.longitude())))
            .writes(Element.Face.class, f -> line(label("[face]", f.data(),
                    f.index() == null ? null : "#" + f.index())))
            .writes(Element.Custom.class, c -> line(c.data() != null ? c.data()
                    : label("[custom]", c.description(), null)))
            .complete();

    private static ElementTypes.Written<Integer, String> line(String text) {
        return new ElementTypes.Written<>(1, text);
    }

    private static String label(String kind, String name, String value) {
        StringBuilder b = new StringBuilder(kind);
        if (name != null && !name.isEmpty()) {
            b.append(' ').append(name);
        }
        if (value != null && !value.isEmpty()) {
            b.append(' ').append(value);
        }
        return b.toString();
    }
}
