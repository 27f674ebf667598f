package io.imbridge.provider;

import java.util.List;
import java.util.Locale;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.http.HttpHeaders;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.support.EdgeReplies;

/**
 * The vendors' servers read their request bodies themselves: Tencent's and OpenIM's as JSON whatever the
 * Content-Type (curl and PHP post JSON as {@code application/x-www-form-urlencoded}), MyChat's and NetEase's forms
 * by their own rules. The HTTP server would parse form and multipart bodies first — losing a JSON body, or answering
 * a malformed one with its own plain "Bad Request" instead of the vendor's error. So on every vendor path (the
 * inbound API and the sandbox) such a body is handed on raw, its Content-Type kept in {@value #ORIGINAL_TYPE}.
 */
@BindToRegistry("rawBodies")
public class RawBodies {

    /** The Content-Type the client sent, when it was set aside. */
    public static final String ORIGINAL_TYPE = "X-Bridge-Original-Content-Type";

    private static final Logger LOG = LoggerFactory.getLogger(RawBodies.class);

    /**
     * Installs the handlers on the platform-http router, in front of the routes; called at start, before the HTTP
     * gate opens (until then the server parses bodies itself, so no request may reach a route).
     */
    public void install(CamelContext context) {
        ProviderPaths paths = new ProviderPaths(List.copyOf(context.getRegistry().findByType(Provider.class)));
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        // the router's registry name carries the port unless it is the default one
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null && !"false".equals(context.getPropertiesComponent().resolveProperty("camel.server.enabled")
                .orElse("true").trim())) {
            LOG.warn("no platform-http router found: form and multipart bodies will be parsed by the HTTP server");
        }
        if (router == null) {
            // no HTTP server (the migrate and replay commands): nothing to install
            return;
        }
        // a client that trickles its request is cut off (408) instead of holding a worker
        long timeout = Long.parseLong(context.getPropertiesComponent()
                .resolveProperty("bridge.http.request-timeout-ms").orElse("30000"));
        router.route().order(Integer.MIN_VALUE).handler(io.vertx.ext.web.handler.TimeoutHandler.create(timeout, 408));
        // a body without a declared length, cut off by the server at camel.server.max-body-size: the vendor's "too large"
        EdgeReplies edge = context.getRegistry().findSingleByType(EdgeReplies.class);
        if (edge != null) {
            router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
                if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                    edge.refuse(ctx.request(), ErrorCategory.TOO_LARGE,
                            "request body over " + Exchanges.MAX_BODY_BYTES + " bytes");
                } else {
                    ctx.next();
                }
            });
        }

        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String query = ctx.request().query();
            if (query != null && hasBadEscape(query)) {
                // the HTTP server would answer a bare 400 (and log a stack trace); the vendor's checks answer instead
                // (a broken escape in the path fails the server's routing before any handler: a bare 400)
                ctx.reroute(ctx.request().method(), ctx.request().path() + "?" + literalPercents(query));
                return;
            }
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                Provider provider = paths.of(ctx.normalizedPath());
                if (provider != null) {
                    ctx.request().headers().set(ORIGINAL_TYPE, type);
                    ctx.request().headers().set(HttpHeaders.CONTENT_TYPE,
                            provider.jsonBodies() ? "application/json" : "application/octet-stream");
                }
            }
            ctx.next();
        });
    }

    /** A '%' not followed by two hex digits: the query can't be decoded. */
    static boolean hasBadEscape(String query) {
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
            if (i + 2 >= query.length() || !isHex(query.charAt(i + 1)) || !isHex(query.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    /** Such a '%' taken literally (as %25), as lenient servers read it; valid escapes are kept. */
    static String literalPercents(String query) {
        StringBuilder out = new StringBuilder(query.length() + 8);
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            boolean valid = c != '%' || (i + 2 < query.length() && isHex(query.charAt(i + 1)) && isHex(query.charAt(i + 2)));
            out.append(valid ? String.valueOf(c) : "%25");
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether the client sent the body as a URL-encoded form. */
    public static boolean wasForm(org.apache.camel.Message message) {
        String original = message.getHeader(ORIGINAL_TYPE, String.class);
        String type = original != null ? original : message.getHeader(org.apache.camel.Exchange.CONTENT_TYPE, String.class);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
