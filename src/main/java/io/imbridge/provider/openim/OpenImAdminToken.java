package io.imbridge.provider.openim;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.TargetAnswers;

/**
 * The admin token the bridge presents to its OpenIM target: fetched from {@code get_admin_token} by the route
 * {@code openim-admin-token} when a call finds none (or one about to expire), cached until shortly before it expires,
 * renewed once when OpenIM refuses it (1501–1507). Knowledge and the cache only: the routes make the calls.
 */
public class OpenImAdminToken {

    /** The header OpenIM reads the admin token from. */
    static final String HEADER = "token";
    /** Renew this long before the announced expiry. */
    static final long MARGIN_MS = 60_000;

    @PropertyInject(value = "bridge.openim.secret", defaultValue = "sandbox-openim-secret")
    String secret;
    @PropertyInject(value = "bridge.openim.admin-user-id", defaultValue = "imAdmin")
    String adminUserId;

    private String token;
    private long expiresAt;



    /** Whether a call needs a token fetched first: none is cached, or it is about to expire. */
    public synchronized boolean needsToken(Exchange exchange) {
        return token == null || System.currentTimeMillis() >= expiresAt - MARGIN_MS;
    }

    /** The cached admin token when it is not about to expire, else null (a call without one fetches one first). */
    public synchronized String fresh() {
        return token == null || System.currentTimeMillis() >= expiresAt - MARGIN_MS ? null : token;
    }

    /** Puts the cached admin token in the call's {@code token} header. */
    public void apply(Exchange exchange) {
        String current;
        synchronized (this) {
            current = token;
        }
        if (current == null) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, OpenImProvider.NAME, null,
                    "no OpenIM admin token could be had");
        }
        exchange.getMessage().setHeader(HEADER, current);
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

    /** Exchange property: OpenIM refused the token of the call just made (so one renewal may help). */
    public static final String REFUSED = "bridge.openim.token-refused";

    /**
     * Reads whether OpenIM refused the token of the call just made into {@link #REFUSED}, for the route to renew it
     * (a bean step, not a filter's bean expression, which would copy the exchange on every call).
     */
    public void readRefusal(Exchange exchange) {
        var msg = exchange.getMessage();
        String text = msg.getBody(String.class);
        msg.setBody(text); // read once: the reply's reader takes it as it is
        if (text == null || !text.contains("150")) {
            exchange.removeProperty(REFUSED); // no token error code (1501-1507) in it: not parsed here
            return;
        }
        JsonNode reply = Json.parseOrNull(text);
        exchange.setProperty(REFUSED, reply != null && OpenImError.isTokenError(reply.path("errCode").asInt(0)));
    }

    /** Drops the refused token, fetches a new one and puts the call back on the exchange for a second try. */
    public void renew(Exchange exchange) {
        synchronized (this) {
            token = null;
        }
        exchange.getMessage().setBody(Exchanges.call(exchange).withoutHeader(HEADER));
    }

    /** Reads the get_admin_token answer and keeps its token (until its expiry), or says why there is none. */
    public void readTokenReply(Exchange exchange) {
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
        JsonNode data = reply.get("data");
        long ttl = data.path("expireTimeSeconds").asLong(0);
        synchronized (this) {
            token = data.get("token").asText();
            expiresAt = System.currentTimeMillis() + (ttl > 0 ? ttl * 1000 : 3_600_000);
        }
    }
}
