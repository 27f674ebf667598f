package io.imbridge.provider.openim;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;

import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.ProviderTransformers;

/**
 * OpenIM's shapes as Camel data type transformers, bound in the registry under their names, so a route converts
 * with {@code transformDataType: {toType: openim:…}}. They convert only (the knowledge is {@link OpenImProvider}'s);
 * credentials are the route's {@code openim.authenticate} step.
 */
public final class OpenImTransformers {

    private OpenImTransformers() {
    }

    /** A {@code /msg/send_msg} body, with its {@code operationID} header, → the canonical message. */
    @DataTypeTransformer(name = "openim:send-request", description = "OpenIM send request to canonical message")
    public static class SendRequest extends ProviderTransformers.SendRequest {
    }

    /** The delivery report → {@code errCode 0} with {@code serverMsgID}, {@code clientMsgID}, {@code sendTime}. */
    @DataTypeTransformer(name = "openim:send-reply", description = "delivery report to OpenIM send reply")
    public static class SendReply extends ProviderTransformers.SendReply {
    }

    /** A failure → the {@code errCode}/{@code errMsg}/{@code errDlt} envelope. */
    @DataTypeTransformer(name = "openim:error", description = "failure to OpenIM error envelope")
    public static class ErrorReply extends ProviderTransformers.ErrorReply {
    }

    /** The canonical message → one send_msg per recipient and element, each with its {@code operationID} header, as delivered. */
    @DataTypeTransformer(name = "openim:outbound-request", description = "canonical message to OpenIM request")
    public static class OutboundRequest extends ProviderTransformers.OutboundRequest {
    }

    /**
     * The canonical message → its calls, as the delivery makes them ({@code provider-deliver}), each with the cached
     * admin token when there is a fresh one (a call without one has the route fetch one first).
     */
    @DataTypeTransformer(name = "openim:outbound-calls", description = "canonical message to OpenIm calls")
    public static class OutboundCalls extends ProviderTransformers.OutboundCalls {

        private volatile OpenImAdminToken tokens;

        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            super.transform(message, from, to);
            OpenImAdminToken t = tokens;
            if (t == null) {
                t = message.getExchange().getContext().getRegistry()
                        .lookupByNameAndType("openimToken", OpenImAdminToken.class);
                tokens = t;
            }
            String token = t == null ? null : t.fresh();
            if (token != null) {
                @SuppressWarnings("unchecked")
                List<OutboundCall> calls = message.getBody(List.class);
                List<OutboundCall> signed = new ArrayList<>(calls.size());
                for (OutboundCall c : calls) {
                    signed.add(c.withHeader(OpenImAdminToken.HEADER, token));
                }
                message.setBody(signed);
            }
        }
    }

    /** The target's answer to one call → its receipt, or the typed failure ({@code provider-deliver}). */
    @DataTypeTransformer(name = "openim:outbound-reply", description = "openim answer to a delivery receipt")
    public static class OutboundReply extends ProviderTransformers.OutboundReply {
    }

    /** A openim recall request → the canonical recalls it makes (route template {@code provider-recall}). */
    @DataTypeTransformer(name = "openim:recall-request", description = "openim recall request to canonical recalls")
    public static class RecallRequest extends ProviderTransformers.RecallRequest {
    }

    /** The recalls' results → the openim recall reply. */
    @DataTypeTransformer(name = "openim:recall-reply", description = "recall results to openim recall reply")
    public static class RecallReply extends ProviderTransformers.RecallReply {
    }

    /** The target's answer to one recall call → nothing, or the typed failure ({@code provider-recall-deliver}). */
    @DataTypeTransformer(name = "openim:recall-outcome", description = "openim answer to a recall call")
    public static class RecallOutcome extends ProviderTransformers.RecallOutcome {
    }
}
