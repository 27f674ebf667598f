package io.imbridge.provider;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.Transformer;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;

/**
 * The conversions every provider has, written once as Camel data type transformers. A provider's package declares
 * one subclass of each, named {@code <provider>:<shape>} with {@code @DataTypeTransformer}, and the provider's route
 * file binds it under that name ({@code - beans:}; Camel's transformer registry looks a name up there); the part
 * before the colon names the {@link Provider} bean whose knowledge it applies.
 */
public final class ProviderTransformers {

    private ProviderTransformers() {
    }

    /** A transformer applying the knowledge of the provider its name starts with. */
    abstract static class OfProvider extends Transformer {
        private volatile Provider provider;

        protected Provider provider(Message message) {
            Provider p = provider;
            if (p == null) {
                String scheme = getName().substring(0, getName().indexOf(':'));
                p = message.getExchange().getContext().getRegistry().lookupByNameAndType(scheme, Provider.class);
                if (p == null) {
                    throw new IllegalStateException("no provider bean " + scheme + " for transformer " + getName());
                }
                provider = p;
            }
            return p;
        }

        /** The provider's send API, for the conversions of an inbound request. */
        protected SendApi sendApi(Message message) {
            if (provider(message) instanceof SendApi api) {
                return api;
            }
            throw new BridgeException(ErrorCategory.UNSUPPORTED, provider(message).name() + " has no inbound send API");
        }
    }

    /** {@code <provider>:send-request}: the provider's send request → the canonical message (no credential check). */
    public abstract static class SendRequest extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(sendApi(message).readSend(message.getExchange()));
        }
    }

    /** {@code <provider>:send-reply}: the delivery report (the body, else the primary's) → the success reply. */
    public abstract static class SendReply extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            sendApi(message).replySent(message.getExchange(), report(message));
        }
    }

    /** {@code <provider>:error}: a failure (the body, else the caught exception) → the error envelope and status. */
    public abstract static class ErrorReply extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            provider(message).replyError(message.getExchange(), failure(message));
        }
    }

    /** {@code <provider>:outbound-request}: the canonical message (the body) → the provider's request(s). */
    public abstract static class OutboundRequest extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            requests(message, provider(message).outboundCalls(message.getMandatoryBody(CanonicalMessage.class),
                    message.getHeader(Exchanges.ATTEMPT, 1, Integer.class)));
        }
    }

    /**
     * {@code <provider>:outbound-calls}: the canonical message (the body, addressed as the provider knows its
     * parties) → the list of the provider's calls, in order, for a route that makes each call itself (the delivery).
     * Header {@link Exchanges#ATTEMPT} numbers the try (1 when absent), for a provider whose request says it resends.
     */
    public abstract static class OutboundCalls extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) throws Exception {
            message.setBody(List.copyOf(provider(message).outboundCalls(
                    message.getMandatoryBody(CanonicalMessage.class), message.getHeader(Exchanges.ATTEMPT, 1,
                            Integer.class))));
        }
    }

    /**
     * {@code <provider>:outbound-reply}: the target's HTTP answer to one call → the call's {@code DeliveryReceipt};
     * a refusal is thrown as the typed failure its code or status means.
     */
    public abstract static class OutboundReply extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(provider(message).readReply(message.getExchange()));
        }
    }

    /** The provider's recall API, for the conversions of an inbound recall. */
    static RecallApi recallApi(Provider provider) {
        if (provider instanceof RecallApi api) {
            return api;
        }
        throw new BridgeException(ErrorCategory.UNSUPPORTED, provider.name() + " has no recall API");
    }

    /**
     * {@code <provider>:recall-request}: the provider's recall request → the list of canonical recalls it makes (no
     * credential check).
     */
    public abstract static class RecallRequest extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            message.setBody(List.copyOf(recallApi(provider(message)).readRecall(message.getExchange())));
        }
    }

    /** {@code <provider>:recall-reply}: the recalls' results (the body) → the provider's reply. */
    public abstract static class RecallReply extends OfProvider {
        @Override
        @SuppressWarnings("unchecked")
        public void transform(Message message, DataType from, DataType to) {
            recallApi(provider(message)).replyRecalled(message.getExchange(),
                    (List<io.imbridge.canonical.RecallResult>) message.getBody(List.class));
        }
    }

    /**
     * {@code <provider>:recall-outcome}: the target's HTTP answer to one recall call → the call it leads to (a
     * lookup's answer: the recall call itself), or null when done (also when the target says it was recalled before);
     * a refusal is thrown as the typed failure its code means.
     */
    public abstract static class RecallOutcome extends OfProvider {
        @Override
        public void transform(Message message, DataType from, DataType to) {
            try {
                message.setBody(provider(message).readRecallReply(message.getExchange()));
            } catch (BridgeException e) {
                if (e.category() != ErrorCategory.ALREADY_RECALLED) {
                    throw e;
                }
                // taken back before: this call is done, the copy's other calls are still made
                message.setBody(null);
            }
        }
    }

    /** The failure to answer: the body when it is one, else the exception the route caught. */
    static BridgeException failure(Message message) {
        if (message.getBody() instanceof BridgeException b) {
            return b;
        }
        Exchange exchange = message.getExchange();
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return Failures.of(caught != null ? caught : exchange.getException());
    }

    /** The delivery report a reply tells of: the body when it is one, else the primary's (none for an echo). */
    static DeliveryReport report(Message message) {
        return message.getBody() instanceof DeliveryReport r ? r : Exchanges.report(message.getExchange());
    }

    /**
     * The provider's request(s) for a message, as its delivery makes them: one call becomes the body (null for a GET
     * whose request is its query) with its headers and {@code CamelHttpQuery}, ready for an {@code http:} endpoint;
     * several calls (recipients, elements, chunks) become the body as their list of {@link OutboundCall}s, in order.
     */
    static void requests(Message message, List<OutboundCall> calls) {
        if (calls.size() != 1) {
            message.setBody(List.copyOf(calls));
            return;
        }
        OutboundCall call = calls.get(0);
        call.headers().forEach(message::setHeader);
        if (call.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        message.setBody(call.body());
    }
}
