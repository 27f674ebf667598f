package io.imbridge.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.observe.AdminAuth;
import io.imbridge.observe.Events;
import io.imbridge.observe.Failures;
import io.imbridge.vendor.Exchanges;

/**
 * Deliveries that failed for good (a mirror after its retries): the message, the target and the reason.
 * Kept in memory for now (the newest {@value #KEEP}); a durable store is the delivery issue's work.
 */
@BindToRegistry("deadLetters")
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.dead-letters");
    static final int KEEP = 10_000;

    @BeanInject("events")
    Events events;
    @BeanInject("adminAuth")
    AdminAuth adminAuth;

    /** One dead letter. */
    public record DeadLetter(CanonicalMessage message, String target, String category, String vendor,
                             Integer vendorCode, String reason, long at, int attempts) {
    }

    private final Deque<DeadLetter> letters = new ArrayDeque<>();

    public void store(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BridgeException failure = Failures.of(caught);
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        Integer attempts = exchange.getProperty(io.imbridge.routing.Router.ATTEMPTS, Integer.class);
        DeadLetter letter = new DeadLetter(Exchanges.message(exchange), target, failure.category().label(),
                failure.vendor(), failure.vendorCode(), failure.getMessage(), System.currentTimeMillis(),
                attempts == null ? 1 : attempts);
        synchronized (letters) {
            letters.addLast(letter);
            if (letters.size() > KEEP) {
                letters.removeFirst();
            }
        }
        LOG.warn("dead letter id={} target={} category={} code={} reason={}",
                letter.message() == null ? "-" : letter.message().id(), target, letter.category(),
                letter.vendorCode(), letter.reason());
        events.failed(exchange, failure);
    }

    /** {@code GET /admin/dead-letters}: the dead letters, oldest first. */
    public void handleList(Exchange exchange) {
        if (adminAuth.allowed(exchange)) {
            Exchanges.replyJson(exchange, 200, list());
        }
    }

    public List<DeadLetter> list() {
        synchronized (letters) {
            return new ArrayList<>(letters);
        }
    }
}
