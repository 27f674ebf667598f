package io.imbridge.observe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Secrets;

/**
 * Guards {@code /admin/…} and the sandboxes' read API: {@code Authorization: Bearer <bridge.admin.token>}; with no
 * token configured, only callers on the loopback interface are served.
 */
@BindToRegistry("adminAuth")
public class AdminAuth {

    @PropertyInject(value = "bridge.admin.token", defaultValue = "")
    String token;

    /** Whether the caller may go on; if not, the exchange already holds a 401/403 reply. */
    public boolean allowed(Exchange exchange) {
        if (token != null && !token.isBlank()) {
            String auth = exchange.getMessage().getHeader("Authorization", String.class);
            String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
            if (Secrets.equal(token, presented)) {
                return true;
            }
            Exchanges.replyJson(exchange, 401, Map.of("error", "admin token required"));
            return false;
        }
        if (isLoopback(exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress"))) {
            return true;
        }
        Exchanges.replyJson(exchange, 403, Map.of("error", "set bridge.admin.token to use this from another host"));
        return false;
    }

    /**
     * Whether the console's page itself (no data in it) may be served: to anyone when a token is set, since a browser
     * cannot send the token with a page load and the page asks for it before it reads anything; else to loopback.
     */
    public boolean pageAllowed(Exchange exchange) {
        if (token != null && !token.isBlank()) {
            return true;
        }
        return allowed(exchange);
    }

    static boolean isLoopback(Object remote) {
        if (remote == null) {
            return false;
        }
        String host = remote instanceof io.vertx.core.net.SocketAddress a ? a.host() : remote.toString();
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
