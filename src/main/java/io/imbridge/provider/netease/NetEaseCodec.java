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

/**
 * NetEase {@code sendMsgToSomeone} form ⇄ canonical message. {@code attach} is the text for a text message and the
 * ordinary message API's body JSON for the other kinds (image {name, md5, url, ext, w, h, size}, audio {dur, md5,
 * url, ext, size}, video {dur, md5, url, w, h, ext, size}, location {title, lng, lat}, file {name, md5, url, ext,
 * size}); a custom message's attach is the app's JSON. A face, which NetEase has no kind for, goes as custom
 * {@code {"type":"face","index":…,"data":…}}.
 */
public final class NetEaseCodec {

    /** msgType codes (seed 004): the one table of them. */
    public static final int TEXT = 0;
    public static final int IMAGE = 1;
    public static final int AUDIO = 2;
    public static final int VIDEO = 3;
    public static final int LOCATION = 4;
    public static final int FILE = 6;
    public static final int ALERT = 10;
    public static final int CUSTOM = 100;

    private static final List<String> MAPPED = List.of("roomid", "msgId", "fromAccid", "toAccids", "msgType",
            "attach", "ext", "subType");

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
        ids.put("msgId", send.msgId());
        ids.put("roomid", Long.toString(send.roomId()));
        String ext = send.form().get("ext");
        return new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, id, new Source(NetEaseProvider.NAME, ids),
                send.from(), send.to(), new Conversation(Conversation.Kind.CHAT_ROOM, Long.toString(send.roomId())),
                null, receivedAt, List.of(element(send)), DeliveryOptions.NONE,
                ext == null || ext.isEmpty() ? null : ext, Map.of(NetEaseProvider.NAME, kept));
    }

    /** The element a form's msgType and attach describe; 414 when the attach does not fit. */
    static Element element(NetEaseSend send) {
        String attach = send.form().get("attach");
        Integer subType = send.form().containsKey("subType") && !send.form().get("subType").isEmpty()
                ? Integer.valueOf(send.form().get("subType").trim()) : null;
        if (send.msgType() == TEXT || send.msgType() == ALERT) {
            if (attach == null || attach.isBlank()) {
                throw NetEaseError.AttachEmpty.failure("attach is empty");
            }
            return send.msgType() == TEXT ? new Element.Text(attach) : new Element.Alert(attach);
        }
        if (send.msgType() == CUSTOM) {
            return new Element.Custom(attach, null, null, null, subType);
        }
        JsonNode a = attach == null ? null : Json.parseOrNull(attach);
        if (a == null || !a.isObject()) {
            throw NetEaseError.ParameterError.failure("attach must be a JSON object for msgType "
                    + send.msgType());
        }
        return switch (send.msgType()) {
            case IMAGE -> new Element.Image(null, text(a, "ext"), text(a, "name"), text(a, "md5"), text(a, "ext"), null,
                    List.of(new Element.ImageVariant(Element.ImageVariant.Role.ORIGINAL, text(a, "url"), null, null,
                            number(a, "size"), integer(a, "w"), integer(a, "h"))));
            case AUDIO -> new Element.Audio(text(a, "url"), null, number(a, "size"), number(a, "dur"), text(a, "md5"),
                    text(a, "ext"), null, null);
            case VIDEO -> new Element.Video(text(a, "url"), null, number(a, "size"), number(a, "dur"), text(a, "ext"),
                    text(a, "md5"), integer(a, "w"), integer(a, "h"), null, null, null, null, null, null, null, null,
                    null, null);
            case LOCATION -> new Element.Location(text(a, "title"), decimal(a, "lat"), decimal(a, "lng"));
            case FILE -> new Element.File(text(a, "url"), null, number(a, "size"), text(a, "name"), text(a, "md5"),
                    text(a, "ext"), null, null);
            default -> throw NetEaseError.MsgTypeUnsupported.failure("msgType " + send.msgType());
        };
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
        int perCall = NetEaseProvider.CAPABILITIES.limits().maxRecipients();
        for (int i = 0; i < m.recipients().size(); i += perCall) {
            chunks.add(m.recipients().subList(i, Math.min(m.recipients().size(), i + perCall)));
        }
        boolean single = chunks.size() == 1 && m.elements().size() == 1;
        for (int e = 0; e < m.elements().size(); e++) {
            for (int c = 0; c < chunks.size(); c++) {
                Map<String, String> f = new LinkedHashMap<>();
                if (kept != null) {
                    kept.fields().forEachRemaining(k -> f.put(k.getKey(), k.getValue().asText()));
                }
                f.put("roomid", Long.toString(roomId));
                String sourceMsgId = single && NetEaseProvider.NAME.equals(m.source().vendor())
                        ? m.source().ids().get("msgId") : null;
                f.put("msgId", sourceMsgId != null ? sourceMsgId
                        : UUID.nameUUIDFromBytes((m.id() + ":" + e + ":" + c).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
                f.put("fromAccid", m.sender());
                f.put("toAccids", Json.write(chunks.get(c)));
                Element el = m.elements().get(e);
                f.put("msgType", Integer.toString(msgType(el)));
                String rawAttach = kept == null || !kept.has("attach") ? null : kept.get("attach").asText();
                f.put("attach", rawAttach != null && single && sameElement(el, msgType(el), rawAttach, f)
                        ? rawAttach : attach(el));
                if (el instanceof Element.Custom x && x.subType() != null) {
                    f.put("subType", Integer.toString(x.subType()));
                }
                if (m.customData() != null) {
                    f.put("ext", Json.parseOrNull(m.customData()) != null ? m.customData()
                            : Json.write(Map.of("customData", m.customData())));
                }
                if (resend) {
                    f.put("resendFlag", "1");
                }
                forms.add(f);
            }
        }
        return forms;
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
        if (e instanceof Element.Text) {
            return TEXT;
        } else if (e instanceof Element.Image) {
            return IMAGE;
        } else if (e instanceof Element.Audio) {
            return AUDIO;
        } else if (e instanceof Element.Video) {
            return VIDEO;
        } else if (e instanceof Element.Location) {
            return LOCATION;
        } else if (e instanceof Element.File) {
            return FILE;
        } else if (e instanceof Element.Alert) {
            return ALERT;
        }
        return CUSTOM; // custom, and face (no NetEase kind)
    }

    public static String attach(Element e) {
        ObjectNode a = Json.object();
        if (e instanceof Element.Text t) {
            return t.text();
        } else if (e instanceof Element.Alert al) {
            return al.text();
        } else if (e instanceof Element.Custom c) {
            return c.data() == null ? "{}" : c.data();
        } else if (e instanceof Element.Face f) {
            a.put("type", "face");
            if (f.index() != null) {
                a.put("index", f.index());
            }
            Json.putText(a, "data", f.data());
        } else if (e instanceof Element.Image i) {
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
        } else if (e instanceof Element.Audio au) {
            Json.putNumber(a, "dur", au.durationMs());
            Json.putText(a, "md5", au.md5());
            Json.putText(a, "url", au.url());
            Json.putText(a, "ext", au.ext());
            Json.putNumber(a, "size", au.size());
        } else if (e instanceof Element.Video v) {
            Json.putNumber(a, "dur", v.durationMs());
            Json.putText(a, "md5", v.md5());
            Json.putText(a, "url", v.url());
            Json.putNumber(a, "w", v.width());
            Json.putNumber(a, "h", v.height());
            Json.putText(a, "ext", v.format());
            Json.putNumber(a, "size", v.size());
        } else if (e instanceof Element.Location l) {
            Json.putText(a, "title", l.description());
            a.put("lng", l.longitude());
            a.put("lat", l.latitude());
        } else if (e instanceof Element.File f) {
            Json.putText(a, "name", f.name());
            Json.putText(a, "md5", f.md5());
            Json.putText(a, "url", f.url());
            Json.putText(a, "ext", f.ext());
            Json.putNumber(a, "size", f.size());
        }
        return Json.write(a);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw NetEaseError.ParameterError.failure("attach." + f + " must be a number");
        }
        return v.asLong();
    }

    private static Integer integer(JsonNode n, String f) {
        Long v = number(n, f);
        return v == null ? null : (int) (long) v;
    }

    private static Double decimal(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw NetEaseError.ParameterError.failure("attach." + f + " must be a number");
        }
        return v.asDouble();
    }


}
