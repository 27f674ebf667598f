package io.imbridge.provider.netease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.FormEncoding;
import io.imbridge.provider.Limits;
import io.imbridge.provider.Secrets;
import io.imbridge.provider.ReplayGuard;

/**
 * Checking NetEase server API calls the way NetEase does (AppKey, Nonce, CurTime, CheckSum headers; the
 * {@code sendMsgToSomeone} form), and NetEase's reply envelope. Shared by the bridge's inbound NetEase API and the
 * NetEase sandbox.
 */
public final class NetEaseRequests {

    static final long CURTIME_WINDOW_SECONDS = 300;
    private NetEaseRequests() {
    }

    /**
     * The signature headers: 414 when missing, 403 when the AppKey, CurTime or CheckSum is wrong, and with a
     * {@code replays} guard 431 (duplicate HTTP request) when the Nonce was already used within the CurTime window.
     */
    public static void checkHeaders(Exchange exchange, String appKey, String appSecret,
                                    ReplayGuard replays) {
        var msg = exchange.getMessage();
        String key = msg.getHeader("AppKey", String.class);
        String nonce = msg.getHeader("Nonce", String.class);
        String curTime = msg.getHeader("CurTime", String.class);
        String checkSum = msg.getHeader("CheckSum", String.class);
        if (key == null || nonce == null || curTime == null || checkSum == null || nonce.isEmpty()
                || nonce.length() > 128) {
            throw NetEaseError.HeadersMissing.failure("bad http header");
        }
        if (!Secrets.equal(appKey, key)) {
            throw NetEaseError.CredentialsRefused.failure("AppKey is not this app");
        }
        long t;
        try {
            t = Long.parseLong(curTime.trim());
        } catch (NumberFormatException e) {
            throw NetEaseError.CredentialsRefused.failure("CurTime is not a number");
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - t) > CURTIME_WINDOW_SECONDS) {
            throw NetEaseError.CredentialsRefused.failure("CurTime is stale");
        }
        if (appSecret == null || appSecret.isEmpty()
                || !Secrets.equal(NetEaseCheckSum.of(appSecret, nonce, curTime), checkSum.toLowerCase(java.util.Locale.ROOT))) {
            throw NetEaseError.CredentialsRefused.failure("CheckSum is wrong");
        }
        long now = System.currentTimeMillis() / 1000;
        if (replays != null && !replays.firstUse(key + "\u0000" + nonce, t + CURTIME_WINDOW_SECONDS + 1, now)) {
            throw NetEaseError.NonceReused.failure("Nonce already used");
        }
    }

    /** The form fields (the raw body, see RawBodies), one value each: a repeated field is a 414 parameter error. */
    public static Map<String, String> form(Exchange exchange) {
        return parseForm(Exchanges.body(exchange));
    }

    /** A URL-encoded form, each field once (a field given twice is a parameter error). */
    public static Map<String, String> parseForm(String raw) {
        Map<String, String> form = new LinkedHashMap<>();
        if (raw != null && !raw.isBlank()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (form.put(k, v) != null) {
                    throw NetEaseError.ParameterError.failure(k + " given twice");
                }
            }
        }
        return form;
    }

    private static String decode(String s) {
        try {
            return FormEncoding.decode(s);
        } catch (IllegalArgumentException e) {
            throw NetEaseError.ParameterError.failure("bad form encoding");
        }
    }

    /** A {@code chatroom/sendMsgToSomeone.action} form: a message to some of the room's members. */
    public static NetEaseSend validateSend(Map<String, String> form) {
        return validateSend(form, true);
    }

    /** A {@code chatroom/sendMsg.action} form: a message to the whole room (no toAccids), otherwise the same. */
    public static NetEaseSend validateRoomSend(Map<String, String> form) {
        return validateSend(form, false);
    }

    private static NetEaseSend validateSend(Map<String, String> form, boolean directed) {
        long roomId = requireLong(form, "roomid");
        String msgId = id(require(form, "msgId"), "msgId");
        if (msgId.length() > 128) {
            throw NetEaseError.ParameterError.failure("msgId is too long");
        }
        String from = id(require(form, "fromAccid"), "fromAccid");
        Limits limits = NetEaseProvider.CAPABILITIES.limits();
        List<String> recipients = directed ? recipients(form, limits) : List.of();
        int msgType = (int) requireLong(form, "msgType");
        if (!NetEaseCodec.TYPES.types().contains(msgType)) {
            throw NetEaseError.MsgTypeUnsupported.failure("msgType " + msgType + " is unknown");
        }
        optionalInt(form, "subType", 1, Integer.MAX_VALUE);
        optionalInt(form, "resendFlag", 0, 1);
        optionalInt(form, "route", 0, 1);
        optionalInt(form, "useYidun", Integer.MIN_VALUE, Integer.MAX_VALUE);
        String attach = form.get("attach");
        if (attach != null && attach.length() > limits.maxAttachChars()) {
            throw NetEaseError.ParameterTooLarge.failure("msgContents size exceeded");
        }
        checkExt(form, limits);
        maxLength(form, "yidunAntiCheating", 1024);
        maxLength(form, "yidunAntiSpamExt", 1024);
        maxLength(form, "antispamCustom", 5000);
        maxLength(form, "env", 32);
        String antispam = form.get("antispam");
        if (antispam != null && !antispam.equals("true") && !antispam.equals("false")) {
            throw NetEaseError.ParameterError.failure("antispam must be true or false");
        }
        NetEaseSend send = new NetEaseSend(Map.copyOf(form), roomId, msgId, from, recipients, msgType);
        NetEaseCodec.element(send); // the attach must fit its msgType
        return send;
    }

    /**
     * A {@code msg/sendMsg.action} form: {@code from}, {@code ope} (0 one-to-one, 1 a team), {@code to} (an accid or
     * a tid), {@code type} and {@code body} (a JSON string: a text's and a tip's {@code {"msg": …}}, the other kinds'
     * the JSON the room APIs' attach holds), optional {@code ext}. Read as the room APIs' msgType and attach.
     */
    public static NetEaseSend validateMsgSend(Map<String, String> form) {
        String from = id(require(form, "from"), "from");
        long ope = requireLong(form, "ope");
        if (ope != 0 && ope != 1) {
            throw NetEaseError.ParameterError.failure("ope must be 0 or 1");
        }
        String to = id(require(form, "to"), "to");
        long type = requireLong(form, "type");
        if (type != (int) type || !NetEaseCodec.TYPES.types().contains((int) type)) {
            throw NetEaseError.MsgTypeUnsupported.failure("type " + type + " is unknown");
        }
        JsonNode body = Json.parseOrNull(require(form, "body"));
        if (body == null || !body.isObject()) {
            throw NetEaseError.ParameterError.failure("body must be a JSON object");
        }
        Limits limits = NetEaseProvider.CAPABILITIES.limits();
        String attach = NetEaseHistory.attach((int) type, body);
        if (attach != null && attach.length() > limits.maxAttachChars()) {
            throw NetEaseError.ParameterTooLarge.failure("body size exceeded");
        }
        checkExt(form, limits);
        Map<String, String> read = new java.util.LinkedHashMap<>(form);
        read.put("msgType", Long.toString(type));
        if (attach != null) {
            read.put("attach", attach);
        }
        NetEaseSend send = new NetEaseSend(Map.copyOf(read), 0, null, from, ope == 0 ? List.of(to) : List.of(),
                (int) type, ope == 1 ? to : null);
        NetEaseCodec.element(send); // the body must fit its type
        return send;
    }

    private static void checkExt(Map<String, String> form, Limits limits) {
        String ext = form.get("ext");
        if (ext != null && !ext.isEmpty()) {
            if (ext.length() > limits.maxExtChars()) {
                throw NetEaseError.ParameterTooLarge.failure("ext size exceeded");
            }
            if (Json.parseOrNull(ext) == null) {
                throw NetEaseError.ParameterError.failure("ext must be JSON");
            }
        }
    }

    /** msg/sendMsg's success reply: {@code {"code":200,"data":{"msgid":…,"timetag":…}}}. */
    public static ObjectNode msgSentReply(long msgid, long timetag) {
        ObjectNode reply = Json.object();
        reply.put("code", 200);
        reply.putObject("data").put("msgid", msgid).put("timetag", timetag);
        return reply;
    }

    private static List<String> recipients(Map<String, String> form, Limits limits) {
        JsonNode to = Json.parseOrNull(require(form, "toAccids"));
        if (to == null || !to.isArray() || to.isEmpty()) {
            throw NetEaseError.ParameterError.failure("toAccids must be a JSON array of accids");
        }
        if (to.size() > limits.maxRecipients()) {
            throw NetEaseError.ParameterTooLarge.failure("toAccids has over " + limits.maxRecipients() + " accounts");
        }
        List<String> recipients = new ArrayList<>(to.size());
        for (JsonNode a : to) {
            if (!a.isTextual() || a.asText().isBlank()) {
                throw NetEaseError.ParameterError.failure("toAccids must hold accid strings");
            }
            recipients.add(id(a.asText(), "toAccids"));
        }
        return recipients;
    }

    /** An id (accid, msgId) without a control character: a store cannot keep a NUL as text, a log splits at a CR. */
    static String id(String v, String f) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20 || v.charAt(i) == 0x7f) {
                throw NetEaseError.ParameterError.failure(f + " holds a control character");
            }
        }
        return v;
    }

    static String require(Map<String, String> form, String f) {
        String v = form.get(f);
        if (v == null || v.isBlank()) {
            throw NetEaseError.ParameterError.failure(f + " is required");
        }
        return v;
    }

    static long requireLong(Map<String, String> form, String f) {
        try {
            return Long.parseLong(require(form, f).trim());
        } catch (NumberFormatException e) {
            throw NetEaseError.ParameterError.failure(f + " must be a number");
        }
    }

    private static void optionalInt(Map<String, String> form, String f, int min, int max) {
        String v = form.get(f);
        if (v == null || v.isEmpty()) {
            return;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw NetEaseError.ParameterError.failure(f + " is out of range");
            }
        } catch (NumberFormatException e) {
            throw NetEaseError.ParameterError.failure(f + " must be a number");
        }
    }

    private static void maxLength(Map<String, String> form, String f, int max) {
        String v = form.get(f);
        if (v != null && v.length() > max) {
            throw NetEaseError.ParameterTooLarge.failure(f + " is too long");
        }
    }

    /** NetEase's envelope: HTTP 200, {@code {code, desc}}. */
    public static void replyError(Exchange exchange, int code, String desc) {
        ObjectNode reply = Json.object();
        reply.put("code", code);
        reply.put("desc", desc == null ? "" : desc);
        Exchanges.replyJson(exchange, 200, reply);
    }

    /** The documented success reply, {@code desc} describing the sent message (its numbers as strings, as there). */
    public static ObjectNode sentReply(NetEaseSend send, long timeMs) {
        ObjectNode reply = Json.object();
        reply.put("code", 200);
        ObjectNode desc = reply.putObject("desc");
        desc.put("time", Long.toString(timeMs));
        desc.put("fromAvator", "");
        desc.put("msgid_client", send.msgId());
        desc.put("fromClientType", "REST");
        desc.put("attach", send.form().getOrDefault("attach", ""));
        desc.put("roomId", Long.toString(send.roomId()));
        desc.put("fromAccount", send.from());
        desc.put("fromNick", "");
        desc.put("type", Integer.toString(send.msgType()));
        desc.put("ext", send.form().getOrDefault("ext", ""));
        return reply;
    }
}
