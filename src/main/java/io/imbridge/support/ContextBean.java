package io.imbridge.support;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;

/** A registry bean that needs the Camel context (and a producer template to call routes with). */
public abstract class ContextBean implements CamelContextAware {

    private CamelContext context;
    private volatile ProducerTemplate template;
    private final java.util.Map<Class<?>, Object> singles = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** One template per bean, made on first use (not per message). */
    protected ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    /**
     * The registry's one bean of {@code type} (an interface a layer above implements, so this one imports nothing
     * above it), looked up once; null while there is none.
     */
    protected <T> T single(Class<T> type) {
        Object found = singles.get(type);
        if (found == null) {
            found = context.getRegistry().findSingleByType(type);
            if (found != null) {
                singles.put(type, found);
            }
        }
        return type.cast(found);
    }

    /** A property's value, with environment and -D overrides, or the default. */
    protected String property(String key, String defaultValue) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(defaultValue);
    }
}
