package io.imbridge.vendor;

import java.util.Map;

/**
 * One HTTP call a target needs for a message (a target may need several: one per recipient or element). The
 * route names the method and URL; the call brings what varies.
 *
 * @param recipient the recipient this call delivers to
 * @param query     the raw, already encoded query string, or null
 * @param body      the request body, or null
 * @param headers   request headers (auth, tracing)
 */
public record OutboundCall(String recipient, String query, String body, Map<String, String> headers) {
    public OutboundCall {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
