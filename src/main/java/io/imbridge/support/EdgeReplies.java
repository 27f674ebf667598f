package io.imbridge.support;

import io.imbridge.canonical.ErrorCategory;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request at the HTTP edge, before any route has it — while the bridge is starting, or when its declared
 * body is larger than any provider accepts — in the dialect the request's path belongs to, never with a bare page.
 */
public interface EdgeReplies {

    /** Ends the request's response with {@code category}'s answer; the request's body, if any, is discarded. */
    void refuse(HttpServerRequest request, ErrorCategory category, String reason);
}
