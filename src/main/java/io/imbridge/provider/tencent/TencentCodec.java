package io.imbridge.provider.tencent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Tencent {@code sendmsg} bodies and {@code C2C.CallbackBeforeSendMsg} payloads ⇄ canonical messages, and the
 * {@code MsgBody} elements ({@code TIMTextElem}, …) ⇄ canonical elements. The raw {@code MsgBody} and
 * {@code OfflinePushInfo} are kept in the Tencent vendor fields and sent back unchanged while the canonical value is
 * the same, so a pass-through keeps fields the bridge does not model.
 */
public final class TencentCodec {

    /** MsgType names: the one table of them. */
    public static final String TEXT = "TIMTextElem";
    public static final String LOCATION = "TIMLocationElem";
    public static final String FACE = "TIMFaceElem";
    public static final String CUSTOM = "TIMCustomElem";
    public static final String SOUND = "TIMSoundElem";
    public static final String IMAGE = "TIMImageElem";
    public static final String FILE = "TIMFileElem";
    public static final String VIDEO = "TIMVideoFileElem";

    /** Typed access to element fields: a wrong type is 90010 element format. */
    private static final JsonFields FIELDS = new JsonFields(TencentError.ElementFormat, "");

    /** ImageFormat numbers ⇄ format names. */
    private static final Map<Integer, String> IMAGE_FORMATS = Map.of(1, "jpg", 2, "gif", 3, "png", 4, "bmp",
            255, "other");

    /** sendmsg fields the codec maps; the rest is kept verbatim. */
    private static final List<String> SEND_MAPPED = List.of("From_Account", "To_Account", "MsgRandom",
            "MsgTimeStamp", "SyncOtherMachine", "MsgLifeTime", "ForbidCallbackControl", "MsgBody",
            "OfflinePushInfo", "CloudCustomData");
    /** send_group_msg fields the codec maps. */
    private static final List<String> GROUP_MAPPED = List.of("GroupId", "Random", "From_Account", "MsgBody",
            "CloudCustomData", "OnlineOnlyFlag", "ForbidCallbackControl");
    /** What the bridge's own group sends carry, so Tencent does not call the webhook back with them. */
    static final List<String> FORBID_CALLBACKS = List.of("ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback");
    /** Webhook fields the codec maps. */
    private static final List<String> CALLBACK_MAPPED = List.of("CallbackCommand", "From_Account", "To_Account",
            "MsgSeq", "MsgRandom", "MsgTime", "MsgKey", "OnlineOnlyFlag", "MsgBody", "CloudCustomData");

    /** Kept fields the encoder rebuilds itself rather than copying back. */
    private static final List<String> REBUILT = List.of("MsgBody", "OfflinePushInfo", "From_Account");

    private TencentCodec() {
    }

    // ---- Tencent → canonical ---------------------------------------------------------------------------------

    /** A validated sendmsg body; {@code admin} is the sender when the body names none (the admin sends). */
    public static CanonicalMessage fromSendMsg(ObjectNode req, String admin, String id, long receivedAt) {
        ObjectNode kept = Json.copyExcept(req, SEND_MAPPED);
        kept.set("MsgBody", req.get("MsgBody"));
        if (req.hasNonNull("OfflinePushInfo")) {
            kept.set("OfflinePushInfo", req.get("OfflinePushInfo"));
        }
        if (!req.hasNonNull("From_Account")) {
            kept.put("From_Account", (String) null); // remember that the admin sent it
        }
        Map<String, String> ids = new HashMap<>();
        ids.put("MsgRandom", req.get("MsgRandom").asText());
        Integer life = req.hasNonNull("MsgLifeTime") ? req.get("MsgLifeTime").asInt() : null;
        Integer sync = req.hasNonNull("SyncOtherMachine") ? req.get("SyncOtherMachine").asInt() : null;
        List<String> forbid = null;
        if (req.hasNonNull("ForbidCallbackControl")) {
            forbid = new ArrayList<>();
            for (JsonNode f : req.get("ForbidCallbackControl")) {
                forbid.add(f.asText());
            }
        }
        JsonNode push = req.get("OfflinePushInfo");
        DeliveryOptions options = new DeliveryOptions(life != null && life == 0 ? Boolean.TRUE : null, life,
                sync == null ? null : sync == 1, pushFlag(push), push(push), forbid);
        String from = req.hasNonNull("From_Account") ? req.get("From_Account").asText() : admin;
        Long sentAt = req.hasNonNull("MsgTimeStamp") ? req.get("MsgTimeStamp").asLong() * 1000 : null;
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(TencentProvider.NAME, ids), from,
                List.of(req.get("To_Account").asText()), Conversation.DIRECT, sentAt, receivedAt,
                elements(req.get("MsgBody")), options, text(req, "CloudCustomData"),
                Map.of(TencentProvider.NAME, kept));
    }

    /** A validated send_group_msg body: a message into the group; {@code admin} sends when the body names none. */
    public static CanonicalMessage fromSendGroupMsg(ObjectNode req, String admin, String id, long receivedAt) {
        ObjectNode kept = Json.copyExcept(req, GROUP_MAPPED);
        kept.set("MsgBody", req.get("MsgBody"));
        if (!req.hasNonNull("From_Account")) {
            kept.put("From_Account", (String) null); // remember that the admin sent it
        }
        List<String> forbid = null;
        if (req.hasNonNull("ForbidCallbackControl")) {
            forbid = new ArrayList<>();
            for (JsonNode f : req.get("ForbidCallbackControl")) {
                forbid.add(f.asText());
            }
        }
        Boolean onlineOnly = req.hasNonNull("OnlineOnlyFlag") ? req.get("OnlineOnlyFlag").asInt() == 1 : null;
        String from = req.hasNonNull("From_Account") ? req.get("From_Account").asText() : admin;
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id,
                new Source(TencentProvider.NAME, Map.of("Random", req.get("Random").asText())), from, List.of(),
                new Conversation(Conversation.Kind.GROUP, req.get("GroupId").asText()), null, receivedAt,
                elements(req.get("MsgBody")), new DeliveryOptions(onlineOnly, null, null, null, null, forbid),
                text(req, "CloudCustomData"), Map.of(TencentProvider.NAME, kept));
    }

    /** Group webhook fields the codec maps. */
    private static final List<String> GROUP_CALLBACK_MAPPED = List.of("CallbackCommand", "GroupId", "From_Account",
            "Random", "MsgSeq", "MsgTime", "MsgBody", "CloudCustomData", "OnlineOnlyFlag",
            // facts of the source group's event, not of the message: never sent on (a TopicId names a topic of the
            // source group only)
            "Type", "Operator_Account", "TopicId", "EventTime");

    /**
     * A {@code Group.CallbackBeforeSendMsg} / {@code Group.CallbackAfterSendMsg} payload: a message into the group
     * (the After call adds MsgSeq and MsgTime, what a later recall names).
     */
    public static CanonicalMessage fromGroupCallback(ObjectNode cb, String id, long receivedAt) {
        ObjectNode kept = Json.copyExcept(cb, GROUP_CALLBACK_MAPPED);
        kept.set("MsgBody", cb.get("MsgBody"));
        Map<String, String> ids = new HashMap<>();
        for (String f : List.of("Random", "MsgSeq", "MsgTime")) {
            if (cb.hasNonNull(f)) {
                ids.put(f, cb.get(f).asText());
            }
        }
        Boolean onlineOnly = cb.hasNonNull("OnlineOnlyFlag") ? cb.get("OnlineOnlyFlag").asInt() == 1 : null;
        Long sentAt = cb.hasNonNull("MsgTime") ? cb.get("MsgTime").asLong() * 1000 : null;
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(TencentProvider.NAME, ids),
                cb.get("From_Account").asText(), List.of(),
                new Conversation(Conversation.Kind.GROUP, cb.get("GroupId").asText()), sentAt, receivedAt,
                elements(cb.get("MsgBody")), new DeliveryOptions(onlineOnly, null, null, null, null, null),
                text(cb, "CloudCustomData"), Map.of(TencentProvider.NAME, kept));
    }

    /** A {@code C2C.CallbackBeforeSendMsg} / {@code C2C.CallbackAfterSendMsg} payload. */
    public static CanonicalMessage fromCallback(ObjectNode cb, String id, long receivedAt) {
        ObjectNode kept = Json.copyExcept(cb, CALLBACK_MAPPED);
        kept.set("MsgBody", cb.get("MsgBody"));
        Map<String, String> ids = new HashMap<>();
        for (String f : List.of("MsgKey", "MsgSeq", "MsgRandom", "MsgTime")) {
            if (cb.hasNonNull(f)) {
                ids.put(f, cb.get(f).asText());
            }
        }
        Boolean onlineOnly = cb.hasNonNull("OnlineOnlyFlag") ? cb.get("OnlineOnlyFlag").asInt() == 1 : null;
        Long sentAt = cb.hasNonNull("MsgTime") ? cb.get("MsgTime").asLong() * 1000 : null;
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(TencentProvider.NAME, ids),
                cb.get("From_Account").asText(), List.of(cb.get("To_Account").asText()), Conversation.DIRECT,
                sentAt, receivedAt, elements(cb.get("MsgBody")),
                new DeliveryOptions(onlineOnly, null, null, null, null, null), text(cb, "CloudCustomData"),
                Map.of(TencentProvider.NAME, kept));
    }

    static Boolean pushFlag(JsonNode push) {
        return push != null && push.hasNonNull("PushFlag") ? push.get("PushFlag").asInt() == 0 : null;
    }

    static DeliveryOptions.OfflinePush push(JsonNode p) {
        if (p == null || !p.isObject()) {
            return null;
        }
        JsonNode apns = p.path("ApnsInfo");
        JsonNode android = p.path("AndroidInfo");
        Boolean badge = apns.hasNonNull("BadgeMode") ? apns.get("BadgeMode").asInt() == 0 : null;
        return new DeliveryOptions.OfflinePush(text(apns, "Title"), text(p, "Desc"), text(p, "Ext"),
                text(apns, "Sound"), badge, text(apns, "SubTitle"), text(apns, "Image"), text(android, "Sound"));
    }

    /** The elements of a MsgBody; 90002/90010 when it is not one. */
    public static List<Element> elements(JsonNode body) {
        if (body == null || body.isNull()) {
            throw TencentError.MsgBodyFormat.failure("MsgBody is required");
        }
        if (!body.isArray()) {
            throw TencentError.MsgBodyNotArray.failure("MsgBody is not an array");
        }
        if (body.isEmpty()) {
            throw TencentError.MsgBodyEmpty.failure("MsgBody is empty");
        }
        List<Element> out = new ArrayList<>(body.size());
        for (JsonNode e : body) {
            if (!e.isObject() || !e.path("MsgType").isTextual() || !e.path("MsgContent").isObject()) {
                throw TencentError.ElementFormat.failure("each MsgBody item needs MsgType and MsgContent");
            }
            out.add(element(e.get("MsgType").asText(), e.get("MsgContent")));
        }
        return out;
    }

    static Element element(String type, JsonNode c) {
        return TYPES.read(type, c, t -> TencentError.ElementUnsupported.failure("MsgType " + t + " is not supported"));
    }

    /**
     * MsgBody element types (docs/providers.md#tencent-message-types): the one table of them, both ways. An alert goes
     * as TIMTextElem: Tencent has no tip element.
     */
    static final ElementTypes<String, JsonNode, ObjectNode> TYPES = new ElementTypes<String, JsonNode, ObjectNode>()
            .type(TEXT, Element.Text.class, TencentCodec::readText, t -> textContent(t.text()))
            .writes(Element.Alert.class, a -> new ElementTypes.Written<>(TEXT, textContent(a.text())))
            .type(LOCATION, Element.Location.class, c -> new Element.Location(FIELDS.text(c, "Desc"),
                    FIELDS.number(c, "Latitude"), FIELDS.number(c, "Longitude")), TencentCodec::location)
            .type(FACE, Element.Face.class, c -> new Element.Face(FIELDS.integer(c, "Index"), FIELDS.text(c, "Data")),
                    TencentCodec::face)
            .type(CUSTOM, Element.Custom.class, c -> new Element.Custom(FIELDS.text(c, "Data"), FIELDS.text(c, "Desc"),
                    FIELDS.text(c, "Ext"), FIELDS.text(c, "Sound"), null), TencentCodec::custom)
            .type(SOUND, Element.Audio.class, c -> new Element.Audio(FIELDS.text(c, "Url"), FIELDS.text(c, "UUID"),
                    FIELDS.longValue(c, "Size"), FIELDS.seconds(c, "Second"), null, null, null,
                    FIELDS.integer(c, "Download_Flag")), TencentCodec::sound)
            .type(IMAGE, Element.Image.class, TencentCodec::readImage, TencentCodec::image)
            .type(FILE, Element.File.class, c -> new Element.File(FIELDS.text(c, "Url"), FIELDS.text(c, "UUID"),
                    FIELDS.longValue(c, "FileSize"), FIELDS.text(c, "FileName"), null, null, null,
                    FIELDS.integer(c, "Download_Flag")), TencentCodec::file)
            .type(VIDEO, Element.Video.class, c -> new Element.Video(FIELDS.text(c, "VideoUrl"),
                    FIELDS.text(c, "VideoUUID"), FIELDS.longValue(c, "VideoSize"), FIELDS.seconds(c, "VideoSecond"),
                    FIELDS.text(c, "VideoFormat"), null, null, null, null, FIELDS.integer(c, "VideoDownloadFlag"),
                    FIELDS.text(c, "ThumbUrl"), FIELDS.text(c, "ThumbUUID"), FIELDS.longValue(c, "ThumbSize"),
                    FIELDS.integer(c, "ThumbWidth"), FIELDS.integer(c, "ThumbHeight"), FIELDS.text(c, "ThumbFormat"),
                    null, FIELDS.integer(c, "ThumbDownloadFlag")), TencentCodec::video)
            .complete();

    private static Element.Text readText(JsonNode c) {
        String t = FIELDS.requireText(c, "Text");
        if (t.isEmpty()) {
            throw TencentError.MsgBodyEmpty.failure("Text is empty");
        }
        return new Element.Text(t);
    }

    private static Element.Image readImage(JsonNode c) {
        List<Element.ImageVariant> variants = new ArrayList<>();
        JsonNode infos = c.get("ImageInfoArray");
        if (infos == null || !infos.isArray() || infos.isEmpty()) {
            throw TencentError.ElementFormat.failure("ImageInfoArray is required");
        }
        for (JsonNode i : infos) {
            Integer t = FIELDS.integer(i, "Type");
            Element.ImageVariant.Role role = t == null ? null : switch (t) {
                case 1 -> Element.ImageVariant.Role.ORIGINAL;
                case 2 -> Element.ImageVariant.Role.LARGE;
                case 3 -> Element.ImageVariant.Role.THUMBNAIL;
                default -> null;
            };
            if (role == null) {
                throw TencentError.ElementFormat.failure("ImageInfoArray Type is 1, 2 or 3");
            }
            variants.add(new Element.ImageVariant(role, FIELDS.text(i, "URL"), null, null, FIELDS.longValue(i, "Size"),
                    FIELDS.integer(i, "Width"), FIELDS.integer(i, "Height")));
        }
        Integer format = FIELDS.integer(c, "ImageFormat");
        return new Element.Image(FIELDS.text(c, "UUID"), format == null ? null
                : IMAGE_FORMATS.getOrDefault(format, Integer.toString(format)), null, null, null, null, variants);
    }

    // ---- canonical → Tencent ---------------------------------------------------------------------------------

    /** The sendmsg body for one recipient. */
    public static ObjectNode toSendMsg(CanonicalMessage m, String recipient, long msgRandom, String admin) {
        ObjectNode kept = m.vendorFields(TencentProvider.NAME);
        ObjectNode req = Json.object();
        DeliveryOptions o = m.options();
        if (o.syncToSender() != null) {
            req.put("SyncOtherMachine", o.syncToSender() ? 1 : 2);
        }
        boolean adminSent = kept != null && kept.has("From_Account") && kept.get("From_Account").isNull()
                && Objects.equals(m.sender(), admin);
        if (!adminSent && m.sender() != null) {
            req.put("From_Account", m.sender());
        }
        req.put("To_Account", recipient);
        if (o.lifetimeSeconds() != null) {
            Json.putNumber(req, "MsgLifeTime", o.lifetimeSeconds());
        } else if (Boolean.TRUE.equals(o.onlineOnly())) {
            req.put("MsgLifeTime", 0); // online only: not kept offline
        }
        Json.putNumber(req, "MsgRandom", msgRandom);
        if (m.sentAt() != null) {
            Json.putNumber(req, "MsgTimeStamp", m.sentAt() / 1000);
        }
        if (o.forbidCallbacks() != null) {
            ArrayNode f = req.putArray("ForbidCallbackControl");
            o.forbidCallbacks().forEach(f::add);
        }
        req.set("MsgBody", msgBodyOf(m));
        JsonNode rawPush = kept == null ? null : kept.get("OfflinePushInfo");
        if (o.push() != null || o.offlinePush() != null) {
            req.set("OfflinePushInfo", rawPush != null && Objects.equals(push(rawPush), o.push())
                    && Objects.equals(pushFlag(rawPush), o.offlinePush()) ? rawPush : pushInfo(o));
        }
        if (m.customData() != null) {
            req.put("CloudCustomData", m.customData());
        }
        if (kept != null) {
            kept.fields().forEachRemaining(f -> {
                if (!req.has(f.getKey()) && !REBUILT.contains(f.getKey())) {
                    req.set(f.getKey(), f.getValue());
                }
            });
        }
        return req;
    }

    /**
     * The send_group_msg body of a message into {@code groupId}, marked so Tencent calls no webhook back with it (the
     * bridge's own send must not come back as a new message).
     */
    public static ObjectNode toSendGroupMsg(CanonicalMessage m, String groupId, long random, String admin) {
        ObjectNode kept = m.vendorFields(TencentProvider.NAME);
        ObjectNode req = Json.object();
        req.put("GroupId", groupId);
        Json.putNumber(req, "Random", random);
        boolean adminSent = kept != null && kept.has("From_Account") && kept.get("From_Account").isNull()
                && Objects.equals(m.sender(), admin);
        if (!adminSent && m.sender() != null) {
            req.put("From_Account", m.sender());
        }
        req.set("MsgBody", msgBodyOf(m));
        if (m.customData() != null) {
            req.put("CloudCustomData", m.customData());
        }
        if (Boolean.TRUE.equals(m.options().onlineOnly())) {
            req.put("OnlineOnlyFlag", 1);
        }
        ArrayNode forbid = req.putArray("ForbidCallbackControl");
        FORBID_CALLBACKS.forEach(forbid::add);
        if (kept != null) {
            kept.fields().forEachRemaining(f -> {
                if (!req.has(f.getKey()) && !REBUILT.contains(f.getKey()) && !SEND_ONLY.contains(f.getKey())) {
                    req.set(f.getKey(), f.getValue());
                }
            });
        }
        return req;
    }

    /** The import_group_msg body of one migrated message into {@code groupId}: at its original second. */
    public static ObjectNode toImportGroupMsg(CanonicalMessage m, String groupId, long random) {
        ObjectNode req = Json.object();
        req.put("GroupId", groupId);
        ObjectNode item = req.putArray("MsgList").addObject();
        item.put("From_Account", m.sender());
        Json.putNumber(item, "SendTime", m.sentAt() / 1000);
        Json.putNumber(item, "Random", random);
        item.set("MsgBody", msgBodyOf(m));
        if (m.customData() != null) {
            item.put("CloudCustomData", m.customData());
        }
        return req;
    }

    /** Kept fields of a one-to-one send that a group send has no place for. */
    private static final List<String> SEND_ONLY = List.of("To_Account", "MsgRandom", "MsgTimeStamp",
            "SyncOtherMachine", "MsgLifeTime", "OfflinePushInfo");

    /**
     * The importmsg body for one recipient (trtc.io/document/35014): imported as history (SyncFromOldSystem 2: no
     * push, no unread count) at its original time in seconds, with the MsgSeq and MsgRandom Tencent deduplicates
     * and orders it by. The sendmsg-only fields (lifetime, push, sync, callbacks) have no meaning for history.
     */
    public static ObjectNode toImportMsg(CanonicalMessage m, String recipient, long msgSeq, long msgRandom) {
        ObjectNode req = Json.object();
        req.put("SyncFromOldSystem", TencentHistory.HISTORY_IMPORT);
        req.put("From_Account", m.sender());
        req.put("To_Account", recipient);
        req.put("MsgSeq", msgSeq);
        req.put("MsgRandom", msgRandom);
        req.put("MsgTimeStamp", m.sentAt() / 1000);
        req.set("MsgBody", msgBodyOf(m));
        if (m.customData() != null) {
            req.put("CloudCustomData", m.customData());
        }
        return req;
    }

    /**
     * A message of Tencent's history, checked before: an importmsg body or an admin_getroammsg MsgList item.
     * Its MsgKey, MsgSeq and MsgRandom are kept as its source ids, its MsgBody verbatim.
     */
    public static CanonicalMessage fromHistory(JsonNode msg, String id, long receivedAt) {
        Map<String, String> ids = new HashMap<>();
        for (String f : List.of("MsgKey", "MsgSeq", "MsgRandom")) {
            if (msg.hasNonNull(f)) {
                ids.put(f, msg.get(f).asText());
            }
        }
        ObjectNode kept = Json.object();
        kept.set("MsgBody", msg.get("MsgBody"));
        Long sentAt = msg.hasNonNull("MsgTimeStamp") ? msg.get("MsgTimeStamp").asLong() * 1000 : null;
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(TencentProvider.NAME, ids),
                msg.get("From_Account").asText(), List.of(msg.get("To_Account").asText()), Conversation.DIRECT,
                sentAt, receivedAt, elements(msg.get("MsgBody")), DeliveryOptions.NONE, text(msg, "CloudCustomData"),
                Map.of(TencentProvider.NAME, kept));
    }

    /** The MsgBody to send: the one received when the elements are still the same (it may hold more), else made. */
    private static JsonNode msgBodyOf(CanonicalMessage m) {
        ObjectNode kept = m.vendorFields(TencentProvider.NAME);
        JsonNode rawBody = kept == null ? null : kept.get("MsgBody");
        return rawBody != null && sameElements(rawBody, m.elements()) ? rawBody : msgBody(m.elements());
    }

    private static boolean sameElements(JsonNode raw, List<Element> elements) {
        try {
            return elements.equals(elements(raw));
        } catch (BridgeException notTheSame) {
            return false;
        }
    }

    static ObjectNode pushInfo(DeliveryOptions o) {
        ObjectNode p = Json.object();
        if (o.offlinePush() != null) {
            p.put("PushFlag", o.offlinePush() ? 0 : 1);
        }
        DeliveryOptions.OfflinePush push = o.push();
        if (push != null) {
            Json.putText(p, "Desc", push.description());
            Json.putText(p, "Ext", push.ext());
            if (push.androidSound() != null) {
                p.putObject("AndroidInfo").put("Sound", push.androidSound());
            }
            ObjectNode apns = Json.object();
            Json.putText(apns, "Sound", push.iosSound());
            if (push.iosBadge() != null) {
                apns.put("BadgeMode", push.iosBadge() ? 0 : 1);
            }
            Json.putText(apns, "Title", push.title());
            Json.putText(apns, "SubTitle", push.iosSubtitle());
            Json.putText(apns, "Image", push.iosImage());
            if (!apns.isEmpty()) {
                p.set("ApnsInfo", apns);
            }
        }
        return p;
    }

    public static ArrayNode msgBody(List<Element> elements) {
        ArrayNode body = Json.MAPPER.createArrayNode();
        for (Element e : elements) {
            ElementTypes.Written<String, ObjectNode> w = TYPES.write(e);
            ObjectNode item = body.addObject();
            item.put("MsgType", w.type());
            item.set("MsgContent", w.content());
        }
        return body;
    }

    private static ObjectNode textContent(String text) {
        return Json.object().put("Text", text);
    }

    private static ObjectNode location(Element.Location l) {
        ObjectNode c = Json.object();
        Json.putText(c, "Desc", l.description());
        c.put("Latitude", l.latitude());
        c.put("Longitude", l.longitude());
        return c;
    }

    private static ObjectNode face(Element.Face f) {
        ObjectNode c = Json.object();
        Json.putNumber(c, "Index", f.index());
        Json.putText(c, "Data", f.data());
        return c;
    }

    private static ObjectNode custom(Element.Custom x) {
        ObjectNode c = Json.object();
        Json.putText(c, "Data", x.data());
        Json.putText(c, "Desc", x.description());
        Json.putText(c, "Ext", x.extension());
        Json.putText(c, "Sound", x.sound());
        return c;
    }

    private static ObjectNode sound(Element.Audio a) {
        ObjectNode c = Json.object();
        Json.putText(c, "Url", a.url());
        Json.putText(c, "UUID", a.uuid());
        Json.putNumber(c, "Size", a.size());
        Json.putNumber(c, "Second", a.durationMs() == null ? null : Math.round(a.durationMs() / 1000.0));
        Json.putNumber(c, "Download_Flag", a.downloadFlag());
        return c;
    }

    private static ObjectNode image(Element.Image i) {
        ObjectNode c = Json.object();
        Json.putText(c, "UUID", i.uuid());
        if (i.format() != null) {
            Integer code = IMAGE_FORMATS.entrySet().stream().filter(f -> f.getValue().equalsIgnoreCase(i.format()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (code == null && i.format().chars().allMatch(Character::isDigit) && i.format().length() < 9) {
                code = Integer.parseInt(i.format());
            }
            c.put("ImageFormat", code == null ? 255 : code);
        }
        ArrayNode infos = c.putArray("ImageInfoArray");
        for (Element.ImageVariant v : i.variants()) {
            ObjectNode info = infos.addObject();
            info.put("Type", switch (v.role()) {
                case ORIGINAL -> 1;
                case LARGE -> 2;
                case THUMBNAIL -> 3;
            });
            Json.putNumber(info, "Size", v.size());
            Json.putNumber(info, "Width", v.width());
            Json.putNumber(info, "Height", v.height());
            Json.putText(info, "URL", v.url());
        }
        return c;
    }

    private static ObjectNode file(Element.File f) {
        ObjectNode c = Json.object();
        Json.putText(c, "Url", f.url());
        Json.putText(c, "UUID", f.uuid());
        Json.putNumber(c, "FileSize", f.size());
        Json.putText(c, "FileName", f.name());
        Json.putNumber(c, "Download_Flag", f.downloadFlag());
        return c;
    }

    private static ObjectNode video(Element.Video v) {
        ObjectNode c = Json.object();
        Json.putText(c, "VideoUrl", v.url());
        Json.putText(c, "VideoUUID", v.uuid());
        Json.putNumber(c, "VideoSize", v.size());
        Json.putNumber(c, "VideoSecond", v.durationMs() == null ? null : Math.round(v.durationMs() / 1000.0));
        Json.putText(c, "VideoFormat", v.format());
        Json.putNumber(c, "VideoDownloadFlag", v.downloadFlag());
        Json.putText(c, "ThumbUrl", v.thumbUrl());
        Json.putText(c, "ThumbUUID", v.thumbUuid());
        Json.putNumber(c, "ThumbSize", v.thumbSize());
        Json.putNumber(c, "ThumbWidth", v.thumbWidth());
        Json.putNumber(c, "ThumbHeight", v.thumbHeight());
        Json.putText(c, "ThumbFormat", v.thumbFormat());
        Json.putNumber(c, "ThumbDownloadFlag", v.thumbDownloadFlag());
        return c;
    }

    /** A string field of a sendmsg or callback body (CloudCustomData, push texts), read like an element's. */
    private static String text(JsonNode n, String f) {
        return FIELDS.text(n, f);
    }
}
