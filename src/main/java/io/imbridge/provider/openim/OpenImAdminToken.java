package io.imbridge.provider.openim;

import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.TargetAnswers;
import io.imbridge.support.ContextBean;

/**
 * The admin token the bridge presents to its OpenIM target: fetched from {@code get_admin_token} (route
 * {@code openim-admin-token}) on first use, cached until shortly before it expires, renewed once when OpenIM
 * refuses it (1501–1507).
 */
@BindToRegistry("openimToken")
public class OpenImAdminToken extends ContextBean {

    /** Renew this long before the announced expiry. */
    static final long MARGIN_MS = 60_000;

    @PropertyInject(value = "bridge.openim.secret", defaultValue = "")
    String secret;
    @PropertyInject(value = "bridge.openim.admin-user-id", defaultValue = "imAdmin")
    String adminUserId;

    private String token;
    private long expiresAt;



    /** Puts a valid admin token in the {@code token} header, fetching one when none is cached. */
    public void apply(Exchange exchange) {
        exchange.getMessage().setHeader("token", current());
    }

    synchronized String current() {
        if (token == null || System.currentTimeMillis() >= expiresAt - MARGIN_MS) {
            fetch();
        }
        return token;
    }

    private void fetch() {
        token = null;
        JsonNode data = template().requestBody("direct:openim-admin-token", null, JsonNode.class);
        token = data.path("token").asText();
        long ttl = data.path("expireTimeSeconds").asLong(0);
        expiresAt = System.currentTimeMillis() + (ttl > 0 ? ttl * 1000 : 3_600_000);
    }

    /** The get_admin_token request body (the route sends it). */
    public String tokenRequest(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        msg.setHeader("operationID", "token-" + BridgeId.next());
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader(Exchange.HTTP_METHOD, "POST");
        return Json.write(Map.of("secret", secret, "userID", adminUserId));
    }

    /** Whether OpenIM refused the token of the call just made (so one renewal may help). */
    public boolean rejected(Exchange exchange) {
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        return reply != null && OpenImError.isTokenError(reply.path("errCode").asInt(0));
    }

    /** Drops the refused token, fetches a new one and puts the call back on the exchange for a second try. */
    public void renew(Exchange exchange) {
        synchronized (this) {
            token = null;
        }
        exchange.getMessage().setBody(Exchanges.call(exchange));
    }

    /** Reads the get_admin_token answer: its {@code data}, or why the bridge cannot have a token. */
    public JsonNode readTokenReply(Exchange exchange) {
        int status = TargetAnswers.status(exchange);
        JsonNode reply = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (reply == null || !reply.isObject() || !reply.path("errCode").canConvertToInt()) {
            throw TargetAnswers.fromStatus(OpenImProvider.NAME, status == 200 ? 502 : status);
        }
        int code = reply.get("errCode").asInt();
        if (code != 0 || !reply.path("data").path("token").isTextual()) {
            ErrorCategory c = OpenImProvider.ERRORS.categoryOf(code);
            // a refused secret or admin id is the bridge's configuration; a failing server stays what it is
            throw new BridgeException(c.serverSide() ? c : ErrorCategory.BRIDGE_CONFIG, OpenImProvider.NAME, code,
                    "openim get_admin_token answered " + code);
        }
        return reply.get("data");
    }
}
