package io.imbridge.provider.openim;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;

/**
 * OpenIM's {@code msg/search_msg} (its protocol's {@code SearchMessageReq} / {@code SearchMessageResp};
 * docs/providers.md#openim-groups-and-recall), as the bridge serves it over the messages sent to it and as the
 * OpenIM sandbox serves it over what it received: the filters {@code sendID}, {@code recvID} (a recipient or a group),
 * {@code sessionType}, {@code contentType} and {@code sendTime} (a UTC day, {@code yyyy-MM-dd}), a page of
 * {@code pagination.showNumber} at a time, each match as {@code {chatLog: {…, seq}, isRevoked}} with the count of all
 * matches ({@code chatLogsNum}). OpenIM matches the two ids as patterns; here they match exactly.
 */
final class OpenImSearch {

    /** A search request, read. {@code dayStart} is {@link Long#MIN_VALUE} when it names no day. */
    record Request(String sendID, String recvID, int sessionType, int contentType, long dayStart, int page, int show) {

        /** The conversation the request names when it names one ({@code sg_<group>}, {@code si_<a>_<b>}), or null. */
        String conversation() {
            if (recvID.isEmpty()) {
                return null;
            }
            if (OpenImCodec.isGroup(sessionType)) {
                return OpenImRecall.conversationID(sessionType, sendID, recvID);
            }
            return (sessionType == OpenImCodec.SESSION_SINGLE || sessionType == OpenImCodec.SESSION_NOTIFICATION)
                    && !sendID.isEmpty()
                    ? OpenImRecall.conversationID(sessionType, sendID, recvID) : null;
        }

        boolean matches(Log log) {
            JsonNode m = log.request();
            return (sendID.isEmpty() || sendID.equals(m.path("sendID").asText()))
                    && (recvID.isEmpty() || recvID.equals(m.path("recvID").asText())
                            || recvID.equals(m.path("groupID").asText()))
                    && (sessionType == 0 || sessionType == m.path("sessionType").asInt())
                    && (contentType == 0 || contentType == m.path("contentType").asInt())
                    && (dayStart == Long.MIN_VALUE
                            || (log.sendTime() >= dayStart && log.sendTime() < dayStart + 86_400_000L));
        }
    }

    /**
     * A message as a search shows it.
     *
     * @param request     its send_msg body (sendID, recvID or groupID, sessionType, contentType, content, …)
     * @param serverMsgID the serverMsgID its send_msg was answered with
     * @param sendTime    its send time, ms
     * @param seq         its number in its conversation
     * @param revoked     whether it was revoked
     */
    record Log(JsonNode request, String serverMsgID, long sendTime, long seq, boolean revoked) {
    }

    /** OpenIM's MsgStatusSendSuccess: what a message the search finds was. */
    static final int SENT = 2;

    private OpenImSearch() {
    }

    /** Reads a search_msg body; a sendTime that is no day, or no positive showNumber, is 1001. */
    static Request read(ObjectNode req) {
        long dayStart = Long.MIN_VALUE;
        if (!req.path("sendTime").asText("").isEmpty()) {
            try {
                dayStart = LocalDate.parse(req.get("sendTime").asText()).atStartOfDay(ZoneOffset.UTC)
                        .toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw OpenImError.ArgsError.failure("invalid sendTime");
            }
        }
        int page = Math.max(1, req.path("pagination").path("pageNumber").asInt(1));
        int show = req.path("pagination").path("showNumber").asInt(0);
        if (show <= 0) {
            throw OpenImError.ArgsError.failure("pagination.showNumber must be positive");
        }
        return new Request(req.path("sendID").asText(""), req.path("recvID").asText(""),
                req.path("sessionType").asInt(0), req.path("contentType").asInt(0), dayStart, page, show);
    }

    /** The answer's data: the request's page of the logs that match it, and how many match. */
    static Map<String, Object> answer(Request request, List<Log> logs) {
        List<Log> matches = new ArrayList<>();
        for (Log log : logs) {
            if (request.matches(log)) {
                matches.add(log);
            }
        }
        long from = Math.min(matches.size(), (long) (request.page() - 1) * request.show());
        long to = Math.min(matches.size(), (long) request.page() * request.show());
        ArrayNode chatLogs = Json.MAPPER.createArrayNode();
        for (Log log : matches.subList((int) from, (int) to)) {
            JsonNode m = log.request();
            ObjectNode chatLog = Json.object();
            chatLog.put("serverMsgID", log.serverMsgID());
            chatLog.put("clientMsgID", m.path("clientMsgID").asText(""));
            chatLog.put("sendID", m.path("sendID").asText());
            // a group message's recvID is its group, as OpenIM's search answers it
            chatLog.put("recvID", m.path("recvID").asText(m.path("groupID").asText("")));
            chatLog.put("groupID", m.path("groupID").asText(""));
            chatLog.put("sessionType", m.path("sessionType").asInt());
            chatLog.put("contentType", m.path("contentType").asInt());
            chatLog.put("content", m.path("content").toString());
            chatLog.put("sendTime", log.sendTime());
            chatLog.put("createTime", log.sendTime());
            chatLog.put("status", SENT);
            chatLog.put("seq", log.seq());
            ObjectNode item = chatLogs.addObject();
            item.set("chatLog", chatLog);
            item.put("isRevoked", log.revoked());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chatLogs", chatLogs);
        data.put("chatLogsNum", matches.size());
        return data;
    }
}
