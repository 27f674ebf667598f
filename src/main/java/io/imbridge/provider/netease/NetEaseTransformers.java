package io.imbridge.provider.netease;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Conversions;

/**
 * NetEase's shapes as Camel data type transformers, bound in the registry under their names, so a route converts with
 * {@code transformDataType: {toType: netease:…}}. They convert only: credentials are the route's
 * {@code netease.authenticate} step.
 */
public final class NetEaseTransformers {

    private NetEaseTransformers() {
    }

    /** A sendMsgToSomeone form → the canonical message. */
    @BindToRegistry("netease:send-request")
    @DataTypeTransformer(name = "netease:send-request", description = "NetEase send request to canonical message")
    public static class SendRequest extends Transformer {
        @BeanInject(NetEaseProvider.NAME)
        NetEaseProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider.readSend(message.getExchange()));
        }
    }

    /** The delivery report (the body, else the primary's) → {@code code 200} with the seed reply's {@code desc}, HTTP 200. */
    @BindToRegistry("netease:send-reply")
    @DataTypeTransformer(name = "netease:send-reply", description = "delivery report to NetEase send reply")
    public static class SendReply extends Transformer {
        @BeanInject(NetEaseProvider.NAME)
        NetEaseProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replySent(message.getExchange());
        }
    }

    /** A failure (the body, else the caught exception) → NetEase's {@code code}/{@code desc} envelope and HTTP status. */
    @BindToRegistry("netease:error")
    @DataTypeTransformer(name = "netease:error", description = "failure to NetEase error envelope")
    public static class ErrorReply extends Transformer {
        @BeanInject(NetEaseProvider.NAME)
        NetEaseProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyError(message.getExchange(), Conversions.failure(message));
        }
    }

    /** The canonical message → NetEase's sendMsgToSomeone form post(s), 100 recipients each, with AppKey/Nonce/CurTime/CheckSum headers, as delivered. */
    @BindToRegistry("netease:outbound-request")
    @DataTypeTransformer(name = "netease:outbound-request", description = "canonical message to NetEase request")
    public static class OutboundRequest extends Transformer {
        @BeanInject(NetEaseProvider.NAME)
        NetEaseProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            message.getMandatoryBody(CanonicalMessage.class);
            Conversions.requests(message, provider.calls(message.getExchange()));
        }
    }
}
