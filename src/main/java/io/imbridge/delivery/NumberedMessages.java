package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Provider;
import io.imbridge.provider.SearchApi;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.RecallTable;

/**
 * The messages a provider numbered in their conversations ({@link Provider#numberedConversation}), as a search of that
 * provider's finds them (OpenIM's {@code search_msg}, served so that its callers learn the {@code seq} its
 * {@code revoke_msg} takes): each with its number, the provider's ids of it, and whether it was recalled.
 */
@BindToRegistry("numberedMessages")
public class NumberedMessages {

    @BeanInject("messageIdTable")
    MessageIdTable ids;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("recallTable")
    RecallTable recalls;

    /** The query's messages still kept (expired ones are gone with their ids), in their numbers' order. */
    public <F> SearchApi.Found<F> find(SearchApi.Query<F> query) {
        Map<String, Map<String, String>> byMessage = ids.numbered(query.vendor(), Provider.SEQ, query.conversation());
        String[] messageIds = byMessage.keySet().toArray(String[]::new);
        Set<String> recalled = recalls.recalledAmong(messageIds);
        Map<String, CanonicalMessage> kept = messages.loadAll(messageIds);
        List<SearchApi.Numbered> found = new ArrayList<>(byMessage.size());
        byMessage.forEach((id, vendorIds) -> {
            CanonicalMessage m = kept.get(id);
            String seq = vendorIds.get(Provider.SEQ);
            if (m != null) {
                found.add(new SearchApi.Numbered(m, Long.parseLong(seq.substring(seq.lastIndexOf('#') + 1)), vendorIds,
                        recalled.contains(id)));
            }
        });
        // one conversation's in their numbers' order; of several, each conversation's so, in the order accepted
        if (query.conversation() != null) {
            found.sort(Comparator.comparingLong(SearchApi.Numbered::seq));
        }
        return new SearchApi.Found<>(query, found);
    }
}
