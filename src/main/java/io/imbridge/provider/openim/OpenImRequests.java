package io.imbridge.provider.openim;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Secrets;

/**
 * Checking OpenIM API calls the way the OpenIM server does (headers, token, the send_msg body), and OpenIM's reply
 * envelope. Shared by the bridge's inbound OpenIM API and the OpenIM sandbox.
 */
public final class OpenImRequests {

    private static final Set<String> BOOLEANS = Set.of("isOnlineOnly", "notOfflinePush");

    private OpenImRequests() {
    }

    /** The {@code operationID} header every call must carry. */
    public static String operationID(Exchange exchange) {
        String op = exchange.getMessage().getHeader("operationID", String.class);
        if (op == null || op.isBlank()) {
            throw OpenImError.ArgsError.failure("header must have operationID");
        }
        return op;
    }

    /** The {@code token} header, checked; answers the user it names. */
    public static String tokenUser(Exchange exchange, OpenImTokens tokens) {
        String token = exchange.getMessage().getHeader("token", String.class);
        if (token == null || token.isBlank()) {
            throw OpenImError.ArgsError.failure("header must have token");
        }
        OpenImTokens.Verdict v = tokens.verify(token, System.currentTimeMillis() / 1000);
        if (!v.ok()) {
            throw v.error().failure(v.error().name());
        }
        return v.userID();
    }

    public static ObjectNode body(Exchange exchange) {
        JsonNode body = Json.parseOrNull(Exchanges.body(exchange));
        if (body == null || !body.isObject()) {
            throw OpenImError.ArgsError.failure("body is not a JSON object");
        }
        return (ObjectNode) body;
    }

    /** {@code get_admin_token}: checks the secret and the admin user id; answers the user id. */
    public static String adminTokenRequest(ObjectNode body, String secret, Set<String> adminUserIds) {
        JsonNode s = body.get("secret");
        JsonNode user = body.get("userID");
        if (s == null || !s.isTextual() || user == null || !user.isTextual() || user.asText().isBlank()) {
            throw OpenImError.ArgsError.failure("secret and userID are required strings");
        }
        if (!Secrets.equal(secret, s.asText())) {
            throw OpenImError.NoPermissionError.failure("secret invalid");
        }
        if (!adminUserIds.isEmpty() && !adminUserIds.contains(user.asText())) {
            throw OpenImError.ArgsError.failure("userID is not an admin");
        }
        return user.asText();
    }

    /** The send_msg body checks: required fields, types, session and content shapes. */
    public static OpenImSend validateSend(ObjectNode req, String operationID) {
        requireString(req, "sendID");
        int sessionType = requireInt(req, "sessionType");
        if (!OpenImCodec.isKnownSession(sessionType)) {
            throw OpenImError.ArgsError.failure("sessionType " + sessionType + " is not supported");
        }
        requireString(req, OpenImCodec.isGroup(sessionType) ? "groupID" : "recvID");
        int contentType = requireInt(req, "contentType");
        JsonNode content = req.get("content");
        if (content == null || !content.isObject()) {
            throw OpenImError.ArgsError.failure("content must be an object");
        }
        optionalInt(req, "senderPlatformID");
        optionalInt(req, "sendTime");
        for (String b : BOOLEANS) {
            JsonNode n = req.get(b);
            if (n != null && !n.isNull() && !n.isBoolean()) {
                throw OpenImError.ArgsError.failure(b + " must be a boolean");
            }
        }
        JsonNode push = req.get("offlinePushInfo");
        if (push != null && !push.isNull() && !push.isObject()) {
            throw OpenImError.ArgsError.failure("offlinePushInfo must be an object");
        }
        JsonNode ex = req.get("ex");
        if (ex != null && !ex.isNull() && !ex.isTextual()) {
            throw OpenImError.ArgsError.failure("ex must be a string");
        }
        // decoding checks the content's own shape for its contentType
        OpenImCodec.element(contentType, (ObjectNode) content);
        return new OpenImSend(req, operationID);
    }

    static String requireString(ObjectNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw OpenImError.ArgsError.failure(field + " is required");
        }
        return n.asText();
    }

    static int requireInt(ObjectNode req, String field) {
        JsonNode n = req.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw OpenImError.ArgsError.failure(field + " must be an integer");
        }
        return n.asInt();
    }

    static void optionalInt(ObjectNode req, String field) {
        JsonNode n = req.get(field);
        if (n != null && !n.isNull() && (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0)) {
            throw OpenImError.ArgsError.failure(field + " must be a non-negative integer");
        }
    }

    /** OpenIM's reply: HTTP 200 with {@code errCode}, {@code errMsg}, {@code errDlt} (and {@code data}). */
    public static void replyError(Exchange exchange, OpenImError code, String detail) {
        ObjectNode reply = Json.object();
        reply.put("errCode", code.code());
        reply.put("errMsg", code.name());
        reply.put("errDlt", detail == null ? "" : detail + ": [" + code.code() + "]" + code.name());
        Exchanges.replyJson(exchange, 200, reply);
    }

    public static void replyData(Exchange exchange, Map<String, ?> data) {
        replyData(exchange, data, null);
    }

    /** A success whose {@code errDlt} says more (OpenIM's detail field, empty on its own successes). */
    public static void replyData(Exchange exchange, Map<String, ?> data, String detail) {
        ObjectNode reply = Json.object();
        reply.put("errCode", 0);
        reply.put("errMsg", "");
        reply.put("errDlt", detail == null ? "" : detail);
        reply.set("data", Json.MAPPER.valueToTree(data));
        Exchanges.replyJson(exchange, 200, reply);
    }
}
