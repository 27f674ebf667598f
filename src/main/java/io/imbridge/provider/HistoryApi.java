package io.imbridge.provider;

import java.util.List;
import java.util.Map;

/**
 * An optional ability: the provider's history API can be paged for a pair of accounts (Tencent
 * {@code v4/openim/admin_getroammsg}, NetEase {@code history/querySessionMsg.action}), so a migration pulls a
 * conversation straight from a live source. The source's address and credentials are given, not the provider's own
 * outbound ones: a source and a target of the same provider may differ.
 */
public interface HistoryApi {

    /**
     * The source: {@code url} (the base URL, as the provider's {@code bridge.<provider>.url}) and the provider's own
     * credential names ({@code sdkappid}, {@code admin}, {@code secret-key}; {@code app-key}, {@code app-secret}),
     * read from {@code bridge.migrate.source.*}.
     */
    record Source(String url, Map<String, String> credentials) {
        public Source {
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        }

        public String credential(String name) {
            return credentials.get(name);
        }
    }

    /**
     * Where a pair's paging stands: the pair, the window (ms since the epoch, {@code until} exclusive; 0 and
     * {@link Long#MAX_VALUE} when open) and the provider's own continuation (Tencent's {@code LastMsgTime} and
     * {@code LastMsgKey}; NetEase's next {@code endtime}), null for the first page.
     */
    record Cursor(String from, String to, long since, long until, Map<String, String> next) {
        public Cursor {
            next = next == null ? null : Map.copyOf(next);
        }
    }

    /**
     * One HTTP call of the history API: POSTed to {@code url} (the source's base URL with the provider's path),
     * with {@code query} (already encoded, or null), {@code headers} and {@code body}. Made just before it is sent,
     * so signatures and timestamps are fresh.
     */
    record Request(String url, String query, Map<String, String> headers, String body) {
        public Request {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    /**
     * One page's messages (in the order the page lists them) and the cursor of the next page, or null when the
     * pair's history is complete.
     */
    record Page(List<HistoryItem> items, Cursor next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * The credential names the source needs, read from {@code bridge.migrate.source.<name>} (Tencent {@code sdkappid},
     * {@code admin}, {@code secret-key}; NetEase {@code app-key}, {@code app-secret}).
     */
    default List<String> sourceCredentials() {
        return List.of();
    }

    /** The most history calls per second the provider allows (Tencent 200). */
    int maxHistoryCallsPerSecond();

    /** The call for the page {@code cursor} stands at. */
    Request historyRequest(Source source, Cursor cursor);

    /**
     * Reads the answer (HTTP status and body) to {@link #historyRequest}: the page, or a
     * {@link io.imbridge.canonical.BridgeException} of the category its error code means.
     */
    Page readHistoryPage(Cursor cursor, int status, String body);
}
