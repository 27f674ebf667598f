package io.imbridge.support;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.model.TransformDataTypeDefinition;
import org.apache.camel.processor.transformer.DataTypeProcessor;
import org.apache.camel.reifier.ProcessorReifier;
import org.apache.camel.spi.OnCamelContextInitializing;

/**
 * Lets a route template name a data type by its parameters ({@code transformDataType: {toType: "{{provider}}:send-request"}}).
 * Camel 4.18's own reifier hands {@code fromType}/{@code toType} to the processor unresolved, and the processor
 * resolves them when the route starts — after a template's parameters are gone ("Property with key [provider] not
 * found"). This reifier resolves them while the route is made from its template, like every other EIP's options;
 * otherwise it is Camel's (the same {@link DataTypeProcessor}, the transformer registry's lookup by name).
 */
@BindToRegistry("templatedDataTypes")
public class TemplatedDataTypes implements OnCamelContextInitializing {

    public TemplatedDataTypes() {
        register();
    }

    /** Again at each start: the reifier table is static and a stopped context may have cleared it. */
    @Override
    public void onContextInitializing(CamelContext context) {
        register();
    }

    static void register() {
        ProcessorReifier.registerReifier(TransformDataTypeDefinition.class, (route, definition) ->
                new ProcessorReifier<>(route, (TransformDataTypeDefinition) definition) {
                    @Override
                    public Processor createProcessor() {
                        DataTypeProcessor answer = new DataTypeProcessor(parseString(definition.getFromType()),
                                parseString(definition.getToType()));
                        answer.setDisabled(isDisabled(camelContext, definition));
                        return answer;
                    }
                });
    }
}
