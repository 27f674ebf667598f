package io.imbridge.provider.openim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.OutboundCall;

/**
 * How the bridge takes back a copy it delivered to OpenIM (docs/recalls.md). {@code msg/revoke_msg} names a message
 * by its conversation and its {@code seq}, which the send_msg reply does not give (serverMsgID, clientMsgID and
 * sendTime only); so a recall first looks the copy up with {@code msg/search_msg} — by its sender, its recipient or
 * group, its session type and the UTC day of its sendTime, a page at a time — matching the serverMsgID the send
 * answered, and revokes the seq found there.
 */
final class OpenImRecall {

    /** Which OpenIM API a call is for (the route's choice; not sent). */
    static final String API_HEADER = "OpenImApi";
    static final String SEARCH_MSG = "search_msg";
    static final String REVOKE_MSG = "revoke_msg";
    /** A search call's serverMsgID it looks for (read back from the call made; not sent). */
    static final String LOOKS_FOR_HEADER = "OpenImLooksFor";
    /** Messages per search page, and the pages read before the copy counts as not found. */
    static final int PAGE = 100;
    static final int MAX_PAGES = 20;

    private OpenImRecall() {
    }

    /**
     * OpenIM's conversation id: {@code si_} (one-to-one) or {@code sn_} (a notification) and the two users sorted,
     * joined by {@code _}, or {@code sg_} and the group.
     */
    static String conversationID(int sessionType, String sendID, String recvOrGroup) {
        if (OpenImCodec.isGroup(sessionType)) {
            return "sg_" + recvOrGroup;
        }
        String prefix = sessionType == OpenImCodec.SESSION_NOTIFICATION ? "sn_" : "si_";
        // sorted as OpenIM (Go) sorts strings: by their UTF-8 bytes
        return java.util.Arrays.compareUnsigned(sendID.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                recvOrGroup.getBytes(java.nio.charset.StandardCharsets.UTF_8)) <= 0
                ? prefix + sendID + "_" + recvOrGroup : prefix + recvOrGroup + "_" + sendID;
    }

    /** The first search call for each copy OpenIM answered a serverMsgID for (one per recipient and element). */
    static List<OutboundCall> searchCalls(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        boolean group = addressed.addressedToGroup();
        List<OutboundCall> calls = new ArrayList<>();
        int n = 0;
        for (DeliveryReceipt r : receipts) {
            String serverMsgID = r.ids().get("serverMsgID");
            String other = group ? addressed.conversation().id() : r.recipient();
            if (serverMsgID == null || other == null) {
                continue;
            }
            ObjectNode body = Json.object();
            body.put("sendID", addressed.sender());
            body.put("recvID", other);
            body.put("sessionType",
                    group ? OpenImCodec.SESSION_GROUP : OpenImCodec.sessionType(addressed.conversation()));
            if (r.sentAt() != null) {
                body.put("sendTime", Instant.ofEpochMilli(r.sentAt()).atZone(ZoneOffset.UTC).toLocalDate().toString());
            }
            ObjectNode pagination = body.putObject("pagination");
            pagination.put("pageNumber", 1);
            pagination.put("showNumber", PAGE);
            calls.add(new OutboundCall(r.recipient(), null, Json.write(body),
                    Map.of("operationID", addressed.id() + "-recall-" + n++, Exchange.CONTENT_TYPE, "application/json",
                            API_HEADER, SEARCH_MSG, LOOKS_FOR_HEADER, serverMsgID)));
        }
        return calls;
    }

    /**
     * A search page's answer ({@code data.chatLogs[{chatLog, isRevoked}]}, {@code data.chatLogsNum}): the revoke_msg
     * call for the copy when the page holds it, the next page's search when more remain, else the copy is not found
     * (thrown). A copy revoked before is {@link ErrorCategory#ALREADY_RECALLED}.
     */
    static OutboundCall next(JsonNode reply, OutboundCall search) {
        String wanted = search.headers().get(LOOKS_FOR_HEADER);
        ObjectNode asked = (ObjectNode) Json.parseOrNull(search.body());
        JsonNode data = reply.path("data");
        for (JsonNode item : data.path("chatLogs")) {
            JsonNode log = item.path("chatLog");
            if (!wanted.equals(log.path("serverMsgID").asText(null))) {
                continue;
            }
            if (item.path("isRevoked").asBoolean(false)) {
                throw new BridgeException(ErrorCategory.ALREADY_RECALLED, OpenImProvider.NAME, null,
                        "openim's copy " + wanted + " was revoked before");
            }
            long seq = log.path("seq").asLong(0);
            if (seq <= 0) {
                throw new BridgeException(ErrorCategory.MESSAGE_UNKNOWN, OpenImProvider.NAME, null,
                        "openim's search_msg gave no seq for " + wanted);
            }
            String sendID = asked.path("sendID").asText();
            ObjectNode revoke = Json.object();
            revoke.put("conversationID",
                    conversationID(asked.path("sessionType").asInt(), sendID, asked.path("recvID").asText()));
            revoke.put("seq", seq);
            revoke.put("userID", sendID);
            return new OutboundCall(search.recipient(), null, Json.write(revoke),
                    Map.of("operationID", search.headers().get("operationID") + "-revoke",
                            Exchange.CONTENT_TYPE, "application/json", API_HEADER, REVOKE_MSG));
        }
        int page = asked.path("pagination").path("pageNumber").asInt(1);
        long total = data.path("chatLogsNum").asLong(0);
        if ((long) page * PAGE < total && page < MAX_PAGES) {
            ((ObjectNode) asked.get("pagination")).put("pageNumber", page + 1);
            return new OutboundCall(search.recipient(), null, Json.write(asked), search.headers());
        }
        throw new BridgeException(ErrorCategory.MESSAGE_UNKNOWN, OpenImProvider.NAME, null,
                "openim's search_msg found no message " + wanted + " among " + Math.min(total, (long) page * PAGE)
                        + " of its sender's messages that day");
    }

    /** revoke_msg's answer: done, or its refusal (1004 here means the message, not a recipient, is unknown). */
    static void readRevoke(Exchange exchange) {
        try {
            OpenImProvider.envelope(exchange);
        } catch (BridgeException e) {
            if (e.vendorCode() != null && e.vendorCode() == OpenImError.RecordNotFoundError.row().code()) {
                throw new BridgeException(ErrorCategory.MESSAGE_UNKNOWN, OpenImProvider.NAME, e.vendorCode(),
                        e.getMessage());
            }
            throw e;
        }
    }
}
