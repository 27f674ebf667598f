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
 * Guards {@code /admin/…}, the console and the sandboxes' read API: {@code Authorization: Bearer <bridge.admin.token>};
 * with no token configured, only callers on the loopback interface, naming it as their Host and sending no Origin
 * of another site, are served.
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
        var in = exchange.getMessage();
        if (isLoopback(in.getHeader("CamelVertxPlatformHttpRemoteAddress"))) {
            // a loopback caller, but maybe a browser driven by some web page: a page of another origin (its Origin)
            // or a name rebound to 127.0.0.1 (its Host) is refused, so no page can read or post through the rule
            String host = host(exchange);
            String origin = in.getHeader("Origin", String.class);
            if (loopbackHost(host) && (origin == null || origin.equals("http://" + host)
                    || origin.equals("https://" + host))) {
                return true;
            }
            Exchanges.replyJson(exchange, 403, Map.of("error",
                    "without bridge.admin.token only this machine's own pages and tools are served (Host "
                            + "localhost, 127.0.0.1 or [::1], no other Origin)"));
            return false;
        }
        Exchanges.replyJson(exchange, 403, Map.of("error", "set bridge.admin.token to use this from another host"));
        return false;
    }

    /** The request's host as its client named it: HTTP/1.1's Host header, HTTP/2's :authority. */
    static String host(Exchange exchange) {
        if (exchange.getIn() instanceof org.apache.camel.component.platform.http.vertx.HttpMessage http
                && http.getRequest() != null) {
            @SuppressWarnings("deprecation")
            String host = http.getRequest().host();
            return host;
        }
        return exchange.getIn().getHeader("Host", String.class);
    }

    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile(":[0-9]{1,5}");

    /** A Host header naming this machine's loopback: localhost, 127.0.0.1 or [::1], with any port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        String port = host.substring(name.length());
        return (name.equalsIgnoreCase("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"))
                && (port.isEmpty() || PORT.matcher(port).matches());
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
