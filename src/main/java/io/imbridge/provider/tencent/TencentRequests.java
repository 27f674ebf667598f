package io.imbridge.provider.tencent;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Secrets;
import io.imbridge.provider.Digests;

/**
 * Checking Tencent REST calls and webhook calls the way Tencent does, and Tencent's reply envelope. Shared by the
 * bridge's inbound Tencent API and the Tencent sandbox.
 */
public final class TencentRequests {

    static final long MAX_LIFETIME = 604_800;
    /** How far a webhook's RequestTime may be from now. */
    static final long CALLBACK_WINDOW_SECONDS = 300;

    private TencentRequests() {
    }

    static String query(Exchange exchange, String name) {
        Object v = exchange.getMessage().getHeader(name);
        if (v instanceof java.util.List<?> l) {
            throw TencentError.HttpParse.failure("parameter " + name + " given " + l.size() + " times");
        }
        return v == null ? null : v.toString();
    }

    /**
     * The REST URL checks: {@code sdkappid}, {@code identifier} (an app admin), {@code usersig} (TLSSigAPIv2),
     * {@code random}, {@code contenttype}.
     */
    public static void checkRestCall(Exchange exchange, long sdkappid, String admin, String secretKey) {
        String appid = query(exchange, "sdkappid");
        if (appid == null || appid.isEmpty()) {
            throw TencentError.SdkAppIdMissing.failure("sdkappid is missing");
        }
        if (!appid.equals(Long.toString(sdkappid))) {
            throw TencentError.SdkAppIdUnknown.failure("sdkappid is not this app");
        }
        String identifier = query(exchange, "identifier");
        if (identifier == null || identifier.isEmpty()) {
            throw TencentError.AccountOrSigInUrl.failure("identifier is missing");
        }
        TencentError sig = TencentUserSig.verify(query(exchange, "usersig"), secretKey, sdkappid, identifier,
                System.currentTimeMillis() / 1000);
        if (sig != null) {
            throw sig.failure("usersig refused");
        }
        if (!Secrets.equal(admin, identifier)) {
            throw TencentError.NeedsAppAdmin.failure("identifier is not an app admin");
        }
        String random = query(exchange, "random");
        if (!digits(random, 10) || Long.parseLong(random) > 0xFFFFFFFFL) {
            throw TencentError.HttpParse.failure("random must be a 32-bit unsigned integer");
        }
        String type = query(exchange, "contenttype");
        if (type != null && !"json".equalsIgnoreCase(type)) {
            throw TencentError.HttpParse.failure("contenttype must be json");
        }
    }

    static boolean digits(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The body as a JSON object: 93000 over 8 KB, 90001 when not JSON. */
    public static ObjectNode body(Exchange exchange, int maxBytes) {
        return body(exchange.getMessage().getBody(byte[].class), maxBytes);
    }

    public static ObjectNode body(byte[] raw, int maxBytes) {
        if (raw != null && raw.length > maxBytes) {
            throw TencentError.PacketTooLarge.failure("packet over " + maxBytes + " bytes");
        }
        JsonNode body = raw == null ? null : Json.parseOrNull(new String(raw, StandardCharsets.UTF_8));
        if (body == null || !body.isObject()) {
            throw TencentError.JsonParse.failure("Fail to Parse json data of body, Please check it");
        }
        return (ObjectNode) body;
    }

    /** The sendmsg body checks, with Tencent's field codes; the elements are checked by decoding them. */
    public static void validateSendMsg(ObjectNode req) {
        validateAddressing(req, false);
        JsonNode sync = req.get("SyncOtherMachine");
        if (sync != null && !sync.isNull() && (!sync.isIntegralNumber() || (sync.asInt() != 1 && sync.asInt() != 2))) {
            throw TencentError.SyncOtherMachineNotInteger.failure("SyncOtherMachine must be 1 or 2");
        }
        JsonNode life = req.get("MsgLifeTime");
        if (life != null && !life.isNull()) {
            if (!life.isIntegralNumber() || !life.canConvertToInt()) {
                throw TencentError.MsgLifeTimeNotInteger.failure("MsgLifeTime is not an integer");
            }
            // longer than 7 days is kept 7 days (docs/providers.md#tencent-limits); a negative lifetime is refused
            if (life.asInt() < 0) {
                throw TencentError.OfflineLifetime.failure("MsgLifeTime must not be negative");
            }
        }
        JsonNode forbid = req.get("ForbidCallbackControl");
        if (forbid != null && !forbid.isNull()) {
            if (!forbid.isArray()) {
                throw TencentError.InvalidPacket.failure("ForbidCallbackControl must be an array");
            }
            for (JsonNode f : forbid) {
                if (!f.isTextual()) {
                    throw TencentError.InvalidPacket.failure("ForbidCallbackControl items are strings");
                }
            }
        }
        JsonNode push = req.get("OfflinePushInfo");
        if (push != null && !push.isNull() && !push.isObject()) {
            throw TencentError.InvalidPacket.failure("OfflinePushInfo must be an object");
        }
        validateContent(req);
        // a push configuration that is not an object of the right types is refused while reading it
        TencentCodec.push(push);
    }

    /**
     * The send_group_msg body checks: GroupId and Random (a 32-bit unsigned number) are the group API's parameters
     * (10004 when missing or wrong), From_Account optional (the admin sends); then the options and the content as for
     * sendmsg.
     */
    public static void validateSendGroupMsg(ObjectNode req) {
        JsonNode group = req.get("GroupId");
        if (group == null || !group.isTextual() || group.asText().isBlank()) {
            throw TencentError.GroupParam.failure("GroupId is missing or not a string");
        }
        if (TencentHistory.u32(req, "Random", TencentError.GroupParam) == null) {
            throw TencentError.GroupParam.failure("Random is missing or not an integer");
        }
        JsonNode from = req.get("From_Account");
        if (from != null && !from.isNull() && (!from.isTextual() || from.asText().isEmpty())) {
            throw TencentError.AccountTypeNotString.failure("From_Account must be a string");
        }
        JsonNode online = req.get("OnlineOnlyFlag");
        if (online != null && !online.isNull() && (!online.isIntegralNumber() || (online.asInt() != 0
                && online.asInt() != 1))) {
            throw TencentError.GroupParam.failure("OnlineOnlyFlag must be 0 or 1");
        }
        for (String list : new String[]{"ForbidCallbackControl", "SendMsgControl"}) {
            JsonNode items = req.get(list);
            if (items != null && !items.isNull()) {
                if (!items.isArray()) {
                    throw TencentError.GroupParam.failure(list + " must be an array");
                }
                for (JsonNode f : items) {
                    if (!f.isTextual()) {
                        throw TencentError.GroupParam.failure(list + " items are strings");
                    }
                }
            }
        }
        validateContent(req);
    }

    /**
     * The import_group_msg body checks: GroupId, and MsgList of 1 to 7 messages each with From_Account, SendTime and
     * Random (32-bit unsigned numbers) and its MsgBody; 10004 for the group API's parameters.
     */
    public static void validateImportGroupMsg(ObjectNode req) {
        JsonNode group = req.get("GroupId");
        if (group == null || !group.isTextual() || group.asText().isBlank()) {
            throw TencentError.GroupParam.failure("GroupId is missing or not a string");
        }
        JsonNode list = req.get("MsgList");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 7) {
            throw TencentError.GroupParam.failure("MsgList must hold 1 to 7 messages");
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.path("From_Account").isTextual()
                    || item.get("From_Account").asText().isEmpty()) {
                throw TencentError.GroupParam.failure("each message needs From_Account");
            }
            for (String f : new String[]{"SendTime", "Random"}) {
                if (TencentHistory.u32(item, f, TencentError.GroupParam) == null) {
                    throw TencentError.GroupParam.failure(f + " is missing or not an integer");
                }
            }
            validateContent((ObjectNode) item);
        }
    }

    /**
     * The fields sendmsg and importmsg share, in Tencent's order of checks: To_Account, From_Account (optional for
     * sendmsg, where the admin then sends; required for importmsg), MsgSeq (importmsg), MsgRandom, MsgTimeStamp
     * (optional for sendmsg, required for importmsg); then CloudCustomData and the MsgBody elements.
     */
    static void validateMessageFields(ObjectNode req, boolean importing) {
        validateAddressing(req, importing);
        validateContent(req);
    }

    private static void validateAddressing(ObjectNode req, boolean importing) {
        TencentHistory.requireAccount(req, "To_Account");
        JsonNode from = req.get("From_Account");
        if (importing) {
            TencentHistory.requireAccount(req, "From_Account");
        } else if (from != null && !from.isNull() && (!from.isTextual() || from.asText().isEmpty())) {
            throw TencentError.AccountTypeNotString.failure("From_Account must be a string");
        }
        if (importing) {
            TencentHistory.u32(req, "MsgSeq", TencentError.InvalidPacket);
        }
        if (TencentHistory.u32(req, "MsgRandom", TencentError.MsgRandomMissing) == null) {
            throw TencentError.MsgRandomMissing.failure("MsgRandom is missing or not an integer");
        }
        JsonNode time = req.get("MsgTimeStamp");
        if (importing ? time == null || !time.isIntegralNumber() || time.asLong() < 0 || time.asLong() > TencentHistory.MAX_U32
                : time != null && !time.isNull() && (!time.isIntegralNumber() || !time.canConvertToLong() || time.asLong() < 0)) {
            throw TencentError.MsgTimeStampNotInteger.failure("MsgTimeStamp is " + (importing ? "missing or " : "")
                    + "not an integer");
        }
    }

    private static void validateContent(ObjectNode req) {
        JsonNode custom = req.get("CloudCustomData");
        if (custom != null && !custom.isNull() && !custom.isTextual()) {
            throw TencentError.InvalidPacket.failure("CloudCustomData must be a string");
        }
        TencentCodec.elements(req.get("MsgBody"));
    }

    /** The webhook URL checks: SdkAppid always, Sign/RequestTime when a callback token is configured. */
    public static void checkCallback(Exchange exchange, long sdkappid, String token) {
        String appid = query(exchange, "SdkAppid");
        if (appid == null || !appid.equals(Long.toString(sdkappid))) {
            throw TencentError.SdkAppIdUnknown.failure("SdkAppid is not this app");
        }
        if (token != null && !token.isEmpty()) {
            String sign = query(exchange, "Sign");
            String time = query(exchange, "RequestTime");
            if (sign == null || !digits(time, 12)) {
                throw TencentError.AccountOrSigInUrl.failure("Sign and RequestTime are required");
            }
            if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(time)) > CALLBACK_WINDOW_SECONDS) {
                throw TencentError.UserSigExpired.failure("RequestTime outside the allowed window");
            }
            if (!Secrets.equal(callbackSign(token, time), sign.toLowerCase(java.util.Locale.ROOT))) {
                throw TencentError.UserSigVerifyFailed.failure("Sign does not match");
            }
        }
    }

    /** Tencent's webhook signature: hex SHA-256 of (token + RequestTime). */
    public static String callbackSign(String token, String requestTime) {
        return Digests.hex("SHA-256", token + requestTime);
    }

    /** The webhook body: the message fields Tencent sends. */
    public static ObjectNode validateCallback(ObjectNode cb) {
        for (String f : new String[]{"From_Account", "To_Account"}) {
            if (!cb.path(f).isTextual() || cb.get(f).asText().isEmpty()) {
                throw TencentError.InvalidPacket.failure(f + " is required");
            }
        }
        TencentCodec.elements(cb.get("MsgBody"));
        return cb;
    }

    /** A group webhook's body: the group, the sender, the Random and the message Tencent sends. */
    public static ObjectNode validateGroupCallback(ObjectNode cb) {
        for (String f : new String[]{"GroupId", "From_Account"}) {
            if (!cb.path(f).isTextual() || cb.get(f).asText().isEmpty()) {
                throw TencentError.InvalidPacket.failure(f + " is required");
            }
        }
        if (!cb.path("Random").canConvertToLong()) {
            throw TencentError.InvalidPacket.failure("Random is required");
        }
        TencentCodec.elements(cb.get("MsgBody"));
        return cb;
    }

    /** Tencent's envelope: always HTTP 200, {@code ActionStatus}, {@code ErrorInfo}, {@code ErrorCode}. */
    public static void replyError(Exchange exchange, int code, String info) {
        ObjectNode reply = Json.object();
        reply.put("ActionStatus", "FAIL");
        reply.put("ErrorInfo", info == null ? "" : info);
        reply.put("ErrorCode", code);
        Exchanges.replyJson(exchange, 200, reply);
    }

    public static ObjectNode ok() {
        ObjectNode reply = Json.object();
        reply.put("ActionStatus", "OK");
        reply.put("ErrorInfo", "");
        reply.put("ErrorCode", 0);
        return reply;
    }
}
