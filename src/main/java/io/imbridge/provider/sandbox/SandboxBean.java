package io.imbridge.provider.sandbox;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A provider's sandbox: declared in its provider's route file, so Camel makes it while reading the routes, before
 * the core's beans are bound ({@code io.imbridge.BridgeBeans}); the shared {@link SandboxStore} is looked up on the
 * first request, once.
 */
public abstract class SandboxBean implements CamelContextAware {

    private CamelContext context;
    private volatile SandboxStore store;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** What the sandboxes share: the messages received and the faults to answer with. */
    protected SandboxStore store() {
        SandboxStore s = store;
        if (s == null) {
            s = context.getRegistry().lookupByNameAndType(SandboxStore.NAME, SandboxStore.class);
            store = s;
        }
        return s;
    }
}
