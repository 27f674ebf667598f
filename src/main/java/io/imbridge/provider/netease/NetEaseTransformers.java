package io.imbridge.provider.netease;

import org.apache.camel.spi.DataTypeTransformer;

import io.imbridge.provider.ProviderTransformers;

/**
 * NetEase's shapes as Camel data type transformers, bound in the registry under their names, so a route converts
 * with {@code transformDataType: {toType: netease:…}}. They convert only (the knowledge is {@link NetEaseProvider}'s);
 * credentials are the route's {@code netease.authenticate} step.
 */
public final class NetEaseTransformers {

    private NetEaseTransformers() {
    }

    /** A {@code sendMsgToSomeone.action} form → the canonical message. */
    @DataTypeTransformer(name = "netease:send-request", description = "NetEase send request to canonical message")
    public static class SendRequest extends ProviderTransformers.SendRequest {
    }

    /** The delivery report → the documented reply, {@code code 200} and its {@code desc}. */
    @DataTypeTransformer(name = "netease:send-reply", description = "delivery report to NetEase send reply")
    public static class SendReply extends ProviderTransformers.SendReply {
    }

    /** A failure → the {@code code}/{@code desc} envelope. */
    @DataTypeTransformer(name = "netease:error", description = "failure to NetEase error envelope")
    public static class ErrorReply extends ProviderTransformers.ErrorReply {
    }

    /** The canonical message → one form post per 100 recipients, signed with {@code AppKey}, {@code Nonce}, {@code CurTime}, {@code CheckSum}, as delivered. */
    @DataTypeTransformer(name = "netease:outbound-request", description = "canonical message to NetEase request")
    public static class OutboundRequest extends ProviderTransformers.OutboundRequest {
    }

    /** The canonical message → its calls, as the delivery makes them ({@code provider-deliver}). */
    @DataTypeTransformer(name = "netease:outbound-calls", description = "canonical message to NetEase calls")
    public static class OutboundCalls extends ProviderTransformers.OutboundCalls {
    }

    /** The target's answer to one call → its receipt, or the typed failure ({@code provider-deliver}). */
    @DataTypeTransformer(name = "netease:outbound-reply", description = "netease answer to a delivery receipt")
    public static class OutboundReply extends ProviderTransformers.OutboundReply {
    }

    /** A netease recall request → the canonical recalls it makes (route template {@code provider-recall}). */
    @DataTypeTransformer(name = "netease:recall-request", description = "netease recall request to canonical recalls")
    public static class RecallRequest extends ProviderTransformers.RecallRequest {
    }

    /** The recalls' results → the netease recall reply. */
    @DataTypeTransformer(name = "netease:recall-reply", description = "recall results to netease recall reply")
    public static class RecallReply extends ProviderTransformers.RecallReply {
    }

    /** The target's answer to one recall call → nothing, or the typed failure ({@code provider-recall-deliver}). */
    @DataTypeTransformer(name = "netease:recall-outcome", description = "netease answer to a recall call")
    public static class RecallOutcome extends ProviderTransformers.RecallOutcome {
    }
}
