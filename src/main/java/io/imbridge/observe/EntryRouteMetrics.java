package io.imbridge.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;

/**
 * Camel's per-route metrics ({@code camel_route_policy_seconds}, {@code camel_exchanges_*} by route) for the routes
 * where work enters the bridge — its HTTP APIs, the bus's consumers, timers — and not for the internal hops between
 * them ({@code direct:}, {@code seda:}): those are parts of one request already timed at its entry, and timing each
 * cost a formatted string and timer lookups per route per message (about 8 % of the bridged path's CPU, measured
 * with JFR; BENCHMARKS.md). Installed instead of camel-main's route policy ({@code camel.metrics.enableRoutePolicy}).
 */
public class EntryRouteMetrics extends MicrometerRoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition r && r.getInput() != null) {
            String uri = r.getInput().getEndpointUri();
            if (uri != null && (uri.startsWith("direct:") || uri.startsWith("seda:"))) {
                return null;
            }
        }
        return super.createRoutePolicy(camelContext, routeId, route);
    }
}
