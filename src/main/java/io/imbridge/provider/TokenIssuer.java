package io.imbridge.provider;

import org.apache.camel.Exchange;

/**
 * An optional ability: the bridge hands out the provider's API tokens to its clients (OpenIM's
 * {@code /auth/get_admin_token}), so a client that logs in first works unchanged.
 */
public interface TokenIssuer {

    /** Checks the client's secret and answers a token the bridge's send API then accepts. */
    void issueAdminToken(Exchange exchange);
}
