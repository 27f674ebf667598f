package io.imbridge.observe;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.Transformer;
import org.apache.camel.spi.TransformerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.delivery.Idempotency;
import io.imbridge.delivery.MessageRecords;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;
import io.imbridge.provider.Providers;

/**
 * The inbound routes' error handling: whatever failed, the caller is answered in its own vendor's envelope, status
 * and code; never a stack trace or a Camel page.
 */
@BindToRegistry("inboundErrors")
public class InboundErrors {

    private static final Logger LOG = LoggerFactory.getLogger(InboundErrors.class);

    @BeanInject("events")
    Events events;
    @BeanInject("messageRecords")
    MessageRecords messages;
    @BeanInject("providers")
    Providers providers;
    @BeanInject("idempotency")
    Idempotency idempotency;

    public void reply(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BridgeException failure = Failures.of(caught);
        if (!Failures.isExpected(caught)) {
            LOG.error("unexpected failure on route {}", exchange.getFromRouteId(), caught);
        }
        events.failed(exchange, failure);
        messages.failed(exchange, failure);
        idempotency.release(exchange);
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        Provider vendor = providers.named(source);
        if (vendor == null) {
            Exchanges.reply(exchange, 500, "text/plain; charset=utf-8", "internal error");
            return;
        }
        // the failure becomes the provider's error envelope by its <provider>:error transformer (the data type a
        // route of one's own would use too); a provider without one answers through its own replyError
        DataType errorType = new DataType(source + ":error");
        Transformer toError = exchange.getContext().getTransformerRegistry()
                .resolveTransformer(new TransformerKey(errorType));
        if (toError == null) {
            vendor.replyError(exchange, failure);
            return;
        }
        exchange.getMessage().setBody(failure);
        toError.transform(exchange.getMessage(), DataType.ANY, errorType);
    }
}
