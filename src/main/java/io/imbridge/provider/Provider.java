package io.imbridge.provider;

import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.ErrorCategory;

/**
 * What every provider package gives the shared flow: the knowledge to deliver to it (its calls for a message, its
 * answers read into receipts or typed failures) and to speak its errors. Each provider binds one implementation in
 * the registry under its own name ({@code mychat}, {@code openim}, …); the YAML routes call its methods by that name,
 * and the shared error handling finds it through the exchange property {@link Exchanges#SOURCE}. Optional abilities
 * are interfaces of their own: {@link SendApi} (the bridge serves the provider's send API), {@link PolicyWebhook}
 * (the provider asks the bridge before it sends), {@link TokenIssuer} (the bridge hands out the provider's tokens).
 */
public interface Provider {

    /** The provider's name as used in properties, routes and paths. */
    String name();

    /** The vendor's error codes. */
    ErrorTable<?> errors();

    /** The element kinds it carries, how it degrades the others, its size limits. */
    Capabilities capabilities();

    /**
     * Whether the vendor's server reads its request bodies as JSON whatever their Content-Type (Tencent's and
     * OpenIM's do; a client that posts JSON as a form must still be understood).
     */
    default boolean jsonBodies() {
        return false;
    }

    /**
     * A path under the vendor's prefix that the bridge does not serve (another API of the vendor): refused in the
     * vendor's envelope as a malformed request, never with the HTTP server's page. Tencent has its own code for it.
     */
    default void unknownEndpoint(Exchange exchange) {
        throw new BridgeException(ErrorCategory.MALFORMED, Exchanges.unknownApi(exchange));
    }

    /**
     * The HTTP calls that deliver a message, addressed as this provider knows its parties, in order: one per
     * recipient, element or chunk as the provider's API needs. {@code attempt} counts the tries at this target (1
     * for the first), for a provider whose request says it is a resend.
     */
    java.util.List<OutboundCall> outboundCalls(CanonicalMessage addressed, int attempt);

    /**
     * Reads the target's HTTP answer to one of its calls (the message; {@link Exchanges#call} says which call) into
     * the call's receipt, or throws the typed failure its code or status means.
     */
    DeliveryReceipt readReply(Exchange exchange);

    /**
     * How a copy this provider accepted is taken back when its message is recalled: {@code addressed} is the message
     * as it was delivered here (its parties and group as this provider knows them), {@code receipts} what this
     * provider answered its calls. By default it cannot: the copy stays, and the recall says so.
     */
    default RecallCalls recallCalls(CanonicalMessage addressed, java.util.List<DeliveryReceipt> receipts) {
        return RecallCalls.cannot(name() + " has no API that recalls a message");
    }

    /**
     * Reads the target's answer to one of its recall calls; throws the typed failure its code means (a message
     * recalled before: {@link ErrorCategory#ALREADY_RECALLED}). Returns the call this answer leads to — a lookup's
     * answer naming what the recall call needs (OpenIM's search_msg giving the seq revoke_msg takes) — or null when
     * the call is done. By default read as a delivery's answer.
     */
    default OutboundCall readRecallReply(Exchange exchange) {
        readReply(exchange);
        return null;
    }

    /**
     * Whether a name among this provider's ids of a message (its source ids, its receipts' ids) identifies the
     * message, and is kept in the ID map, rather than being another fact of it that thousands of messages share
     * (MyChat's recipient UIN and status, NetEase's room, Tencent's per-conversation sequence and second). Those stay
     * in the message itself.
     */
    default boolean identifiesMessage(String idName) {
        return true;
    }

    /** The name of the id that numbers a message in its conversation ({@link #numberedConversation}). */
    String SEQ = "seq";

    /**
     * The conversation this provider numbers a message sent to it in, when its recall API names a message by that
     * number (OpenIM's {@code seq} in its {@code conversationID}), or null (by default: none does). The bridge then
     * numbers the messages sent to it likewise, from 1 in each conversation, and keeps the number as the message's id
     * {@link #SEQ} = {@link #numberedId} (docs/recalls.md#a-recall-at-openim).
     */
    default String numberedConversation(CanonicalMessage message) {
        return null;
    }

    /** How a message's number in its conversation is kept in the ID map: {@code <conversation>#<number>}. */
    static String numberedId(String conversation, long seq) {
        return conversation + "#" + seq;
    }

    /**
     * The conversation a cell of the groups file ({@code bridge.groups.file}) names at this provider: its group's id
     * as written there. A group by default; a provider with other kinds says which a cell is.
     */
    default Conversation group(String cell) {
        return new Conversation(Conversation.Kind.GROUP, cell);
    }

    /** How the groups file writes the id of {@code conversation}, a group message's at this provider. */
    default String groupCell(Conversation conversation) {
        return conversation.id();
    }

    /**
     * Whether a group's migrated history must reach this provider one message per second, each later than the one
     * before (Tencent's import_group_msg takes a message only later than the group's newest, in seconds): the
     * migration then moves a message sharing its second with the one before to the next free second, and says so.
     */
    default boolean groupHistoryInDistinctSeconds() {
        return false;
    }

    /**
     * How the provider keeps a migrated message's original time (see
     * {@link io.imbridge.canonical.DeliveryOptions#history}), as the migration's report says it.
     */
    default String historyTime() {
        return "not kept: the target stamps the time it receives the message";
    }

    /** Answers the caller with {@code failure} in this vendor's error envelope, HTTP status and code. */
    void replyError(Exchange exchange, BridgeException failure);
}
