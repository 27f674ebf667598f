package io.imbridge.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BindToRegistry;

import io.imbridge.support.ContextBean;

/**
 * The provider beans by name ({@code mychat}, {@code openim}, a fifth provider's), each looked up in Camel's registry
 * once: a bridged message names its source and its targets several times on its way.
 */
@BindToRegistry("providers")
public class Providers extends ContextBean {

    private final Map<String, Provider> byName = new ConcurrentHashMap<>();

    /** The provider named {@code name}, or null when there is none (or no name). */
    public Provider named(String name) {
        if (name == null) {
            return null;
        }
        Provider p = byName.get(name);
        if (p == null) {
            p = getCamelContext().getRegistry().lookupByNameAndType(name, Provider.class);
            if (p != null) {
                byName.put(name, p);
            }
        }
        return p;
    }
}
