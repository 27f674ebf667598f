package io.imbridge.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;

/**
 * The one class of exchange property names the routes, the providers and the core share, and the one way to write
 * an HTTP reply. The core's delivery state is one typed record under {@link #DELIVERY}.
 */
public final class Exchanges {

    /** The vendor whose dialect the caller speaks. */
    public static final String SOURCE = "bridge.source";
    /** The canonical message as accepted from the caller. */
    public static final String MESSAGE = "bridge.message";
    /** Facts of the caller's request that its reply echoes (MyChat context, OpenIM operationID, …). */
    public static final String INBOUND = "bridge.inbound";
    /** The primary target's report. */
    public static final String REPORT = "bridge.report";
    /** The outbound call the current HTTP answer belongs to. */
    public static final String CALL = "bridge.call";
    /** Where the message goes: its source's primary and mirrors (the core's Router.Plan). */
    public static final String PLAN = "bridge.plan";
    /** The message's delivery to one target, the core's state while it crosses the routes (a typed record). */
    public static final String DELIVERY = "bridge.delivery";
    /** Header: the try of a delivery the provider's calls are made for (1 for the first). */
    public static final String ATTEMPT = "BridgeAttempt";
    /** The caller's idempotency key, the first request's reply for a repeated one, a resend continuing a message. */
    public static final String IDEMPOTENCY_KEY = "bridge.idempotencyKey";
    public static final String REPLAY = "bridge.replay";
    /** Exchange property: the request's key was claimed (a route that claims early is not claimed again). */
    public static final String CLAIMED = "bridge.claimed";
    public static final String RESUMED = "bridge.resumed";
    /**
     * The delivery's message is not in the store yet (an event from outside the bridge, an entry another instance
     * accepted): its delivery's next write records it too (see MessageRecords).
     */
    public static final String UNRECORDED = "bridge.unrecorded";

    /**
     * The first recipient's ids at the source provider as the accounts file lists them — a group message's, which
     * names no recipient, the sender's — (empty when it does not know the party): set by the core before the reply,
     * so a provider's reply can name the party its own way (MyChat's UINTo, a 0004's UINFrom) without reading
     * routing state.
     */
    public static final String RECIPIENT_ALIASES = "bridge.recipientAliases";

    /** Ids the caller's reply gave it (Tencent MsgKey, OpenIM serverMsgID…), to find the message by later. */
    public static final String CALLER_IDS = "bridge.callerIds";

    /**
     * The largest request body any vendor endpoint reads (1 MiB); a larger one is the caller's "too large" in its own
     * dialect: refused at the HTTP edge when its Content-Length says so, cut off by the server at
     * camel.server.max-body-size (set to the same) when it has none.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private Exchanges() {
    }

    /** Refuses a request with another HTTP method as malformed, in the caller's dialect (not a bare 405). */
    /** "no such API here: <path>", the path without its query (which may carry credentials), at most 200 chars. */
    public static String unknownApi(Exchange exchange) {
        String path = path(exchange);
        return "no such API here: " + (path.length() > 200 ? path.substring(0, 200) : path);
    }

    /** The path the caller called, without its query (an API that shares its route's shape with others). */
    public static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    public static void requireMethod(Exchange exchange, String... allowed) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(method)) {
                return;
            }
        }
        throw new BridgeException(ErrorCategory.MALFORMED,
                "HTTP method " + method + " is not allowed here");
    }

    /** The request body as text, refused as too large past {@link #MAX_BODY_BYTES}. */
    public static String body(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null) {
            return null;
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw new BridgeException(ErrorCategory.TOO_LARGE,
                    "request body over " + MAX_BODY_BYTES + " bytes");
        }
        return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static CanonicalMessage message(Exchange exchange) {
        return exchange.getProperty(MESSAGE, CanonicalMessage.class);
    }

    /** Remembers an id the caller's reply hands out, so the ID map knows it. */
    @SuppressWarnings("unchecked")
    public static void callerId(Exchange exchange, String name, String value) {
        Map<String, String> ids = exchange.getProperty(CALLER_IDS, Map.class);
        if (ids == null) {
            ids = new java.util.LinkedHashMap<>();
            exchange.setProperty(CALLER_IDS, ids);
        }
        ids.put(name, value);
    }

    /** The outbound call the current HTTP answer belongs to (a provider's receipt names its recipient). */
    public static OutboundCall call(Exchange exchange) {
        return exchange.getProperty(CALL, OutboundCall.class);
    }

    /** The recipient of the call the current HTTP answer belongs to; null outside a delivery (a user's route). */
    public static String callRecipient(Exchange exchange) {
        OutboundCall call = call(exchange);
        return call == null ? null : call.recipient();
    }

    public static DeliveryReport report(Exchange exchange) {
        return exchange.getProperty(REPORT, DeliveryReport.class);
    }

    /** The report of the delivery just made (the delivery route's body), else the exchange's report. */
    public static DeliveryReport reportOnHand(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof DeliveryReport r ? r : report(exchange);
    }

    @SuppressWarnings("unchecked")
    public static List<String> recipientAliases(Exchange exchange) {
        List<String> aliases = exchange.getProperty(RECIPIENT_ALIASES, List.class);
        return aliases == null ? List.of() : aliases;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> inbound(Exchange exchange) {
        Map<String, Object> m = exchange.getProperty(INBOUND, Map.class);
        return m == null ? Map.of() : m;
    }

    /**
     * Replaces the message with an HTTP reply. Inbound headers are dropped first: platform-http would send them
     * back as response headers (query parameters and form fields included). The body is its UTF-8 bytes in a
     * {@link ByteBuffer}: platform-http sends that with its Content-Length from the event loop, where it sends text
     * chunked (which the caller's HTTP client then has to read as a stream) and a {@code byte[]} by converting it to a
     * stream that a worker thread copies out in pieces.
     */
    public static void reply(Exchange exchange, int status, String contentType, String body) {
        replyBytes(exchange, status, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public static void replyJson(Exchange exchange, int status, Object body) {
        replyBytes(exchange, status, "application/json; charset=utf-8", Json.bytes(body));
    }

    private static void replyBytes(Exchange exchange, int status, String contentType, byte[] body) {
        var msg = exchange.getMessage();
        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, contentType);
        msg.setBody(body == null ? null : ByteBuffer.wrap(body));
    }

    /** The text of a reply made by {@link #reply} (its UTF-8 bytes), or of any other body. */
    public static String replyText(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ByteBuffer b && b.hasArray()) { // read whole, wherever a writer left its position
            return new String(b.array(), b.arrayOffset(), b.limit(), StandardCharsets.UTF_8);
        }
        return body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : exchange.getMessage().getBody(String.class);
    }
}
