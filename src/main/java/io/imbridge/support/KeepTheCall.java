package io.imbridge.support;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

/**
 * The aggregation of an {@code enrich} whose resource only prepares something the route then uses (OpenIM's admin
 * token): the exchange goes on as it was, and the resource's failure — thrown, or handed back as its body by a route
 * that caught it — becomes the exchange's failure.
 */
@BindToRegistry("keepTheCall")
public class KeepTheCall implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange call, Exchange resource) {
        if (resource == null) {
            return call;
        }
        Exception failure = resource.getException();
        if (failure == null && resource.getMessage().getBody() instanceof Exception handedBack) {
            failure = handedBack;
        }
        if (failure != null) {
            call.setException(failure);
        }
        return call;
    }
}
