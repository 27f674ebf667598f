package io.imbridge.provider.mychat;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Conversions;

/**
 * MyChat's shapes as Camel data type transformers, bound in the registry under their names, so a route converts with
 * {@code transformDataType: {toType: mychat:…}}. They convert only: credentials are the route's
 * {@code mychat.authenticate} step.
 */
public final class MyChatTransformers {

    private MyChatTransformers() {
    }

    /** A 0002 command (the HTTP request, or its JSON as the body) → the canonical message. */
    @BindToRegistry("mychat:send-request")
    @DataTypeTransformer(name = "mychat:send-request", description = "MyChat 0002 command to canonical message")
    public static class SendRequest extends Transformer {
        @BeanInject(MyChatProvider.NAME)
        MyChatProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider.readSend(message.getExchange()));
        }
    }

    /** The delivery report (the body, else the primary's) → the 0002 work result, HTTP 200. */
    @BindToRegistry("mychat:send-reply")
    @DataTypeTransformer(name = "mychat:send-reply", description = "delivery report to MyChat 0002 work result")
    public static class SendReply extends Transformer {
        @BeanInject(MyChatProvider.NAME)
        MyChatProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replySent(message.getExchange(), Conversions.report(message));
        }
    }

    /** A failure (the body, else the caught exception) → MyChat's 0001 error envelope and HTTP status. */
    @BindToRegistry("mychat:error")
    @DataTypeTransformer(name = "mychat:error", description = "failure to MyChat 0001 error envelope")
    public static class ErrorReply extends Transformer {
        @BeanInject(MyChatProvider.NAME)
        MyChatProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyError(message.getExchange(), Conversions.failure(message));
        }
    }

    /** The canonical message → MyChat's 0002 request(s), one GET {@code ?data=} per recipient, as delivered. */
    @BindToRegistry("mychat:outbound-request")
    @DataTypeTransformer(name = "mychat:outbound-request", description = "canonical message to MyChat 0002 request")
    public static class OutboundRequest extends Transformer {
        @BeanInject(MyChatProvider.NAME)
        MyChatProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            Conversions.requests(message, provider.calls(message.getMandatoryBody(CanonicalMessage.class)));
        }
    }
}
