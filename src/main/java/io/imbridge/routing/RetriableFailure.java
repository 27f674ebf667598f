package io.imbridge.routing;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.imbridge.observe.Failures;

/** Redelivery predicate: only transient categories (rate limits, unavailable or failing targets) are retried. */
@BindToRegistry("retriableFailure")
public class RetriableFailure implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        Exception e = exchange.getException();
        if (e == null) {
            e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        return e != null && Failures.of(e).category().retriable();
    }
}
