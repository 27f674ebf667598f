package io.imbridge.provider.netease;

import java.util.List;
import java.util.Map;

/**
 * A validated {@code sendMsgToSomeone} or {@code chatroom/sendMsg} form, or a {@code msg/sendMsg} one read as the
 * room APIs' fields (its {@code type} as msgType, its {@code body} as attach: the same kinds and JSON).
 *
 * @param form     every field as received (one value each)
 * @param roomId   roomid
 * @param msgId    msgId
 * @param from     fromAccid
 * @param to       toAccids
 * @param msgType  msgType
 * @param team     the team (tid) of a msg/sendMsg with ope 1; null for any other
 */
public record NetEaseSend(Map<String, String> form, long roomId, String msgId, String from, List<String> to,
                          int msgType, String team) {

    public NetEaseSend(Map<String, String> form, long roomId, String msgId, String from, List<String> to,
                       int msgType) {
        this(form, roomId, msgId, from, to, msgType, null);
    }

    /** Whether it came by msg/sendMsg (the ordinary message API: no room, no client msgId). */
    public boolean ordinary() {
        return roomId == 0 && msgId == null;
    }
}
