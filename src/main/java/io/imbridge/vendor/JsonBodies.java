package io.imbridge.vendor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.OnCamelContextStarted;

import io.vertx.core.http.HttpHeaders;

/**
 * Tencent's and OpenIM's servers read the body as JSON whatever the Content-Type, and many clients post JSON with
 * curl's or PHP's default {@code application/x-www-form-urlencoded}. The HTTP server would parse such a body as a
 * form and lose it, so for the paths of vendors with {@link Vendor#jsonBodies()} (their inbound API and their
 * sandbox) a form Content-Type is read as JSON, before any route sees the request.
 */
@BindToRegistry("jsonBodies")
public class JsonBodies implements OnCamelContextStarted {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JsonBodies.class);

    @Override
    public void onContextStarted(CamelContext context) {
        List<String> prefixes = new ArrayList<>();
        for (Vendor v : context.getRegistry().findByType(Vendor.class)) {
            if (v.jsonBodies()) {
                prefixes.add("/" + v.name() + "/");
                prefixes.add("/sandbox/" + v.name() + "/");
            }
        }
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        // the router's registry name carries the port unless it is the default one
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (prefixes.isEmpty()) {
            return;
        }
        if (router == null) {
            LOG.warn("no platform-http router found: JSON posted as a form to {} will not be read", prefixes);
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                String path = ctx.normalizedPath();
                for (String p : prefixes) {
                    if (path.startsWith(p)) {
                        ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
                        break;
                    }
                }
            }
            ctx.next();
        });
    }
}
