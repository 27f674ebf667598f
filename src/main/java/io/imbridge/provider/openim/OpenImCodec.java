package io.imbridge.provider.openim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.ElementTypes;
import io.imbridge.provider.JsonFields;

/**
 * OpenIM {@code send_msg} body ⇄ canonical message. One OpenIM message carries one content, so a canonical message
 * with several elements becomes several messages, in order. The raw {@code content} and {@code offlinePushInfo}
 * are kept in the message's OpenIM vendor fields and sent back unchanged when the canonical value is still the same,
 * so fields OpenIM clients add there survive a pass-through.
 */
public final class OpenImCodec {

    /** Typed access to content fields: a wrong type is OpenIM's 1001 ArgsError. */
    private static final JsonFields FIELDS = new JsonFields(OpenImError.ArgsError, "content.");

    public static final int SESSION_SINGLE = 1;
    /**
     * The old group session: OpenIM v3 refuses it with 1001 (docs/providers.md#openim-api-served), and so does the
     * bridge.
     */
    public static final int SESSION_GROUP_LEGACY = 2;
    public static final int SESSION_GROUP = 3;
    public static final int SESSION_NOTIFICATION = 4;

    /** contentType codes (docs/providers.md#openim-message-types): the one table of them. */
    public static final int TEXT = 101;
    public static final int PICTURE = 102;
    public static final int VOICE = 103;
    public static final int VIDEO = 104;
    public static final int FILE = 105;
    public static final int AT_TEXT = 106;
    public static final int LOCATION = 109;
    public static final int CUSTOM = 110;
    public static final int FACE = 115;

    private static final List<String> MAPPED = List.of("sendID", "recvID", "groupID", "content", "contentType",
            "sessionType", "isOnlineOnly", "notOfflinePush", "sendTime", "offlinePushInfo", "ex");

    private OpenImCodec() {
    }

    static boolean isKnownSession(int sessionType) {
        return sessionType >= SESSION_SINGLE && sessionType <= SESSION_NOTIFICATION
                && sessionType != SESSION_GROUP_LEGACY;
    }

    static boolean isGroup(int sessionType) {
        return sessionType == SESSION_GROUP;
    }

    /** The session type a message is sent to OpenIM with: a group's, a notification's, else one-to-one. */
    static int sessionType(Conversation conversation) {
        return switch (conversation.kind()) {
            case GROUP -> SESSION_GROUP;
            case NOTIFICATION -> SESSION_NOTIFICATION;
            default -> SESSION_SINGLE;
        };
    }

    // ---- OpenIM → canonical ----------------------------------------------------------------------------------

    public static CanonicalMessage toCanonical(OpenImSend send, String id, long receivedAt) {
        ObjectNode req = send.request();
        ObjectNode kept = Json.copyExcept(req, MAPPED);
        kept.set("content", req.get("content"));
        if (req.hasNonNull("offlinePushInfo")) {
            kept.set("offlinePushInfo", req.get("offlinePushInfo"));
        }
        int sessionType = send.sessionType();
        Conversation conversation;
        List<String> recipients;
        if (isGroup(sessionType)) {
            conversation = new Conversation(Conversation.Kind.GROUP, req.get("groupID").asText());
            recipients = List.of();
        } else {
            conversation = sessionType == SESSION_NOTIFICATION
                    ? new Conversation(Conversation.Kind.NOTIFICATION, null) : Conversation.DIRECT;
            recipients = List.of(req.get("recvID").asText());
        }
        Element element = element(send.contentType(), (ObjectNode) req.get("content"));
        Map<String, String> ids = new HashMap<>();
        if (send.operationID() != null) {
            ids.put("operationID", send.operationID());
        }
        if (req.path("clientMsgID").isTextual()) {
            ids.put("clientMsgID", req.get("clientMsgID").asText());
        }
        Boolean notOfflinePush = bool(req, "notOfflinePush");
        DeliveryOptions options = new DeliveryOptions(bool(req, "isOnlineOnly"), null, null,
                notOfflinePush == null ? null : !notOfflinePush, push(req.get("offlinePushInfo")), null);
        long sendTime = req.path("sendTime").asLong(0);
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(OpenImProvider.NAME, ids),
                send.sendID(), recipients, conversation, sendTime > 0 ? sendTime : null, receivedAt,
                List.of(element), options, req.hasNonNull("ex") ? req.get("ex").asText() : null,
                Map.of(OpenImProvider.NAME, kept));
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    static DeliveryOptions.OfflinePush push(JsonNode p) {
        if (p == null || !p.isObject()) {
            return null;
        }
        return new DeliveryOptions.OfflinePush(text(p, "title"), text(p, "desc"), text(p, "ex"),
                text(p, "iOSPushSound"), bool(p, "iOSBadgeCount"), null, null, null);
    }

    /** The element an OpenIM content of {@code contentType} holds; 1001 ArgsError when its shape is wrong. */
    public static Element element(int contentType, ObjectNode c) {
        return TYPES.read(contentType, c, t -> OpenImError.ContentTypeUnsupported.failure(
                "contentType " + t + " is not supported by the bridge"));
    }

    /**
     * contentTypes (docs/providers.md#openim-message-types), both ways: the one table of them. A text with mentions is
     * the @-text (106); an alert, which OpenIM lacks, goes as text.
     */
    static final ElementTypes<Integer, ObjectNode, ObjectNode> TYPES =
            new ElementTypes<Integer, ObjectNode, ObjectNode>()
            .reads(TEXT, OpenImCodec::readText)
            .reads(AT_TEXT, OpenImCodec::readAtText)
            .writes(Element.Text.class, t -> t.mentions() == null
                    ? new ElementTypes.Written<>(TEXT, Json.object().put("content", t.text()))
                    : new ElementTypes.Written<>(AT_TEXT, atText(t)))
            .writes(Element.Alert.class, a -> new ElementTypes.Written<>(TEXT, Json.object().put("content", a.text())))
            .type(PICTURE, Element.Image.class, OpenImCodec::readPicture, OpenImCodec::picture)
            .type(VOICE, Element.Audio.class, c -> new Element.Audio(FIELDS.requireText(c, "sourceUrl"),
                    FIELDS.text(c, "uuid"), FIELDS.longValue(c, "dataSize"), FIELDS.seconds(c, "duration"), null, null,
                    FIELDS.text(c, "soundPath"), null), OpenImCodec::voice)
            .type(VIDEO, Element.Video.class, c -> new Element.Video(FIELDS.requireText(c, "videoUrl"),
                    FIELDS.text(c, "videoUUID"), FIELDS.longValue(c, "videoSize"), FIELDS.seconds(c, "duration"),
                    FIELDS.text(c, "videoType"), null, null, null, FIELDS.text(c, "videoPath"), null,
                    FIELDS.text(c, "snapshotUrl"), FIELDS.text(c, "snapshotUUID"), FIELDS.longValue(c, "snapshotSize"),
                    FIELDS.integer(c, "snapshotWidth"), FIELDS.integer(c, "snapshotHeight"), null,
                    FIELDS.text(c, "snapshotPath"), null), OpenImCodec::video)
            .type(FILE, Element.File.class, c -> new Element.File(FIELDS.requireText(c, "sourceUrl"),
                    FIELDS.text(c, "uuid"), FIELDS.longValue(c, "fileSize"), FIELDS.text(c, "fileName"), null, null,
                    FIELDS.text(c, "filePath"), null), OpenImCodec::file)
            .type(LOCATION, Element.Location.class, c -> new Element.Location(FIELDS.text(c, "description"),
                    FIELDS.requireNumber(c, "latitude"), FIELDS.requireNumber(c, "longitude")), OpenImCodec::location)
            .type(CUSTOM, Element.Custom.class, c -> new Element.Custom(FIELDS.requireText(c, "data"),
                    FIELDS.text(c, "description"), FIELDS.text(c, "extension"), null, null), OpenImCodec::custom)
            .type(FACE, Element.Face.class, c -> new Element.Face(FIELDS.integer(c, "index"), FIELDS.text(c, "data")),
                    OpenImCodec::face)
            .complete();

    private static Element.Text readText(ObjectNode c) {
        String text = FIELDS.requireText(c, "content");
        if (text.isBlank()) {
            throw OpenImError.ContentEmpty.failure("content.content is empty");
        }
        return new Element.Text(text);
    }

    private static Element.Text readAtText(ObjectNode c) {
        String text = FIELDS.requireText(c, "text");
        List<String> mentions = new ArrayList<>();
        JsonNode list = c.get("atUserList");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw args("content.atUserList must be an array");
            }
            list.forEach(u -> mentions.add(u.asText()));
        }
        return new Element.Text(text, mentions);
    }

    private static Element.Image readPicture(ObjectNode c) {
        List<Element.ImageVariant> variants = new ArrayList<>();
        variant(c, "sourcePicture", Element.ImageVariant.Role.ORIGINAL, variants);
        variant(c, "bigPicture", Element.ImageVariant.Role.LARGE, variants);
        variant(c, "snapshotPicture", Element.ImageVariant.Role.THUMBNAIL, variants);
        if (variants.isEmpty()) {
            throw args("content.sourcePicture is required");
        }
        return new Element.Image(null, null, null, null, null, FIELDS.text(c, "sourcePath"), variants);
    }

    private static void variant(ObjectNode c, String field, Element.ImageVariant.Role role,
                                List<Element.ImageVariant> out) {
        JsonNode p = c.get(field);
        if (p == null || p.isNull()) {
            return;
        }
        if (!p.isObject()) {
            throw args("content." + field + " must be an object");
        }
        out.add(new Element.ImageVariant(role, FIELDS.text(p, "url"), FIELDS.text(p, "uuid"), FIELDS.text(p, "type"),
                FIELDS.longValue(p, "size"), FIELDS.integer(p, "width"), FIELDS.integer(p, "height")));
    }

    // ---- canonical → OpenIM ----------------------------------------------------------------------------------

    /**
     * The send_msg bodies that deliver {@code message} to one recipient (or its group): one per element.
     */
    public static List<ObjectNode> toRequests(CanonicalMessage message, String recipient) {
        ObjectNode kept = message.vendorFields(OpenImProvider.NAME);
        List<ObjectNode> out = new ArrayList<>(message.elements().size());
        for (Element e : message.elements()) {
            ObjectNode req = Json.object();
            if (kept != null) {
                kept.fields().forEachRemaining(f -> req.set(f.getKey(), f.getValue()));
            }
            req.put("sendID", message.sender());
            Conversation conv = message.conversation();
            if (conv.kind() == Conversation.Kind.GROUP) {
                req.put("groupID", conv.id());
            } else {
                req.put("recvID", recipient);
            }
            req.put("sessionType", sessionType(conv));
            JsonNode rawContent = kept == null ? null : kept.get("content");
            if (rawContent != null && rawContent.isObject() && message.elements().size() == 1
                    && sameElement(rawContent, e)) {
                req.put("contentType", contentType(e));
                req.set("content", rawContent);
            } else {
                req.put("contentType", contentType(e));
                req.set("content", content(e));
            }
            DeliveryOptions o = message.options();
            if (o.onlineOnly() != null) {
                req.put("isOnlineOnly", o.onlineOnly());
            }
            if (o.offlinePush() != null) {
                req.put("notOfflinePush", !o.offlinePush());
            }
            // sendTime keeps a message's original time ("filled in when importing historical messages", its send_msg
            // page); a migrated message always has one, its source's or else when the bridge read it
            if (message.sentAt() != null || message.options().isHistory()) {
                Json.putNumber(req, "sendTime", message.effectiveSentAt());
            }
            JsonNode rawPush = kept == null ? null : kept.get("offlinePushInfo");
            if (o.push() != null) {
                req.set("offlinePushInfo", rawPush != null && Objects.equals(push(rawPush), o.push())
                        ? rawPush : pushInfo(o.push()));
            } else {
                req.remove("offlinePushInfo");
            }
            if (message.customData() != null) {
                req.put("ex", message.customData());
            }
            out.add(req);
        }
        return out;
    }

    private static boolean sameElement(JsonNode raw, Element e) {
        try {
            return e.equals(element(contentType(e), (ObjectNode) raw));
        } catch (RuntimeException notTheSame) {
            return false;
        }
    }

    static ObjectNode pushInfo(DeliveryOptions.OfflinePush p) {
        ObjectNode n = Json.object();
        Json.putText(n, "title", p.title());
        Json.putText(n, "desc", p.description());
        Json.putText(n, "ex", p.ext());
        Json.putText(n, "iOSPushSound", p.iosSound());
        if (p.iosBadge() != null) {
            n.put("iOSBadgeCount", p.iosBadge());
        }
        return n;
    }

    /** The contentType for an element kind; an alert (no OpenIM counterpart) goes as text. */
    public static int contentType(Element e) {
        return TYPES.write(e).type();
    }

    public static ObjectNode content(Element e) {
        return TYPES.write(e).content();
    }

    private static ObjectNode atText(Element.Text t) {
        ObjectNode c = Json.object();
        c.put("text", t.text());
        ArrayNode list = c.putArray("atUserList");
        t.mentions().forEach(list::add);
        return c;
    }

    private static ObjectNode picture(Element.Image i) {
        ObjectNode c = Json.object();
        Json.putText(c, "sourcePath", i.sourcePath());
        for (Element.ImageVariant v : i.variants()) {
            String field = switch (v.role()) {
                case ORIGINAL -> "sourcePicture";
                case LARGE -> "bigPicture";
                case THUMBNAIL -> "snapshotPicture";
            };
            ObjectNode p = c.putObject(field);
            Json.putText(p, "uuid", v.uuid());
            Json.putText(p, "type", v.type());
            Json.putNumber(p, "size", v.size());
            Json.putNumber(p, "width", v.width());
            Json.putNumber(p, "height", v.height());
            Json.putText(p, "url", v.url());
        }
        return c;
    }

    private static ObjectNode voice(Element.Audio a) {
        ObjectNode c = Json.object();
        Json.putText(c, "uuid", a.uuid());
        Json.putText(c, "soundPath", a.sourcePath());
        Json.putText(c, "sourceUrl", a.url());
        Json.putNumber(c, "dataSize", a.size());
        Json.putNumber(c, "duration", a.durationMs() == null ? null : Math.round(a.durationMs() / 1000.0));
        return c;
    }

    private static ObjectNode video(Element.Video v) {
        ObjectNode c = Json.object();
        Json.putText(c, "videoPath", v.sourcePath());
        Json.putText(c, "videoUUID", v.uuid());
        Json.putText(c, "videoUrl", v.url());
        Json.putText(c, "videoType", v.format());
        Json.putNumber(c, "videoSize", v.size());
        Json.putNumber(c, "duration", v.durationMs() == null ? null : Math.round(v.durationMs() / 1000.0));
        Json.putText(c, "snapshotPath", v.thumbPath());
        Json.putText(c, "snapshotUUID", v.thumbUuid());
        Json.putNumber(c, "snapshotSize", v.thumbSize());
        Json.putText(c, "snapshotUrl", v.thumbUrl());
        Json.putNumber(c, "snapshotWidth", v.thumbWidth());
        Json.putNumber(c, "snapshotHeight", v.thumbHeight());
        return c;
    }

    private static ObjectNode file(Element.File f) {
        ObjectNode c = Json.object();
        Json.putText(c, "filePath", f.sourcePath());
        Json.putText(c, "uuid", f.uuid());
        Json.putText(c, "sourceUrl", f.url());
        Json.putText(c, "fileName", f.name());
        Json.putNumber(c, "fileSize", f.size());
        return c;
    }

    private static ObjectNode location(Element.Location l) {
        ObjectNode c = Json.object();
        Json.putText(c, "description", l.description());
        c.put("longitude", l.longitude());
        c.put("latitude", l.latitude());
        return c;
    }

    private static ObjectNode custom(Element.Custom x) {
        ObjectNode c = Json.object();
        Json.putText(c, "data", x.data());
        Json.putText(c, "description", x.description());
        Json.putText(c, "extension", x.extension());
        return c;
    }

    private static ObjectNode face(Element.Face f) {
        ObjectNode c = Json.object();
        Json.putNumber(c, "index", f.index());
        Json.putText(c, "data", f.data());
        return c;
    }

    private static RuntimeException args(String detail) {
        return OpenImError.ArgsError.failure(detail);
    }

    /** A string field of the request or its push info, read like a content field. */
    private static String text(JsonNode n, String field) {
        return FIELDS.text(n, field);
    }
}
