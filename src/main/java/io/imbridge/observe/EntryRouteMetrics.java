package io.imbridge.observe;

import static org.apache.camel.component.micrometer.MicrometerConstants.CAMEL_CONTEXT_TAG;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_EXTERNAL_REDELIVERIES_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_FAILED_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_FAILURES_HANDLED_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_SUCCEEDED_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_TOTAL_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.DEFAULT_CAMEL_ROUTE_POLICY_METER_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.EVENT_TYPE_TAG;
import static org.apache.camel.component.micrometer.MicrometerConstants.KIND;
import static org.apache.camel.component.micrometer.MicrometerConstants.KIND_ROUTE;
import static org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME;
import static org.apache.camel.component.micrometer.MicrometerConstants.ROUTE_ID_TAG;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.NonManagedService;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyService;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Camel's per-route metrics, under the names and tags of camel-micrometer's route policy
 * ({@code camel_route_policy_seconds}, {@code camel_exchanges_*} by {@code routeId}, and the same with
 * {@code eventType="context"} for the whole context), for the routes where work enters the bridge — its HTTP APIs,
 * the bus's consumers, timers — and not for the internal hops between them ({@code direct:}, {@code seda:}): those
 * are parts of one request already timed at its entry. Installed instead of camel-main's route policy
 * ({@code camel.metrics.enableRoutePolicy}).
 *
 * <p>Its own policy rather than camel-micrometer's: that one names the exchange property holding its timer sample
 * with {@code String.format} up to six times per exchange per timed route, and in JDK 17 each call parses its format
 * with a regular expression — a tenth of the bridged path's allocation (JFR; BENCHMARKS.md). Here
 * every meter and the property's name are made once per route; an exchange costs a clock read, one property and
 * the meters' own updates.
 */
public class EntryRouteMetrics implements RoutePolicyFactory {

    private volatile Meters context;

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition r && r.getInput() != null) {
            String uri = r.getInput().getEndpointUri();
            if (uri != null && (uri.startsWith("direct:") || uri.startsWith("seda:"))) {
                return null;
            }
        }
        return new EntryPolicy();
    }

    private synchronized Meters context(MeterRegistry registry, CamelContext camelContext) {
        if (context == null) {
            context = new Meters(registry, Tags.of(CAMEL_CONTEXT_TAG, camelContext.getName(), KIND, KIND_ROUTE,
                    ROUTE_ID_TAG, "", EVENT_TYPE_TAG, "context"), "CamelContext performance metrics");
        }
        return context;
    }

    /** One entry route's policy: its meters, and the context's, which every entry route counts into. */
    private final class EntryPolicy extends RoutePolicySupport implements NonManagedService {
        private Meters route;
        private Meters all;
        private String startProperty;

        @Override
        public void onInit(Route r) {
            super.onInit(r);
            CamelContext camel = r.getCamelContext();
            MeterRegistry registry = MicrometerUtils.getOrCreateMeterRegistry(camel.getRegistry(), METRICS_REGISTRY_NAME);
            startService(camel, registry);
            route = new Meters(registry, Tags.of(CAMEL_CONTEXT_TAG, camel.getName(), KIND, KIND_ROUTE,
                    ROUTE_ID_TAG, r.getId(), EVENT_TYPE_TAG, "route"), "Route performance metrics");
            all = context(registry, camel);
            startProperty = "imbridge.entryRouteStart." + r.getId();
        }

        @Override
        public void onRemove(Route r) {
            if (route != null) {
                route.remove();
            }
        }

        @Override
        public void onExchangeBegin(Route r, Exchange exchange) {
            exchange.setProperty(startProperty, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route r, Exchange exchange) {
            if (exchange.removeProperty(startProperty) instanceof Long start) {
                long nanos = System.nanoTime() - start;
                route.record(nanos, exchange);
                all.record(nanos, exchange);
            }
        }
    }

    /**
     * camel-micrometer's service for these meters: it adds the {@code app_info} gauge and the JMX view of the route
     * meters, as its own policy would.
     */
    private static void startService(CamelContext camel, MeterRegistry registry) {
        if (camel.hasService(MicrometerRoutePolicyService.class) != null) {
            return;
        }
        MicrometerRoutePolicyService service = new MicrometerRoutePolicyService();
        service.setMeterRegistry(registry);
        service.setPrettyPrint(true);
        service.setDurationUnit(TimeUnit.MILLISECONDS);
        service.setMatchingTags(Tags.of(KIND, KIND_ROUTE));
        try {
            camel.addService(service);
            ServiceHelper.startService(service);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the route metrics service", e);
        }
    }

    /** The meters of one route (or of the whole context), as camel-micrometer's route policy names them. */
    private static final class Meters {
        private final MeterRegistry registry;
        private final Tags tags;
        private final String description;
        private final Counter total;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter externalRedeliveries;
        private final Counter failuresHandled;
        // registered on the first exchange, as camel-micrometer does, so routes never used show no timer
        private volatile Timer timer;

        Meters(MeterRegistry registry, Tags tags, String description) {
            this.registry = registry;
            this.tags = tags;
            this.description = description;
            succeeded = counter(DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_SUCCEEDED_METER_NAME,
                    "Number of successfully completed exchanges");
            failed = counter(DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_FAILED_METER_NAME, "Number of failed exchanges");
            total = counter(DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_TOTAL_METER_NAME, "Total number of processed exchanges");
            externalRedeliveries = counter(DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_EXTERNAL_REDELIVERIES_METER_NAME,
                    "Number of external initiated redeliveries (such as from JMS broker)");
            failuresHandled = counter(DEFAULT_CAMEL_ROUTE_POLICY_EXCHANGES_FAILURES_HANDLED_METER_NAME,
                    "Number of failures handled");
        }

        private Counter counter(String name, String help) {
            return Counter.builder(name).tags(tags).description(help).register(registry);
        }

        void record(long nanos, Exchange exchange) {
            Timer t = timer;
            if (t == null) {
                t = Timer.builder(DEFAULT_CAMEL_ROUTE_POLICY_METER_NAME).tags(tags).description(description)
                        .register(registry);
                timer = t;
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
                return;
            }
            succeeded.increment();
            if (ExchangeHelper.isFailureHandled(exchange)) {
                failuresHandled.increment();
            }
            if (exchange.isExternalRedelivered()) {
                externalRedeliveries.increment();
            }
        }

        void remove() {
            registry.remove(total);
            registry.remove(succeeded);
            registry.remove(failed);
            registry.remove(externalRedeliveries);
            registry.remove(failuresHandled);
            Timer t = timer;
            if (t != null) {
                registry.remove(t);
            }
        }
    }
}
