package io.imbridge.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.OnCamelContextStopped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.ErrorCategory;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

/**
 * The Vert.x instance the platform-http server runs on, found by type in the registry. Camel builds its server
 * with Vert.x's default options, which cut a request line at 4 KiB and an HTTP/2 header list at 8 KiB (a MyChat
 * {@code GET /API/?data=…} carrying a few hundred percent-encoded Cyrillic characters is longer), never close an idle
 * connection, and wait for a request's headers as long as a client trickles them. Vert.x's own {@link VertxWrapper}
 * lets this instance set those options, and watch the connections, when the server is made. It also holds the gate
 * in front of every request: closed until the bridge has started (see {@link #open}), and a declared body larger than
 * any provider accepts refused before it is read.
 */
@BindToRegistry("httpServerVertx")
public class HttpServerLimits extends VertxWrapper implements CamelContextAware, OnCamelContextStopped {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerLimits.class);

    /**
     * Vert.x's worker threads, on which platform-http runs every request's route (Vert.x's default is 20). A bridged
     * request holds its worker while the target answers, so the workers bound the requests under way at once: with
     * the default, 20 slow target calls stalled everything else, and the in-process sandboxes — whose requests need
     * workers of their own — never got one once 20 bridged requests waited on them (40 concurrent callers: ~1 answer
     * per second, the rest timed out). Threads are made as requests come, up to this many.
     */
    static final int WORKER_THREADS = 100;

    private CamelContext context;

    public HttpServerLimits() {
        super((VertxInternal) Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKER_THREADS)));
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
        HttpServer server = super.createHttpServer(tuned);
        headerTimeoutMs = intProperty("bridge.http.header-timeout-ms", 20_000);
        server.connectionHandler(this::awaitFirstHeaders);
        return watchingRequests(server);
    }

    // ---- a connection's first request must bring its headers within bridge.http.header-timeout-ms ---------------

    private final Map<HttpConnection, Long> headerTimers = new ConcurrentHashMap<>();
    private volatile long headerTimeoutMs = 20_000;

    /**
     * A client that opens a connection and trickles its request's headers (slowloris) is cut off. Only the first
     * request of a connection is watched; a kept-alive connection is then held to the idle timeout.
     */
    private void awaitFirstHeaders(HttpConnection conn) {
        headerTimers.put(conn, delegate.setTimer(headerTimeoutMs, fired -> {
            if (headerTimers.remove(conn) != null) {
                conn.close();
            }
        }));
        conn.closeHandler(closed -> headersIn(conn));
    }

    private void headersIn(HttpConnection conn) {
        Long timer = headerTimers.remove(conn);
        if (timer != null) {
            delegate.cancelTimer(timer);
        }
    }

    /**
     * The server, seen through its request handler (set by Camel after this): every request — the vendor APIs, the
     * sandboxes, health and metrics — tells its connection's clock that its headers are in.
     */
    @SuppressWarnings("unchecked")
    private HttpServer watchingRequests(HttpServer real) {
        return (HttpServer) Proxy.newProxyInstance(HttpServer.class.getClassLoader(), new Class<?>[]{HttpServer.class},
                (proxy, method, args) -> {
                    if ("requestHandler".equals(method.getName()) && args != null && args.length == 1) {
                        Handler<HttpServerRequest> handler = (Handler<HttpServerRequest>) args[0];
                        real.requestHandler(request -> {
                            headersIn(request.connection());
                            if (!open) {
                                // the port opens before the routes and the crash recovery are in place
                                refuse(request, ErrorCategory.UNAVAILABLE, "the bridge is starting, try again shortly");
                            } else if (declaredLength(request) > maxBodyBytes) {
                                // refused before a byte of it is read (the server would buffer it first)
                                refuse(request, ErrorCategory.TOO_LARGE, "request body over " + maxBodyBytes + " bytes");
                            } else {
                                handler.handle(request);
                            }
                        });
                        return proxy;
                    }
                    try {
                        Object result = method.invoke(real, args);
                        return result == real ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ---- the gate: nothing is answered by a half-started bridge ------------------------------------------------

    private volatile boolean open;
    private volatile long maxBodyBytes = Long.MAX_VALUE;
    private volatile EdgeReplies edgeReplies;

    /**
     * Lets requests through: every handler, and the recovery of the last process's work, are in place. Until then
     * every request, health included, is answered "unavailable" in its provider's dialect (a retriable server error).
     */
    public void open(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.open = true;
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the server itself refuses an unreadable length
        }
    }

    private void refuse(HttpServerRequest request, ErrorCategory category, String reason) {
        EdgeReplies replies = edgeReplies;
        if (replies == null && context != null) {
            replies = context.getRegistry().findSingleByType(EdgeReplies.class);
            edgeReplies = replies;
        }
        if (replies != null) {
            replies.refuse(request, category, reason);
        } else {
            request.handler(ignored -> { });
            request.response().setStatusCode(503).end();
        }
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
