package io.imbridge.canonical;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A recall: the event that takes a bridged message back at every target that holds a copy. Documented by
 * {@code schema/canonical-recall.schema.json}; made from a provider's recall request by its
 * {@code <provider>:recall-request} transformer.
 *
 * @param schemaVersion version of this model ({@link CanonicalMessage#SCHEMA_VERSION}, shared with the message)
 * @param kind          always {@code recall}: what tells this event from a message
 * @param id            the recall's own bridge id ({@link BridgeId})
 * @param source        the provider the recall came from, and the ids it names the message by there, under the
 *                      provider's own names (MsgKey; GroupMsgSeq; msgid; msgId)
 * @param operator      who recalls, as the source knows them (null when its API names no one)
 * @param conversation  the conversation the source names (a group recall's group), or null
 * @param reason        the reason the caller gave, or null
 * @param receivedAt    when the bridge accepted the recall, ms since the epoch (UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recall(int schemaVersion, String kind, String id, Source source, String operator,
                     Conversation conversation, String reason, long receivedAt) {

    public static final String KIND = "recall";

    public Recall {
        kind = KIND;
    }

    public Recall(String vendor, Map<String, String> ids, String operator, Conversation conversation, String reason) {
        this(CanonicalMessage.SCHEMA_VERSION, KIND, BridgeId.next(), new Source(vendor, ids), operator, conversation,
                reason, System.currentTimeMillis());
    }
}
