package io.imbridge.provider.sandbox;

import io.imbridge.support.ContextBean;

/**
 * A provider's sandbox: declared in its provider's route file, so Camel makes it while reading the routes, before
 * the core's beans are bound ({@code io.imbridge.BridgeBeans}); the shared {@link SandboxStore} is looked up on the
 * first request, once.
 */
public abstract class SandboxBean extends ContextBean {

    private volatile SandboxStore store;

    /** What the sandboxes share: the messages received and the faults to answer with. */
    protected SandboxStore store() {
        SandboxStore s = store;
        if (s == null) {
            s = getCamelContext().getRegistry().lookupByNameAndType(SandboxStore.NAME, SandboxStore.class);
            store = s;
        }
        return s;
    }
}
