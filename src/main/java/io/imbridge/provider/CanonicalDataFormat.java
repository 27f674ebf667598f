package io.imbridge.provider;

import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;

/**
 * The canonical message as JSON (the form the bridge stores and queues it in, {@code schema/canonical-message.schema.json}):
 * a data format bound as {@code canonical}, for {@code marshal} / {@code unmarshal} with {@code custom: canonical} in
 * a route — e.g. a route of one's own that reads canonical messages from a topic and hands them to a provider's
 * {@code <provider>:outbound-request} transformer.
 */
@BindToRegistry(CanonicalDataFormat.NAME)
public class CanonicalDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String NAME = "canonical";

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        CanonicalMessage message = exchange.getContext().getTypeConverter().mandatoryConvertTo(CanonicalMessage.class,
                exchange, graph);
        stream.write(Json.MAPPER.writeValueAsBytes(message));
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return Json.MAPPER.readValue(stream, CanonicalMessage.class);
    }
}
