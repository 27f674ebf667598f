package io.imbridge.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

/**
 * Camel's health check registry, deciding once per check whether {@code camel.health.exclude-pattern} leaves it out.
 * Camel's own decides on every {@code /observe/health} call, compiling each pattern as a regular expression for each
 * of the ~50 consumers' checks: about 70 % of a health call's CPU (JFR; BENCHMARKS.md). A check's id does not change,
 * so its answer does not either, until the pattern does.
 */
public class HealthChecks extends DefaultHealthCheckRegistry {

    private final Map<String, Boolean> excluded = new ConcurrentHashMap<>();

    @Override
    public void setExcludePattern(String excludePattern) {
        super.setExcludePattern(excludePattern);
        excluded.clear();
    }

    @Override
    public boolean isExcluded(HealthCheck check) {
        return excluded.computeIfAbsent(check.getId(), id -> super.isExcluded(check));
    }
}
