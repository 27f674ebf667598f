package io.imbridge.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The conversation a message belongs to.
 *
 * @param kind direct (one-to-one), group, chat room, channel (MyChat conference) or notification
 * @param id   the group, room or channel id; null for a direct conversation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Conversation(Kind kind, String id) {

    public static final Conversation DIRECT = new Conversation(Kind.DIRECT, null);

    public enum Kind { DIRECT, GROUP, CHAT_ROOM, CHANNEL, NOTIFICATION }
}
