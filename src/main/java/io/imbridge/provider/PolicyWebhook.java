package io.imbridge.provider;

import org.apache.camel.Exchange;

/**
 * An optional ability: the provider calls the bridge before (or after) one of its users sends a message, and acts
 * on the answer (Tencent's {@code C2C.CallbackBeforeSendMsg}). The provider's route for it reads the call with these
 * steps, and converts with its own {@code <provider>:callback-request} and {@code :callback-reply} transformers.
 */
public interface PolicyWebhook {

    /** The call's credentials (app id, signature), checked before its body is read. */
    void authenticateCallback(Exchange exchange);

    /** The operator's content rules (discard, replace) applied to the canonical message. */
    void applyContentRules(Exchange exchange);

    /** Whether the message is to be bridged (a discard rule says not). */
    boolean shouldBridge(Exchange exchange);

    /** The primary delivery failed while the provider waits: its answer will say so, by the failure policy. */
    void callbackDeliveryFailed(Exchange exchange);

    /** Whether a failed delivery goes on being tried after the provider was answered (the allow policy). */
    boolean keepDelivering(Exchange exchange);
}
