package io.imbridge.provider.mychat;

import org.apache.camel.spi.DataTypeTransformer;

import io.imbridge.provider.ProviderTransformers;

/**
 * MyChat's shapes as Camel data type transformers, bound in the registry under their names, so a route converts
 * with {@code transformDataType: {toType: mychat:…}}. They convert only (the knowledge is {@link MyChatProvider}'s);
 * credentials are the route's {@code mychat.authenticate} step.
 */
public final class MyChatTransformers {

    private MyChatTransformers() {
    }

    /** A 0002 command ({@code ?data=}, a form field {@code data} or a JSON body; a route of one's own may hand over the JSON as the body) → the canonical message. */
    @DataTypeTransformer(name = "mychat:send-request", description = "MyChat send request to canonical message")
    public static class SendRequest extends ProviderTransformers.SendRequest {
    }

    /** The delivery report → the 0002 work result ({@code cmd}, {@code context}, {@code UINTo}, {@code State}), HTTP 200. */
    @DataTypeTransformer(name = "mychat:send-reply", description = "delivery report to MyChat send reply")
    public static class SendReply extends ProviderTransformers.SendReply {
    }

    /** A failure → the 0001 error envelope ({@code evocator}, {@code error}, {@code Desc}) and HTTP status. */
    @DataTypeTransformer(name = "mychat:error", description = "failure to MyChat error envelope")
    public static class ErrorReply extends ProviderTransformers.ErrorReply {
    }

    /** The canonical message → one {@code GET /API/?data=} per recipient (the body null, the command in {@code CamelHttpQuery}), as delivered. */
    @DataTypeTransformer(name = "mychat:outbound-request", description = "canonical message to MyChat request")
    public static class OutboundRequest extends ProviderTransformers.OutboundRequest {
    }

    /** The canonical message → its calls, as the delivery makes them ({@code provider-deliver}). */
    @DataTypeTransformer(name = "mychat:outbound-calls", description = "canonical message to MyChat calls")
    public static class OutboundCalls extends ProviderTransformers.OutboundCalls {
    }

    /** The target's answer to one call → its receipt, or the typed failure ({@code provider-deliver}). */
    @DataTypeTransformer(name = "mychat:outbound-reply", description = "mychat answer to a delivery receipt")
    public static class OutboundReply extends ProviderTransformers.OutboundReply {
    }

    /** The target's answer to one recall call → nothing, or the typed failure ({@code provider-recall-deliver}). */
    @DataTypeTransformer(name = "mychat:recall-outcome", description = "mychat answer to a recall call")
    public static class RecallOutcome extends ProviderTransformers.RecallOutcome {
    }
}
