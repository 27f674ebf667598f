package io.imbridge.provider;

import org.apache.camel.Exchange;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReport;

/**
 * An optional ability: the bridge serves the provider's send API (route template {@code provider-inbound}), so a
 * client written for the provider sends through the bridge unchanged. Its conversions are the transformers
 * {@code <provider>:send-request}, {@code :send-reply} and {@code :error} (see {@link ProviderTransformers}).
 */
public interface SendApi {

    /** The caller's credentials (key, token, signature), checked before anything in the request is believed. */
    void authenticate(Exchange exchange);

    /**
     * Reads the caller's send request (its credentials checked before) into the canonical message, keeping in
     * {@link Exchanges#INBOUND} what its replies echo.
     */
    CanonicalMessage readSend(Exchange exchange);

    /** Answers the caller of a bridged send request in the provider's dialect; {@code report} is the primary's. */
    void replySent(Exchange exchange, DeliveryReport report);

    /**
     * The key under which a repeated request is recognised (answered as before, delivered once); null when the
     * vendor's request carries nothing to recognise it by.
     */
    default String idempotencyKey(Exchange exchange, CanonicalMessage message) {
        return null;
    }
}
