package io.imbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicyFactory;
import org.junit.jupiter.api.Test;

/**
 * The entry-route metrics keep camel-micrometer's route policy's meters — names, tags, counts — for the routes where
 * work enters, so dashboards built on Camel's names keep working (docs/operations.md › Metrics), and time no
 * internal hop.
 */
class EntryRouteMetricsTest {

    /** Three plain exchanges, two that fail, one whose failure a handler takes; each passes an internal hop. */
    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:ok?repeatCount=3&delay=0&period=1").routeId("ok").to("direct:hop");
                from("timer:bad?repeatCount=2&delay=0&period=1").routeId("bad").to("direct:hop")
                        .throwException(new IllegalStateException("refused"));
                from("timer:handled?repeatCount=1&delay=0&period=1").routeId("handled")
                        .onException(IllegalStateException.class).handled(true).end()
                        .to("direct:hop").throwException(new IllegalStateException("taken"));
                from("direct:hop").routeId("hop").log("hop");
            }
        };
    }

    /** Every route-policy meter in the registry after the routes ran, keyed by name and tags, valued by count. */
    private static Map<String, Double> run(RoutePolicyFactory policies) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().setName("metrics-test");
            camel.getRegistry().bind("metricsRegistry", registry);
            camel.addRoutePolicyFactory(policies);
            camel.addRoutes(routes());
            camel.start();
            // Camel's policy counts the context before the route: wait for both, every entry route's last exchange
            Supplier<Boolean> done = () -> total(registry, "", "context") >= 6 && total(registry, "ok", "route") >= 3
                    && total(registry, "bad", "route") >= 2 && total(registry, "handled", "route") >= 1;
            for (int i = 0; i < 200 && !done.get(); i++) {
                Thread.sleep(25);
            }
            Map<String, Double> meters = new TreeMap<>();
            for (Meter m : registry.getMeters()) {
                if (!m.getId().getName().startsWith("camel.exchanges") && !m.getId().getName().startsWith("camel.route.policy")) {
                    continue;
                }
                double count = m instanceof Timer t ? t.count() : m instanceof Counter c ? c.count() : Double.NaN;
                meters.put(m.getId().getName() + m.getId().getTags(), count);
            }
            return meters;
        }
    }

    private static double total(MeterRegistry registry, String routeId, String eventType) {
        Counter c = registry.find("camel.exchanges.total").tag("routeId", routeId).tag("eventType", eventType).counter();
        return c == null ? 0 : c.count();
    }

    private static double count(Map<String, Double> meters, String name, String routeId, String eventType) {
        String key = name + "[tag(camelContext=metrics-test), tag(eventType=" + eventType + "), tag(kind=CamelRoute), "
                + "tag(routeId=" + routeId + ")]";
        Double v = meters.get(key);
        assertNotNull(v, key + " in " + meters.keySet());
        return v;
    }

    @Test
    void countsAndTimesEntryRoutesUnderCamelsNames() throws Exception {
        Map<String, Double> ours = run(new EntryRouteMetrics());

        assertEquals(3, count(ours, "camel.route.policy", "ok", "route"));
        assertEquals(3, count(ours, "camel.exchanges.total", "ok", "route"));
        assertEquals(3, count(ours, "camel.exchanges.succeeded", "ok", "route"));
        assertEquals(0, count(ours, "camel.exchanges.failed", "ok", "route"));

        assertEquals(2, count(ours, "camel.route.policy", "bad", "route"));
        assertEquals(2, count(ours, "camel.exchanges.failed", "bad", "route"));
        assertEquals(0, count(ours, "camel.exchanges.succeeded", "bad", "route"));

        assertEquals(1, count(ours, "camel.exchanges.succeeded", "handled", "route"));
        assertEquals(1, count(ours, "camel.exchanges.failures.handled", "handled", "route"));
        assertEquals(0, count(ours, "camel.exchanges.external.redeliveries", "handled", "route"));

        assertEquals(6, count(ours, "camel.route.policy", "", "context"));
        assertEquals(6, count(ours, "camel.exchanges.total", "", "context"));
        assertEquals(4, count(ours, "camel.exchanges.succeeded", "", "context"));
        assertEquals(2, count(ours, "camel.exchanges.failed", "", "context"));
        assertEquals(1, count(ours, "camel.exchanges.failures.handled", "", "context"));

        assertTrue(ours.keySet().stream().noneMatch(k -> k.contains("routeId=hop")), "an internal hop is not timed");
    }

    @Test
    void sameMetersAsCamelsOwnPolicyForEveryEntryRoute() throws Exception {
        Map<String, Double> ours = run(new EntryRouteMetrics());
        Map<String, Double> camels = run(new MicrometerRoutePolicyFactory());
        camels.keySet().removeIf(k -> k.contains("routeId=hop"));
        assertEquals(camels, ours);
    }
}
