package io.imbridge.canonical;

import java.util.Map;

/**
 * Where a message came from.
 *
 * @param vendor the source provider's name ({@code mychat}, {@code tencent}, {@code openim}, {@code netease})
 * @param ids    the ids the message had there, under the vendor's own names (MsgKey, MsgRandom, clientMsgID,
 *               msgId, operationID, …)
 */
public record Source(String vendor, Map<String, String> ids) {
    public Source {
        ids = ids == null ? Map.of() : Map.copyOf(ids);
    }
}
