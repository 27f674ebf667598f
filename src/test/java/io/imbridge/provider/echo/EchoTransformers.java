package io.imbridge.provider.echo;

import org.apache.camel.spi.DataTypeTransformer;

import io.imbridge.provider.ProviderTransformers;

/** The echo provider's one conversion the delivery template needs: a message to its calls. */
public final class EchoTransformers {

    private EchoTransformers() {
    }
    @DataTypeTransformer(name = "echo:outbound-calls", description = "canonical message to echo calls")
    public static class OutboundCalls extends ProviderTransformers.OutboundCalls {
    }

    /** The target's answer to one call → its receipt, or the typed failure ({@code provider-deliver}). */
    @DataTypeTransformer(name = "echo:outbound-reply", description = "echo answer to a delivery receipt")
    public static class OutboundReply extends ProviderTransformers.OutboundReply {
    }
}
