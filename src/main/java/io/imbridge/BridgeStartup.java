package io.imbridge;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.OnCamelContextStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.bus.Bus;
import io.imbridge.delivery.DeliveryQueue;
import io.imbridge.delivery.Idempotency;
import io.imbridge.support.HttpServerLimits;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.RawBodies;

/**
 * What happens between "every route has started" and the first request a caller may make, in this order: the HTTP
 * handlers that read bodies the vendors' way, the last process's unanswered requests and unfinished deliveries
 * taken up again, then the gate opened. Before that every request, health included, is answered "unavailable" in its
 * provider's dialect: a valid request is never refused for a missing handler, nor raced by the crash recovery.
 */
@BindToRegistry("bridgeStartup")
public class BridgeStartup implements OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeStartup.class);

    @Override
    public void onContextStarted(CamelContext context) {
        try {
            start(context);
        } catch (Exception e) {
            throw new IllegalStateException("the bridge could not start: " + e.getMessage(), e);
        }
    }

    private void start(CamelContext context) throws Exception {
        long started = System.nanoTime();
        // looked up now, not injected: the start's steps in one place, each bean by its name
        var registry = context.getRegistry();
        registry.lookupByNameAndType("rawBodies", RawBodies.class).install(context);
        // the Kafka bus (when configured) first: the recovery may put deliveries on it
        registry.lookupByNameAndType("bus", Bus.class).start();
        // the instance joins the store first: what gone instances left is told from what live ones do by it
        registry.lookupByNameAndType("deliveryQueue", DeliveryQueue.class).recoverAfterStop();
        registry.lookupByNameAndType("idempotency", Idempotency.class).releaseUnanswered();
        registry.lookupByNameAndType("httpServerVertx", HttpServerLimits.class).open(Exchanges.MAX_BODY_BYTES);
        LOG.info("im-bridge ready: requests accepted ({} ms after the routes started)",
                (System.nanoTime() - started) / 1_000_000);
    }
}
