package io.imbridge.migrate;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.provider.HistoryApi;

/**
 * The steps of one page of a live pull (route {@code migrate-pull-page}): the provider's history call put on the
 * exchange, and its answer read into the page. The provider, the source and the cursor travel in the body
 * ({@link PageCall}), so nothing here is shared between pairs pulled at once.
 */
@BindToRegistry("historyPull")
public class HistoryPull {

    /** Exchange property: the page call being made. */
    static final String CALL = "bridge.historyCall";

    /** A page to fetch: from {@code api} at {@code source}, where {@code cursor} stands. */
    public record PageCall(HistoryApi api, HistoryApi.Source source, HistoryApi.Cursor cursor) {
    }

    public int maxCallsPerSecond(Exchange exchange) {
        PageCall call = exchange.getProperty(CALL, PageCall.class);
        return (call != null ? call : exchange.getMessage().getBody(PageCall.class)).api().maxHistoryCallsPerSecond();
    }

    /** The page's HTTP call (a POST to the provider's history path under the source's URL). */
    public void request(Exchange exchange) {
        PageCall call = exchange.getMessage().getBody(PageCall.class);
        exchange.setProperty(CALL, call);
        HistoryApi.Request r = call.api().historyRequest(call.source(), call.cursor());
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        r.headers().forEach(msg::setHeader);
        msg.setHeader(Exchange.HTTP_METHOD, "POST");
        msg.setHeader(Exchange.HTTP_URI, r.url());
        if (r.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, r.query());
        }
        msg.setBody(r.body());
    }

    /** The answer read: the body becomes the {@link HistoryApi.Page}. */
    public HistoryApi.Page page(Exchange exchange) {
        PageCall call = exchange.getProperty(CALL, PageCall.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return call.api().readHistoryPage(call.cursor(), status, exchange.getMessage().getBody(String.class));
    }
}
