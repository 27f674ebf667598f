package io.imbridge.provider;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.imbridge.canonical.CanonicalMessage;

/**
 * An optional ability: the bridge serves the provider's search of the messages sent to it, for a provider whose
 * recall names a message by a number only that search gives (OpenIM's {@code search_msg} and the {@code seq}
 * {@code revoke_msg} takes: docs/recalls.md#a-recall-at-openim). The provider reads the request into a
 * {@link Query}; the bridge answers it with the messages it numbered ({@link Provider#numberedConversation}); the
 * provider filters, pages and answers them in its own shape. Its credentials are the send API's.
 */
public interface SearchApi<F> {

    /**
     * Which numbered messages a search looks at: one conversation's, or (null) all of the provider's.
     *
     * @param filters the provider's own reading of the request, handed back with what is found
     */
    record Query<F>(String vendor, String conversation, F filters) {
    }

    /** A query and the messages it looks at. */
    record Found<F>(Query<F> query, List<Numbered> messages) {
    }

    /**
     * A message sent to the bridge through the provider, as the bridge kept it.
     *
     * @param message  the canonical message
     * @param seq      its number in its conversation
     * @param ids      the provider's ids of it (those its caller sent, those the bridge's reply handed out)
     * @param recalled whether it was recalled
     */
    record Numbered(CanonicalMessage message, long seq, Map<String, String> ids, boolean recalled) {
    }

    /** Reads the caller's search request (credentials checked before). */
    Query<F> readSearch(Exchange exchange);

    /** Answers the caller with those of the query's messages that match its request (in their numbers' order). */
    void replySearch(Exchange exchange, Found<F> found);
}
