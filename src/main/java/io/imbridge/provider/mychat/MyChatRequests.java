package io.imbridge.provider.mychat;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Secrets;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.FormEncoding;
import io.imbridge.provider.RawBodies;

/**
 * Reading and checking MyChat Integration API commands the way the MyChat server does. Shared by the bridge's
 * inbound MyChat API and the MyChat sandbox, so both answer the same input with the same error.
 */
public final class MyChatRequests {

    public static final String SEND_PRIVATE_MESSAGE = "0002";
    /** A message into a conference (channel), by its UID; the same endpoint and checks but for the recipient. */
    public static final String SEND_CHANNEL_MESSAGE = "0004";

    private MyChatRequests() {
    }

    /**
     * The command's JSON text: {@code ?data=} on GET; on POST the form field {@code data}, or else the body itself.
     */
    public static String commandText(Exchange exchange) {
        var msg = exchange.getMessage();
        String fromQuery = queryParameter(msg.getHeader(Exchange.HTTP_RAW_QUERY, String.class), "data");
        if (fromQuery != null) {
            return fromQuery;
        }
        if ("POST".equalsIgnoreCase(msg.getHeader(Exchange.HTTP_METHOD, String.class))) {
            String body = Exchanges.body(exchange);
            if (RawBodies.wasForm(msg)) {
                return queryParameter(body, "data");
            }
            return body;
        }
        return null;
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        int from = 0;
        while (from <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', from);
            int end = amp < 0 ? rawQuery.length() : amp;
            int eq = rawQuery.indexOf('=', from);
            String key = eq >= 0 && eq < end ? rawQuery.substring(from, eq) : rawQuery.substring(from, end);
            if (name.equals(key)) {
                String value = eq >= 0 && eq < end ? rawQuery.substring(eq + 1, end) : "";
                try {
                    return FormEncoding.decode(value);
                } catch (IllegalArgumentException e) {
                    return value; // malformed %-escape: let JSON parsing refuse it with the vendor's code
                }
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return null;
    }

    /** Parses a command; empty input is 67 InvalidMessageStructure, anything but a JSON object is 21 WrongData. */
    public static ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw MyChatError.InvalidMessageStructure.failure("JSON is empty");
        }
        JsonNode node = Json.parseOrNull(text);
        if (node == null || !node.isObject()) {
            throw MyChatError.WrongData.failure("not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The caller's context, to be echoed even in an error reply. */
    public static JsonNode context(ObjectNode request) {
        return request == null ? null : request.get("context");
    }

    /** Checks a 0002 or 0004 command in the order the server does: key, command, parties, text. */
    public static MyChatSend validateSend(ObjectNode req, String serverKey) {
        checkKey(req, serverKey);
        return validateSend(req);
    }

    /** The integration key, checked first of all the command's fields. */
    public static void checkKey(ObjectNode req, String serverKey) {
        JsonNode key = req.get("ServerKey");
        if (key == null || !key.isTextual() || !Secrets.equal(serverKey, key.asText())) {
            throw MyChatError.WrongIntegrationKey.failure("wrong integration key");
        }
    }

    /** Checks a 0002 or 0004 command whose key was checked: command, parties, text. */
    public static MyChatSend validateSend(ObjectNode req) {
        JsonNode cmd = req.get("cmd");
        boolean channel = cmd != null && cmd.isTextual() && SEND_CHANNEL_MESSAGE.equals(cmd.asText());
        if (!channel && (cmd == null || !cmd.isTextual() || !SEND_PRIVATE_MESSAGE.equals(cmd.asText()))) {
            throw MyChatError.WrongData.failure("unsupported cmd");
        }
        String from = party(req, "UserFrom", MyChatError.WrongSenderUser);
        if (from == null) {
            from = "0"; // the built-in bot
        }
        String to = null;
        Long uid = null;
        if (channel) {
            uid = uid(req);
        } else {
            to = party(req, "UserTo", MyChatError.WrongReceiverUser);
            if (to == null || to.isBlank()) {
                throw MyChatError.WrongReceiverUser.failure("UserTo is empty");
            }
        }
        if (from.isBlank()) {
            throw MyChatError.WrongSenderUser.failure("UserFrom is empty");
        }
        Integer msgType = null;
        JsonNode type = req.get("MsgType");
        if (type != null && !type.isNull()) {
            if (!type.canConvertToInt() || !type.isIntegralNumber()) {
                throw MyChatError.WrongData.failure("MsgType is not an integer");
            }
            msgType = type.asInt();
        }
        JsonNode text = req.get("Msg");
        if (text != null && !text.isNull() && !text.isTextual()) {
            throw MyChatError.WrongData.failure("Msg is not a string");
        }
        String msg = text == null || text.isNull() ? "" : text.asText();
        // a message of only spaces or line breaks is empty too
        if (msg.isBlank()) {
            throw MyChatError.EmptyMessage.failure("empty message");
        }
        if (to != null && from.equalsIgnoreCase(to)) {
            throw MyChatError.CantSendMessageToSelf.failure("sender and recipient match");
        }
        return new MyChatSend(req, from, to, uid, msg, msgType, req.get("context"));
    }

    /** A 0004's conference: UID, a positive integer (a number, or its digits as a string). */
    private static long uid(ObjectNode req) {
        JsonNode n = req.get("UID");
        if (n == null || n.isNull()) {
            throw MyChatError.UnknownUID.failure("UID is missing");
        }
        Long uid = MyChatProvider.asUin(n.isIntegralNumber() ? n.asText() : n.isTextual() ? n.asText().trim() : "");
        if (uid == null) {
            throw MyChatError.WrongData.failure("UID is not an integer");
        }
        return uid;
    }

    /** A party field: a string, or a number (a UIN); null when absent. */
    private static String party(ObjectNode req, String field, MyChatError wrong) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText().trim();
        }
        if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
            return Long.toString(n.asLong());
        }
        throw wrong.failure(field + " is not a UIN, e-mail or nickname");
    }
}
