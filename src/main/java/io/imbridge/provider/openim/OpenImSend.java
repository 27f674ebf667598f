package io.imbridge.provider.openim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code /msg/send_msg} request.
 *
 * @param request     the body as received
 * @param operationID the caller's tracing id (header)
 */
public record OpenImSend(ObjectNode request, String operationID) {

    public String sendID() {
        return request.get("sendID").asText();
    }

    public int sessionType() {
        return request.get("sessionType").asInt();
    }

    public int contentType() {
        return request.get("contentType").asInt();
    }

    /** recvID for a single chat or notification, groupID for a group. */
    public String conversationTarget() {
        return request.path(OpenImCodec.isGroup(sessionType()) ? "groupID" : "recvID").asText();
    }
}
