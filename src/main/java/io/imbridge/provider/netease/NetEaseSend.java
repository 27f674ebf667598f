package io.imbridge.provider.netease;

import java.util.List;
import java.util.Map;

/**
 * A validated {@code sendMsgToSomeone} form.
 *
 * @param form     every field as received (one value each)
 * @param roomId   roomid
 * @param msgId    msgId
 * @param from     fromAccid
 * @param to       toAccids
 * @param msgType  msgType
 */
public record NetEaseSend(Map<String, String> form, long roomId, String msgId, String from, List<String> to,
                          int msgType) {
}
