package io.imbridge.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import io.imbridge.canonical.BridgeException;
import io.imbridge.bus.Bus;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.delivery.Delivery;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Provider;
import io.imbridge.provider.Providers;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.support.ContextBean;

/**
 * One log line per message and delivery (bridge id, source, target, outcome; never a credential or the text) and
 * the Prometheus counters {@code bridge_messages_total} and {@code bridge_errors_total}; with the Kafka bus, each
 * delivery's outcome on its status topic too.
 */
@BindToRegistry("events")
public class Events extends ContextBean implements io.imbridge.delivery.DeliveryEvents {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.messages");

    private volatile MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    @BeanInject("bus")
    Bus bus;
    @BeanInject("providers")
    Providers providers;
    @BeanInject("targetStats")
    TargetStats stats;
    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("recentTries")
    RecentTries tries;

    /** A target accepted a message (primary or mirror). */
    @Override
    public void delivered(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        String target = d.target();
        CanonicalMessage m = Exchanges.message(exchange);
        String role = d.role().label();
        String outcome = d.queued() ? "queued" : "delivered";
        LOG.info("message id={} source={} target={} role={} outcome={}", m.id(), m.source().vendor(), target, role,
                outcome);
        count("bridge_messages_total", "source", m.source().vendor(), "target", target, "outcome", outcome);
        if (!d.queued()) {
            stats.delivered(target, System.currentTimeMillis() - exchange.getClock().getCreated());
        }
        bus.status(m, d, outcome, null, Exchanges.reportOnHand(exchange));
    }

    /** A queued delivery failed a try and is tried again later (its next try's time is on its entry). */
    @Override
    public void retrying(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        CanonicalMessage m = Exchanges.message(exchange);
        triedAndFailed(m, d, "retrying", failure, d.entry() == null ? null : d.entry().notBefore());
        bus.status(m, d, "retrying", failure, null);
    }

    /** A request failed: before delivery (caller's input) or at a target. */
    public void failed(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        String source = exchange.getProperty(Exchanges.SOURCE, "unknown", String.class);
        Delivery d = Delivery.on(exchange);
        String target = d == null || d.target() == null ? "none" : d.target();
        String category = failure.category().label();
        LOG.info("message id={} source={} target={} outcome={} vendor={} code={} detail={}",
                m == null ? "-" : m.id(), source, target, category, failure.vendor(), failure.vendorCode(),
                failure.getMessage());
        count("bridge_messages_total", "source", source, "target", target, "outcome", category);
        count("bridge_errors_total", "vendor", failure.vendor() == null ? "bridge" : failure.vendor(),
                "category", category, "side", m == null ? "inbound" : "outbound");
        triedAndFailed(m, d, "failed", failure, null);
        bus.status(m, d, "failed", failure, null);
    }

    /** A try at a target failed: counted per target and kept for the message's journey (the console). */
    private void triedAndFailed(CanonicalMessage m, Delivery d, String outcome, BridgeException failure,
                                Long nextTryAt) {
        if (m == null || d == null || d.target() == null) {
            return;
        }
        stats.failed(d.target(), failure.category().label());
        tries.add(m.id(), new RecentTries.Try(d.target(), System.currentTimeMillis(), outcome, d.attempts(),
                failure.category().label(), failure.vendorCode(), failure.getMessage(), nextTryAt));
    }

    /** A delivery failed for good and is kept as a dead letter (route dead-letter). */
    public void deadLetter(Exchange exchange) {
        failed(exchange, Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                Exception.class)));
    }

    @Override
    public void echo(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        LOG.info("message id={} source={} outcome=echo (delivered by the bridge before; not bridged again)", m.id(),
                m.source().vendor());
        count("bridge_messages_total", "source", m.source().vendor(), "target", "none", "outcome", "echo");
    }

    /** A recall's outcome at one target: logged (a copy that stays at WARN) and counted. */
    @Override
    public void recalled(CanonicalMessage m, io.imbridge.canonical.Recall recall,
                         io.imbridge.canonical.RecallReport.Outcome o) {
        String outcome = o.status().label();
        if (o.status() == io.imbridge.canonical.RecallReport.Status.FAILED
                || o.status() == io.imbridge.canonical.RecallReport.Status.DEGRADED) {
            LOG.warn("message id={} recall={} source={} target={} outcome={} reason={}", m.id(), recall.id(),
                    recall.source().vendor(), o.target(), outcome, o.detail());
        } else {
            LOG.info("message id={} recall={} source={} target={} outcome={}", m.id(), recall.id(),
                    recall.source().vendor(), o.target(), outcome);
        }
        count("bridge_recalls_total", "source", recall.source().vendor(), "target", o.target(), "outcome", outcome);
        bus.recallStatus(m, recall, o);
    }

    /** Kinds the delivery's target lacks are degraded by its documented rule: said in the log and counted, per try. */
    @Override
    public void degradations(CanonicalMessage m, String target) {
        Provider provider = providers.named(target);
        if (provider == null) {
            return;
        }
        for (var e : m.elements()) {
            if (!provider.capabilities().carries(e.kind())) {
                LOG.info("message id={} target={} degraded kind={} to {}", m.id(), target, e.kind(),
                        provider.capabilities().degradation(e.kind()));
                count("bridge_degraded_elements_total", "target", target, "kind", e.kind());
            }
        }
    }

    @Override
    public void callMade(String target, long waitedMs) {
        stats.callMade(target, waitedMs);
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
                // how far group commit shares the store's commits: writes ÷ commits
                FunctionCounter.builder("bridge_store_commits_total", db, BridgeDatabase::commits)
                        .description("transactions the store's writer committed").register(r);
                FunctionCounter.builder("bridge_store_writes_total", db, BridgeDatabase::writes)
                        .description("writes made in them (one caller's statements each)").register(r);
                registry = r;
            }
        }
        return r;
    }
}
