package io.imbridge.provider.tencent;

import org.apache.camel.BeanInject;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import io.imbridge.provider.ProviderTransformers;

/**
 * Tencent's shapes as Camel data type transformers, bound in the registry under their names, so a route converts
 * with {@code transformDataType: {toType: tencent:…}}. They convert only (the knowledge is {@link TencentProvider}'s);
 * credentials are the route's {@code tencent.authenticate} step.
 */
public final class TencentTransformers {

    private TencentTransformers() {
    }

    /** A {@code v4/openim/sendmsg} body → the canonical message. */
    @DataTypeTransformer(name = "tencent:send-request", description = "Tencent send request to canonical message")
    public static class SendRequest extends ProviderTransformers.SendRequest {
    }

    /** The delivery report → {@code ActionStatus OK} with {@code MsgTime} and {@code MsgKey}. */
    @DataTypeTransformer(name = "tencent:send-reply", description = "delivery report to Tencent send reply")
    public static class SendReply extends ProviderTransformers.SendReply {
    }

    /** A failure → {@code ActionStatus FAIL} with {@code ErrorCode} and {@code ErrorInfo} (always HTTP 200). */
    @DataTypeTransformer(name = "tencent:error", description = "failure to Tencent error envelope")
    public static class ErrorReply extends ProviderTransformers.ErrorReply {
    }

    /** The canonical message → one sendmsg per recipient, its query signed with the admin's UserSig, as delivered. */
    @DataTypeTransformer(name = "tencent:outbound-request", description = "canonical message to Tencent request")
    public static class OutboundRequest extends ProviderTransformers.OutboundRequest {
    }

    /** A C2C.CallbackBeforeSendMsg / AfterSendMsg body → the canonical message. */
    @DataTypeTransformer(name = "tencent:callback-request", description = "Tencent webhook callback to canonical message")
    public static class CallbackRequest extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider.readCallback(message.getExchange()));
        }
    }

    /** The webhook's outcome → its answer: 0 (with a modified MsgBody), 2 discarded, or 120001+ refused. */
    @DataTypeTransformer(name = "tencent:callback-reply", description = "webhook outcome to Tencent callback answer")
    public static class CallbackReply extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyCallback(message.getExchange());
        }
    }

    /** The canonical message → its calls, as the delivery makes them ({@code provider-deliver}). */
    @DataTypeTransformer(name = "tencent:outbound-calls", description = "canonical message to Tencent calls")
    public static class OutboundCalls extends ProviderTransformers.OutboundCalls {
    }

    /** The target's answer to one call → its receipt, or the typed failure ({@code provider-deliver}). */
    @DataTypeTransformer(name = "tencent:outbound-reply", description = "tencent answer to a delivery receipt")
    public static class OutboundReply extends ProviderTransformers.OutboundReply {
    }

    /** A tencent recall request → the canonical recalls it makes (route template {@code provider-recall}). */
    @DataTypeTransformer(name = "tencent:recall-request", description = "tencent recall request to canonical recalls")
    public static class RecallRequest extends ProviderTransformers.RecallRequest {
    }

    /** The recalls' results → the tencent recall reply. */
    @DataTypeTransformer(name = "tencent:recall-reply", description = "recall results to tencent recall reply")
    public static class RecallReply extends ProviderTransformers.RecallReply {
    }

    /** The target's answer to one recall call → nothing, or the typed failure ({@code provider-recall-deliver}). */
    @DataTypeTransformer(name = "tencent:recall-outcome", description = "tencent answer to a recall call")
    public static class RecallOutcome extends ProviderTransformers.RecallOutcome {
    }
}
