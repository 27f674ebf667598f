package io.imbridge.provider;

import java.util.Map;

/**
 * One HTTP call a target needs for a message (a target may need several: one per recipient or element). The
 * route names the method and URL; the call brings what varies.
 *
 * @param recipient the recipient this call delivers to
 * @param query     the raw, already encoded query string, or null
 * @param body      the request body, or null
 * @param headers   request headers (auth, tracing)
 * @param key       the call's place among the message's calls to its target (set by {@link Outbound#pending}), or
 *                  null
 */
public record OutboundCall(String recipient, String query, String body, Map<String, String> headers, String key) {
    public OutboundCall {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public OutboundCall(String recipient, String query, String body, Map<String, String> headers) {
        this(recipient, query, body, headers, null);
    }

    /** The call with one more header (replacing one of the same name). */
    public OutboundCall withHeader(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new OutboundCall(recipient, query, body, h, key);
    }

    /** The call without the header {@code name}. */
    public OutboundCall withoutHeader(String name) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.remove(name);
        return new OutboundCall(recipient, query, body, h, key);
    }

    public OutboundCall withKey(String newKey) {
        return new OutboundCall(recipient, query, body, headers, newKey);
    }
}
