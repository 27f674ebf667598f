package io.imbridge.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Exchanges;

/**
 * One log line per message and delivery (bridge id, source, target, outcome; never a credential or the text) and
 * the Prometheus counters {@code bridge_messages_total} and {@code bridge_errors_total}.
 */
@BindToRegistry("events")
public class Events extends io.imbridge.support.ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.messages");

    private volatile MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();



    /** A target accepted a message (primary or mirror). */
    public void delivered(Exchange exchange) {
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        CanonicalMessage m = Exchanges.message(exchange);
        String role = exchange.getProperty(Exchanges.ROLE, "primary", String.class);
        String outcome = exchange.getProperty(Exchanges.PRIMARY_QUEUED, false, Boolean.class)
                ? "queued" : "delivered";
        LOG.info("message id={} source={} target={} role={} outcome={}", m.id(), m.source().vendor(), target, role,
                outcome);
        count("bridge_messages_total", "source", m.source().vendor(), "target", target, "outcome", outcome);
    }

    /** A request failed: before delivery (caller's input) or at a target. */
    public void failed(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        String source = exchange.getProperty(Exchanges.SOURCE, "unknown", String.class);
        String target = exchange.getProperty(Exchanges.TARGET, "none", String.class);
        String category = failure.category().label();
        LOG.info("message id={} source={} target={} outcome={} vendor={} code={} detail={}",
                m == null ? "-" : m.id(), source, target, category, failure.vendor(), failure.vendorCode(),
                failure.getMessage());
        count("bridge_messages_total", "source", source, "target", target, "outcome", category);
        count("bridge_errors_total", "vendor", failure.vendor() == null ? "bridge" : failure.vendor(),
                "category", category, "side", m == null ? "inbound" : "outbound");
    }

    /** A message the bridge itself delivered came back through a source: not bridged again. */
    public void echo(CanonicalMessage m) {
        LOG.info("message id={} source={} outcome=echo (delivered by the bridge before; not bridged again)", m.id(),
                m.source().vendor());
        count("bridge_messages_total", "source", m.source().vendor(), "target", "none", "outcome", "echo");
    }

    /** An element the target cannot carry was degraded by its rule. */
    public void degraded(CanonicalMessage m, String target, String kind, String rule) {
        LOG.info("message id={} target={} degraded kind={} to {}", m.id(), target, kind, rule);
        count("bridge_degraded_elements_total", "target", target, "kind", kind);
    }

    private void count(String name, String... tags) {
        MeterRegistry r = registry();
        if (r == null) {
            return;
        }
        String key = name + String.join("|", tags);
        counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(r)).increment();
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null && getCamelContext() != null) {
            Set<MeterRegistry> found = getCamelContext().getRegistry().findByType(MeterRegistry.class);
            if (!found.isEmpty()) {
                r = found.iterator().next();
                registry = r;
            }
        }
        return r;
    }
}
