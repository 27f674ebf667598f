package io.imbridge.provider.mychat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code 0002 MCIAPI_CS_SendPrivateMessage} or {@code 0004 MCIAPI_CS_SendChannelMessage} command.
 *
 * @param request  the command as received
 * @param userFrom sender (UIN, e-mail or nickname; "0" is the built-in bot)
 * @param userTo   recipient of a 0002; null for a 0004
 * @param uid      the conference (channel) of a 0004; null for a 0002
 * @param msg      the text (or, for a non-text MsgType, the JSON or multi-line text the type defines)
 * @param msgType  MsgType, or null when absent
 * @param context  the caller's context, echoed in the reply; null when absent
 */
public record MyChatSend(ObjectNode request, String userFrom, String userTo, Long uid, String msg, Integer msgType,
                         JsonNode context) {

    /** Whether this is a 0004, a message into a conference. */
    public boolean toChannel() {
        return uid != null;
    }
}
