package io.imbridge.provider;

import java.util.List;

/**
 * Which provider a request path belongs to: {@code /<name>/…} (its API as the bridge serves it) or
 * {@code /sandbox/<name>/…} (its sandbox), the same dialect either way. Made once from the registered providers.
 */
public record ProviderPaths(List<Provider> providers) {

    public ProviderPaths {
        providers = List.copyOf(providers);
    }

    /** The provider whose dialect the path speaks, or null. */
    public Provider of(String path) {
        if (path == null) {
            return null;
        }
        String rest = path.startsWith("/sandbox/") ? path.substring("/sandbox".length()) : path;
        for (Provider p : providers) {
            String name = p.name();
            if (rest.startsWith("/") && rest.startsWith(name, 1)
                    && (rest.length() == name.length() + 1 || rest.charAt(name.length() + 1) == '/')) {
                return p;
            }
        }
        return null;
    }
}
