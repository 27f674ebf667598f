package io.imbridge.provider;

import java.util.Map;
import java.util.Set;

/**
 * What a vendor carries natively: its element kinds, how each other kind is degraded (the documented rule, so that
 * nothing is dropped silently) and its published size limits.
 *
 * @param kinds        element kinds the vendor has a type for ({@code text}, {@code image}, …)
 * @param degradations for each other kind, what it becomes at this vendor
 * @param limits       its published size and count limits, which its checks read
 */
public record Capabilities(Set<String> kinds, Map<String, String> degradations, Limits limits) {

    public boolean carries(String kind) {
        return kinds.contains(kind);
    }

    /** The rule a kind the vendor lacks is degraded by. */
    public String degradation(String kind) {
        return degradations.getOrDefault(kind, "unsupported");
    }
}
