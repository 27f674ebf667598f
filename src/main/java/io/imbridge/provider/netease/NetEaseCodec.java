package io.imbridge.provider.netease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.ElementTypes;
import io.imbridge.provider.JsonFields;

/**
 * NetEase {@code sendMsgToSomeone} form ⇄ canonical message. {@code attach} is the text for a text message and the
 * ordinary message API's body JSON for the other kinds (image {name, md5, url, ext, w, h, size}, audio {dur, md5,
 * url, ext, size}, video {dur, md5, url, w, h, ext, size}, location {title, lng, lat}, file {name, md5, url, ext,
 * size}); a custom message's attach is the app's JSON. A face, which NetEase has no kind for, goes as custom
 * {@code {"type":"face","index":…,"data":…}}.
 */
public final class NetEaseCodec {

    /** msgType codes (docs/providers.md#netease-message-types), named for {@link #TYPES}, the one table of them. */
    public static final int TEXT = 0;
    public static final int IMAGE = 1;
    public static final int AUDIO = 2;
    public static final int VIDEO = 3;
    public static final int LOCATION = 4;
    public static final int FILE = 6;
    public static final int ALERT = 10;
    public static final int CUSTOM = 100;

    /**
     * The ext key holding a migrated message's original sending time (ms since the epoch, UTC); NetEase's own time
     * of the message is when the migration sent it.
     */
    public static final String HISTORY_SENT_AT = "imBridgeSentAt";

    /** Typed access to attach fields: a wrong type or an out-of-range number is 414, as NetEase answers. */
    private static final JsonFields FIELDS = new JsonFields(NetEaseError.ParameterError, "attach.");

    private static final List<String> MAPPED = List.of("roomid", "msgId", "fromAccid", "toAccids", "msgType",
            "attach", "ext", "subType", "from", "ope", "to", "type", "body");

    /** Kept fields only the chat-room APIs take: not sent on by msg/sendMsg. */
    private static final List<String> ROOM_ONLY = List.of("resendFlag", "route", "yidunAntiSpamExt", "highPriority",
            "needHighPriorityMsgResend", "abandonRatio", "notifyTargetTags", "locX", "locY", "locZ");
    /** Kept fields only msg/sendMsg takes: not sent on by the chat-room APIs. */
    private static final List<String> MSG_ONLY = List.of("option", "pushcontent", "payload", "forcepushlist",
            "forcepushcontent", "forcepushall", "markRead", "checkFriend", "msgSenderNoSense",
            "msgReceiverNoSense", "returnMsgid");

    private NetEaseCodec() {
    }

    public static CanonicalMessage toCanonical(NetEaseSend send, String id, long receivedAt) {
        ObjectNode kept = Json.object();
        send.form().forEach((k, v) -> {
            if (!MAPPED.contains(k)) {
                kept.put(k, v);
            }
        });
        if (send.form().containsKey("attach")) {
            kept.put("attach", send.form().get("attach"));
        }
        Map<String, String> ids = new HashMap<>();
        Conversation conversation;
        if (send.ordinary()) {
            // msg/sendMsg: a team's message, or a one-to-one one; NetEase makes its msgid, the caller gives none
            conversation = send.team() != null ? new Conversation(Conversation.Kind.GROUP, send.team())
                    : Conversation.DIRECT;
        } else {
            ids.put("msgId", send.msgId());
            ids.put("roomid", Long.toString(send.roomId()));
            conversation = new Conversation(Conversation.Kind.CHAT_ROOM, Long.toString(send.roomId()));
        }
        String ext = send.form().get("ext");
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(NetEaseProvider.NAME, ids),
                send.from(), send.to(), conversation,
                null, receivedAt, List.of(element(send)), DeliveryOptions.NONE,
                ext == null || ext.isEmpty() ? null : ext, Map.of(NetEaseProvider.NAME, kept));
    }

    /** The element a form's msgType and attach describe; 414 when the attach does not fit. */
    static Element element(NetEaseSend send) {
        return TYPES.read(send.msgType(), send, t -> NetEaseError.MsgTypeUnsupported.failure("msgType " + t));
    }

    /**
     * msgTypes (docs/providers.md#netease-message-types), both ways: the one table of them (the request checks accept
     * exactly these). A face, which NetEase has no kind for, goes as custom {@code {"type":"face",…}}.
     */
    static final ElementTypes<Integer, NetEaseSend, String> TYPES = new ElementTypes<Integer, NetEaseSend, String>()
            .type(TEXT, Element.Text.class, s -> new Element.Text(text(s)), Element.Text::text)
            .type(IMAGE, Element.Image.class, s -> {
                JsonNode a = object(s);
                return new Element.Image(null, FIELDS.text(a, "ext"), FIELDS.text(a, "name"), FIELDS.text(a, "md5"),
                        FIELDS.text(a, "ext"), null, List.of(new Element.ImageVariant(Element.ImageVariant.Role.ORIGINAL,
                        FIELDS.text(a, "url"), null, null, FIELDS.longValue(a, "size"), FIELDS.integer(a, "w"),
                        FIELDS.integer(a, "h"))));
            }, NetEaseCodec::image)
            .type(AUDIO, Element.Audio.class, s -> {
                JsonNode a = object(s);
                return new Element.Audio(FIELDS.text(a, "url"), null, FIELDS.longValue(a, "size"),
                        FIELDS.longValue(a, "dur"), FIELDS.text(a, "md5"), FIELDS.text(a, "ext"), null, null);
            }, NetEaseCodec::audio)
            .type(VIDEO, Element.Video.class, s -> {
                JsonNode a = object(s);
                return new Element.Video(FIELDS.text(a, "url"), null, FIELDS.longValue(a, "size"),
                        FIELDS.longValue(a, "dur"), FIELDS.text(a, "ext"), FIELDS.text(a, "md5"), FIELDS.integer(a, "w"),
                        FIELDS.integer(a, "h"), null, null, null, null, null, null, null, null, null, null);
            }, NetEaseCodec::video)
            .type(LOCATION, Element.Location.class, s -> {
                JsonNode a = object(s);
                return new Element.Location(FIELDS.text(a, "title"), FIELDS.number(a, "lat"), FIELDS.number(a, "lng"));
            }, NetEaseCodec::location)
            .type(FILE, Element.File.class, s -> {
                JsonNode a = object(s);
                return new Element.File(FIELDS.text(a, "url"), null, FIELDS.longValue(a, "size"), FIELDS.text(a, "name"),
                        FIELDS.text(a, "md5"), FIELDS.text(a, "ext"), null, null);
            }, NetEaseCodec::file)
            .type(ALERT, Element.Alert.class, s -> new Element.Alert(text(s)), Element.Alert::text)
            .type(CUSTOM, Element.Custom.class, s -> new Element.Custom(s.form().get("attach"), null, null, null,
                    subType(s)), c -> c.data() == null ? "{}" : c.data())
            .writes(Element.Face.class, f -> new ElementTypes.Written<>(CUSTOM, face(f)))
            .complete();

    /** A text or alert's attach: the text itself, not empty. */
    private static String text(NetEaseSend send) {
        String attach = send.form().get("attach");
        if (attach == null || attach.isBlank()) {
            throw NetEaseError.AttachEmpty.failure("attach is empty");
        }
        return attach;
    }

    /** The other kinds' attach: the ordinary message API's body JSON. */
    private static JsonNode object(NetEaseSend send) {
        String attach = send.form().get("attach");
        JsonNode a = attach == null ? null : Json.parseOrNull(attach);
        if (a == null || !a.isObject()) {
            throw NetEaseError.ParameterError.failure("attach must be a JSON object for msgType " + send.msgType());
        }
        return a;
    }

    private static Integer subType(NetEaseSend send) {
        String v = send.form().get("subType");
        return v != null && !v.isEmpty() ? Integer.valueOf(v.trim()) : null;
    }

    /**
     * The forms that deliver {@code m}: per element, per chunk of at most 100 recipients. The msgId is derived from
     * the bridge id (so a retried call is deduplicated by NetEase), or is the source's own for a NetEase
     * pass-through of one call.
     */
    public static List<Map<String, String>> toForms(CanonicalMessage m, long roomId, boolean resend) {
        ObjectNode kept = m.vendorFields(NetEaseProvider.NAME);
        List<Map<String, String>> forms = new ArrayList<>();
        List<List<String>> chunks = new ArrayList<>();
        // a message to the whole room (chatroom/sendMsg) names no recipient: one form per element
        boolean wholeRoom = m.addressedToGroup();
        int perCall = NetEaseProvider.CAPABILITIES.limits().maxRecipients();
        for (int i = 0; i < m.recipients().size(); i += perCall) {
            chunks.add(m.recipients().subList(i, Math.min(m.recipients().size(), i + perCall)));
        }
        if (wholeRoom) {
            chunks = List.of(List.of());
        }
        boolean single = chunks.size() == 1 && m.elements().size() == 1;
        for (int e = 0; e < m.elements().size(); e++) {
            for (int c = 0; c < chunks.size(); c++) {
                Map<String, String> f = new LinkedHashMap<>();
                if (kept != null) {
                    kept.fields().forEachRemaining(k -> {
                        if (!MSG_ONLY.contains(k.getKey())) {
                            f.put(k.getKey(), k.getValue().asText());
                        }
                    });
                }
                f.put("roomid", Long.toString(roomId));
                String sourceMsgId = single && NetEaseProvider.NAME.equals(m.source().vendor())
                        ? m.source().ids().get("msgId") : null;
                f.put("msgId", sourceMsgId != null ? sourceMsgId
                        : UUID.nameUUIDFromBytes((m.id() + ":" + e + ":" + c).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
                f.put("fromAccid", m.sender());
                if (wholeRoom) {
                    f.remove("toAccids");
                } else {
                    f.put("toAccids", Json.write(chunks.get(c)));
                }
                Element el = m.elements().get(e);
                f.put("msgType", Integer.toString(msgType(el)));
                String rawAttach = kept == null || !kept.has("attach") ? null : kept.get("attach").asText();
                f.put("attach", rawAttach != null && single && sameElement(el, msgType(el), rawAttach, f)
                        ? rawAttach : attach(el));
                if (el instanceof Element.Custom x && x.subType() != null) {
                    f.put("subType", Integer.toString(x.subType()));
                }
                String ext = ext(m);
                if (ext != null) {
                    f.put("ext", ext);
                }
                // a migrated message always says it may be a resend: a migration resumed after a crash sends its
                // msgId again, and NetEase deduplicates a resend by msgId
                if (resend || m.options().isHistory()) {
                    f.put("resendFlag", "1");
                }
                forms.add(f);
            }
        }
        return forms;
    }

    /**
     * The msg/sendMsg forms that deliver {@code m} into the team {@code tid} (ope 1): one per element, each its type
     * and body (a text's and a tip's {@code {"msg": …}}, the other kinds' attach JSON).
     */
    public static List<Map<String, String>> toTeamForms(CanonicalMessage m, String tid) {
        List<Map<String, String>> forms = new ArrayList<>(m.elements().size());
        String ext = ext(m);
        ObjectNode kept = m.vendorFields(NetEaseProvider.NAME);
        for (Element el : m.elements()) {
            Map<String, String> f = new LinkedHashMap<>();
            if (kept != null) {
                kept.fields().forEachRemaining(k -> {
                    if (!ROOM_ONLY.contains(k.getKey()) && !"attach".equals(k.getKey())) {
                        f.put(k.getKey(), k.getValue().asText());
                    }
                });
            }
            f.put("from", m.sender());
            f.put("ope", "1");
            f.put("to", tid);
            int type = msgType(el);
            f.put("type", Integer.toString(type));
            f.put("body", Json.write(NetEaseHistory.body(type, attach(el))));
            if (ext != null) {
                f.put("ext", ext);
            }
            forms.add(f);
        }
        return forms;
    }

    /**
     * The ext of {@code m}: its customData (wrapped as {@code {"customData": …}} when it is not JSON); for migrated
     * history with an original time, a JSON object that also holds {@link #HISTORY_SENT_AT} (NetEase stamps its own
     * time on every message, so the original one travels here). Refused as too large past ext's limit.
     */
    static String ext(CanonicalMessage m) {
        String data = m.customData();
        JsonNode parsed = data == null ? null : Json.parseOrNull(data);
        if (!m.options().isHistory() || m.sentAt() == null) {
            return data == null ? null : parsed != null ? data : Json.write(Map.of("customData", data));
        }
        ObjectNode ext;
        if (parsed != null && parsed.isObject()) {
            ext = (ObjectNode) parsed;
        } else {
            ext = Json.object();
            Json.putText(ext, "customData", data);
        }
        ext.put(HISTORY_SENT_AT, m.sentAt());
        String written = Json.write(ext);
        int max = NetEaseProvider.CAPABILITIES.limits().maxExtChars();
        if (written.length() > max) {
            throw NetEaseError.ParameterTooLarge.failure("ext with " + HISTORY_SENT_AT + " is over " + max
                    + " characters");
        }
        return written;
    }

    private static boolean sameElement(Element el, int msgType, String rawAttach, Map<String, String> form) {
        try {
            Map<String, String> probe = new HashMap<>(form);
            probe.put("attach", rawAttach);
            return el.equals(element(new NetEaseSend(probe, 0, "x", "x", List.of("x"), msgType)));
        } catch (BridgeException notTheSame) {
            return false;
        }
    }

    public static int msgType(Element e) {
        return TYPES.write(e).type();
    }

    public static String attach(Element e) {
        return TYPES.write(e).content();
    }

    private static String face(Element.Face f) {
        ObjectNode a = Json.object();
        a.put("type", "face");
        if (f.index() != null) {
            a.put("index", f.index());
        }
        Json.putText(a, "data", f.data());
        return Json.write(a);
    }

    private static String image(Element.Image i) {
        ObjectNode a = Json.object();
        Element.ImageVariant v = i.variants().stream()
                .filter(x -> x.role() == Element.ImageVariant.Role.ORIGINAL).findFirst()
                .orElse(i.variants().isEmpty() ? null : i.variants().get(0));
        Json.putText(a, "name", i.name());
        Json.putText(a, "md5", i.md5());
        Json.putText(a, "url", v == null ? null : v.url());
        Json.putText(a, "ext", i.ext() != null ? i.ext() : i.format());
        Json.putNumber(a, "w", v == null ? null : v.width());
        Json.putNumber(a, "h", v == null ? null : v.height());
        Json.putNumber(a, "size", v == null ? null : v.size());
        return Json.write(a);
    }

    private static String audio(Element.Audio au) {
        ObjectNode a = Json.object();
        Json.putNumber(a, "dur", au.durationMs());
        Json.putText(a, "md5", au.md5());
        Json.putText(a, "url", au.url());
        Json.putText(a, "ext", au.ext());
        Json.putNumber(a, "size", au.size());
        return Json.write(a);
    }

    private static String video(Element.Video v) {
        ObjectNode a = Json.object();
        Json.putNumber(a, "dur", v.durationMs());
        Json.putText(a, "md5", v.md5());
        Json.putText(a, "url", v.url());
        Json.putNumber(a, "w", v.width());
        Json.putNumber(a, "h", v.height());
        Json.putText(a, "ext", v.format());
        Json.putNumber(a, "size", v.size());
        return Json.write(a);
    }

    private static String location(Element.Location l) {
        ObjectNode a = Json.object();
        Json.putText(a, "title", l.description());
        a.put("lng", l.longitude());
        a.put("lat", l.latitude());
        return Json.write(a);
    }

    private static String file(Element.File f) {
        ObjectNode a = Json.object();
        Json.putText(a, "name", f.name());
        Json.putText(a, "md5", f.md5());
        Json.putText(a, "url", f.url());
        Json.putText(a, "ext", f.ext());
        Json.putNumber(a, "size", f.size());
        return Json.write(a);
    }
}
