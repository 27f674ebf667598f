package io.imbridge.canonical;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one message every vendor request is normalised into, and every outbound request is made from.
 * Documented by {@code schema/canonical-message.schema.json}; {@link #SCHEMA_VERSION} moves with it.
 *
 * @param schemaVersion version of this model ({@link #SCHEMA_VERSION})
 * @param id            the bridge's own id: unique and time-sortable ({@link BridgeId})
 * @param source        the provider the message came from and the ids it had there
 * @param sender        sender account as the source knows it
 * @param recipients    recipient accounts (one for a one-to-one send, several for a directed chat-room message)
 * @param conversation  kind and id of the conversation
 * @param sentAt        sending time the source stated, in milliseconds since the epoch (UTC); null if it stated none
 * @param receivedAt    when the bridge accepted the message, in milliseconds since the epoch (UTC)
 * @param elements      the ordered message elements
 * @param options       delivery options (online-only, lifetime, sync to sender, offline push)
 * @param customData    the app's opaque extension data (OpenIM {@code ex}, Tencent {@code CloudCustomData},
 *                      NetEase {@code ext})
 * @param vendorFields  per vendor, the request fields that have no canonical meaning, kept verbatim so that a
 *                      message going back to the same vendor is rebuilt unchanged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalMessage(
        int schemaVersion,
        String id,
        Source source,
        String sender,
        List<String> recipients,
        Conversation conversation,
        Long sentAt,
        long receivedAt,
        List<Element> elements,
        DeliveryOptions options,
        String customData,
        Map<String, ObjectNode> vendorFields) {

    public static final int SCHEMA_VERSION = 1;

    public CanonicalMessage {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        elements = elements == null ? List.of() : List.copyOf(elements);
        options = options == null ? DeliveryOptions.NONE : options;
        vendorFields = vendorFields == null ? Map.of() : Map.copyOf(vendorFields);
    }

    /** The fields kept for {@code vendor}, or null. */
    public ObjectNode vendorFields(String vendor) {
        return vendorFields.get(vendor);
    }

    public CanonicalMessage withParties(String newSender, List<String> newRecipients) {
        return new CanonicalMessage(schemaVersion, id, source, newSender, newRecipients, conversation, sentAt, receivedAt,
                elements, options, customData, vendorFields);
    }

    /** The same message under another bridge id (a caller's retry of a request that failed part-way). */
    public CanonicalMessage withId(String newId) {
        return new CanonicalMessage(schemaVersion, newId, source, sender, recipients, conversation, sentAt, receivedAt,
                elements, options, customData, vendorFields);
    }

    /**
     * Whether the message goes to a whole group, room or channel (a group message), not to named recipients: a
     * group's or channel's message, or a room's with no recipient (a room's directed message names them).
     */
    public boolean addressedToGroup() {
        if (conversation == null || conversation.id() == null) {
            return false;
        }
        return switch (conversation.kind()) {
            case GROUP, CHANNEL -> true;
            case CHAT_ROOM -> recipients.isEmpty();
            default -> false;
        };
    }

    /** The same message stated as sent at {@code newSentAt} (milliseconds since the epoch). */
    public CanonicalMessage withSentAt(long newSentAt) {
        return new CanonicalMessage(schemaVersion, id, source, sender, recipients, conversation, newSentAt, receivedAt,
                elements, options, customData, vendorFields);
    }

    /** The same message in {@code place}, the conversation a target knows its group by. */
    public CanonicalMessage inConversation(Conversation place) {
        return new CanonicalMessage(schemaVersion, id, source, sender, recipients, place, sentAt, receivedAt,
                elements, options, customData, vendorFields);
    }

    /** The stated sending time, or the time the bridge accepted the message. */
    public long effectiveSentAt() {
        return sentAt != null ? sentAt : receivedAt;
    }

    /**
     * The same message as migrated history, under {@code newId}, at {@code place} in its conversation (see
     * {@link DeliveryOptions#history}).
     */
    public CanonicalMessage asHistory(String newId, long place) {
        return new CanonicalMessage(schemaVersion, newId, source, sender, recipients, conversation, sentAt, receivedAt,
                elements, options.asHistory(place), customData, vendorFields);
    }

    public CanonicalMessage withElements(List<Element> newElements) {
        return new CanonicalMessage(schemaVersion, id, source, sender, recipients, conversation, sentAt, receivedAt,
                newElements, options, customData, vendorFields);
    }

    /**
     * What deliveries of one conversation are ordered by: a group's, room's or channel's id; for a direct conversation
     * its parties, both directions alike (A to B and B to A are one conversation).
     */
    public String conversationKey() {
        if (conversation != null && conversation.id() != null) {
            return conversation.kind() + ":" + conversation.id();
        }
        java.util.TreeSet<String> parties = new java.util.TreeSet<>(recipients);
        parties.add(String.valueOf(sender));
        return "DIRECT:" + String.join("\n", parties);
    }
}
