package io.imbridge.canonical;

import java.util.Map;

/**
 * What a target said when it accepted (part of) a message.
 *
 * @param target    the target provider
 * @param recipient the recipient this call was for (as the target knows it)
 * @param ids       the ids the target gave, under its own names (serverMsgID, clientMsgID, MsgKey, msgid_client, …)
 *                  and other reply facts a caller's reply may need (MyChat UINTo, State)
 * @param sentAt    the target's message time in ms, or null
 */
public record DeliveryReceipt(String target, String recipient, Map<String, String> ids, Long sentAt) {
    public DeliveryReceipt {
        ids = ids == null ? Map.of() : Map.copyOf(ids);
    }
}
