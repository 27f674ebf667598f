package io.imbridge.support;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.OnCamelContextStopped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

/**
 * The Vert.x instance the platform-http server runs on, found by type in the registry. Camel builds its server
 * with Vert.x's default options, which cut a request line at 4 KiB (an HTTP/2 header list at 8 KiB) (a MyChat {@code GET /API/?data=…} carrying a
 * few hundred percent-encoded Cyrillic characters is longer) and never close an idle connection. Vert.x's own
 * {@link VertxWrapper} lets this instance set those options when the server is made.
 */
@BindToRegistry("httpServerVertx")
public class HttpServerLimits extends VertxWrapper implements CamelContextAware, OnCamelContextStopped {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerLimits.class);

    private CamelContext context;

    public HttpServerLimits() {
        super((VertxInternal) Vertx.vertx());
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        int line = intProperty("bridge.http.max-request-line-bytes", 65536);
        int headers = intProperty("bridge.http.max-header-bytes", 16384);
        HttpServerOptions tuned = new HttpServerOptions(options)
                .setMaxInitialLineLength(line)
                .setMaxHeaderSize(headers)
                .setIdleTimeout(intProperty("bridge.http.idle-timeout-s", 60));
        // a client that upgrades to HTTP/2 (h2c, as Java's HttpClient does) sends the path as a header
        tuned.getInitialSettings().setMaxHeaderListSize(line + headers);
        LOG.debug("HTTP server: request line up to {} bytes, headers {} bytes, idle connections closed after {} s",
                tuned.getMaxInitialLineLength(), tuned.getMaxHeaderSize(), tuned.getIdleTimeout());
        return super.createHttpServer(tuned);
    }

    private int intProperty(String key, int defaultValue) {
        if (context == null) {
            return defaultValue;
        }
        return context.getPropertiesComponent().resolveProperty(key).map(Integer::parseInt).orElse(defaultValue);
    }

    /** Camel closes only the Vert.x instances it made itself; this one is the bridge's. */
    @Override
    public void onContextStopped(CamelContext stopped) {
        delegate.close();
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
