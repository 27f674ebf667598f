package io.imbridge.provider.openim;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Conversions;

/**
 * OpenIM's shapes as Camel data type transformers, bound in the registry under their names, so a route converts with
 * {@code transformDataType: {toType: openim:…}}. They convert only: credentials are the route's
 * {@code openim.authenticate} step.
 */
public final class OpenImTransformers {

    private OpenImTransformers() {
    }

    /** A send_msg body, with its {@code operationID} header, → the canonical message. */
    @BindToRegistry("openim:send-request")
    @DataTypeTransformer(name = "openim:send-request", description = "OpenIM send request to canonical message")
    public static class SendRequest extends Transformer {
        @BeanInject(OpenImProvider.NAME)
        OpenImProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider.readSend(message.getExchange()));
        }
    }

    /** The delivery report (the body, else the primary's) → {@code errCode 0} with serverMsgID, clientMsgID, sendTime, HTTP 200. */
    @BindToRegistry("openim:send-reply")
    @DataTypeTransformer(name = "openim:send-reply", description = "delivery report to OpenIM send reply")
    public static class SendReply extends Transformer {
        @BeanInject(OpenImProvider.NAME)
        OpenImProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replySent(message.getExchange(), Conversions.report(message));
        }
    }

    /** A failure (the body, else the caught exception) → OpenIM's {@code errCode}/{@code errMsg} envelope and HTTP status. */
    @BindToRegistry("openim:error")
    @DataTypeTransformer(name = "openim:error", description = "failure to OpenIM error envelope")
    public static class ErrorReply extends Transformer {
        @BeanInject(OpenImProvider.NAME)
        OpenImProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider.replyError(message.getExchange(), Conversions.failure(message));
        }
    }

    /** The canonical message → OpenIM's send_msg request(s), one per recipient and element, each with its operationID header, as delivered. */
    @BindToRegistry("openim:outbound-request")
    @DataTypeTransformer(name = "openim:outbound-request", description = "canonical message to OpenIM request")
    public static class OutboundRequest extends Transformer {
        @BeanInject(OpenImProvider.NAME)
        OpenImProvider provider;

        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            Conversions.requests(message, provider.calls(message.getMandatoryBody(CanonicalMessage.class)));
        }
    }
}
