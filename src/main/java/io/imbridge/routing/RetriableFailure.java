package io.imbridge.routing;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.PropertyInject;

import io.imbridge.observe.Failures;

/**
 * Redelivery predicate: only transient categories (rate limits, unavailable or failing targets) are retried, at most
 * {@code bridge.mirror.max-retries} times (a retryWhile predicate replaces Camel's maximumRedeliveries).
 */
@BindToRegistry("retriableFailure")
public class RetriableFailure implements Predicate {

    @PropertyInject(value = "bridge.mirror.max-retries", defaultValue = "3")
    int maxRetries;

    @Override
    public boolean matches(Exchange exchange) {
        Exception e = exchange.getException();
        if (e == null) {
            e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        int attempts = exchange.getProperty(Router.ATTEMPTS, 1, Integer.class);
        return e != null && attempts <= maxRetries && Failures.of(e).category().retriable();
    }
}
