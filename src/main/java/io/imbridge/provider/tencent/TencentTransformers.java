package io.imbridge.provider.tencent;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Conversions;

/**
 * Tencent's shapes as Camel data type transformers, bound in the registry under their names, so a route converts with
 * {@code transformDataType: {toType: tencent:…}}. They convert only: credentials are the route's
 * {@code tencent.authenticate} step.
 */
public final class TencentTransformers {

    private TencentTransformers() {
    }

    /** A sendmsg body (a v4/openim/sendmsg request) → the canonical message. */
    @BindToRegistry("tencent:send-request")
    @DataTypeTransformer(name = "tencent:send-request", description = "Tencent send request to canonical message")
    public static class SendRequest extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider.readSend(message.getExchange()));
        }
    }

    /** The delivery report (the body, else the primary's) → {@code ActionStatus OK} with MsgTime and MsgKey, HTTP 200. */
    @BindToRegistry("tencent:send-reply")
    @DataTypeTransformer(name = "tencent:send-reply", description = "delivery report to Tencent send reply")
    public static class SendReply extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replySent(message.getExchange());
        }
    }

    /** A failure (the body, else the caught exception) → Tencent's ActionStatus FAIL with ErrorCode and ErrorInfo and HTTP status. */
    @BindToRegistry("tencent:error")
    @DataTypeTransformer(name = "tencent:error", description = "failure to Tencent error envelope")
    public static class ErrorReply extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyError(message.getExchange(), Conversions.failure(message));
        }
    }

    /** The canonical message → Tencent's sendmsg request(s), one per recipient, UserSig-signed query, as delivered. */
    @BindToRegistry("tencent:outbound-request")
    @DataTypeTransformer(name = "tencent:outbound-request", description = "canonical message to Tencent request")
    public static class OutboundRequest extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            Conversions.requests(message, provider.calls(message.getMandatoryBody(CanonicalMessage.class)));
        }
    }

    /** A C2C.CallbackBeforeSendMsg / AfterSendMsg body → the canonical message. */
    @BindToRegistry("tencent:callback-request")
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
    @BindToRegistry("tencent:callback-reply")
    @DataTypeTransformer(name = "tencent:callback-reply", description = "webhook outcome to Tencent callback answer")
    public static class CallbackReply extends Transformer {
        @BeanInject(TencentProvider.NAME)
        TencentProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyCallback(message.getExchange());
        }
    }
}
