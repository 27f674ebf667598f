package io.imbridge.provider;

import java.util.List;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.support.ContextBean;
import io.imbridge.support.EdgeReplies;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Edge answers in the vendor's own envelope, code and HTTP status, made by the vendor's {@link Provider#replyError} (its
 * error table): a path under {@code /<vendor>/} or {@code /sandbox/<vendor>/} is that vendor's; health answers DOWN;
 * anything else gets a small JSON error.
 */
@BindToRegistry("providerEdgeReplies")
public class ProviderEdgeReplies extends ContextBean implements EdgeReplies {

    private volatile ProviderPaths paths;

    @Override
    public void refuse(HttpServerRequest request, ErrorCategory category, String reason) {
        // what the client still sends is read and dropped: holding it would stall the connection, keeping it costs memory
        request.handler(ignored -> { });
        Provider vendor = paths().of(request.path());
        int status;
        String type = "application/json; charset=utf-8";
        String body;
        if (vendor != null) {
            Exchange exchange = new DefaultExchange(getCamelContext());
            exchange.setProperty(Exchanges.SOURCE, vendor.name());
            vendor.replyError(exchange, new BridgeException(category, reason));
            status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
            type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, type, String.class);
            body = Exchanges.replyText(exchange);
        } else if (request.path() != null && request.path().startsWith("/observe/health")) {
            status = 503;
            body = "{\"status\":\"DOWN\"}";
        } else {
            status = category == ErrorCategory.TOO_LARGE ? 413 : 503;
            body = Json.write(java.util.Map.of("error", reason));
        }
        if (!request.response().ended()) {
            request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
        }
    }

    /** Made on first use: a flood of refusals does not scan the registry each time. */
    private ProviderPaths paths() {
        ProviderPaths p = paths;
        if (p == null) {
            p = new ProviderPaths(getCamelContext() == null ? List.of()
                    : List.copyOf(getCamelContext().getRegistry().findByType(Provider.class)));
            paths = p;
        }
        return p;
    }
}
