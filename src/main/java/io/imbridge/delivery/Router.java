package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;
import io.imbridge.support.ContextBean;

/**
 * Where a message goes: {@code bridge.route.<source>=<primary>[,<mirror>…]}, read when the message arrives so a
 * {@code -D} or environment override applies; and how it is addressed there (identity translation).
 */
@BindToRegistry("router")
public class Router extends ContextBean {

    /** The targets of a message: its source's primary, then its mirrors. */
    public record Plan(String primary, List<String> mirrors) {

        /**
         * Puts the plan on the exchange, with the plain properties the routes' choices test: whether it has mirrors
         * ({@link #HAS_MIRRORS}; a method of the record in a simple expression would be introspected per message).
         */
        public void put(Exchange exchange) {
            exchange.setProperty(Exchanges.PLAN, this);
            exchange.setProperty(HAS_MIRRORS, !mirrors.isEmpty());
        }
    }

    /** Exchange property for the routes: the plan has mirrors (a Boolean). */
    public static final String HAS_MIRRORS = "bridge.plan.has-mirrors";
    /** Exchange property for the routes: the message is one the bridge delivered, come back (a Boolean). */
    public static final String ECHO = "bridge.echo";

    @BeanInject("accounts")
    AccountDirectory accounts;
    @BeanInject("messages")
    MessageRecords records;

    /** The exchange's plan, or null before one is made (or for a message not bridged). */
    public static Plan planOf(Exchange exchange) {
        return exchange.getProperty(Exchanges.PLAN, Plan.class);
    }

    /**
     * Plans the message's targets by its source's route; a message the bridge delivered itself, coming back (a
     * loop: {@link MessageRecords#isEcho}), is marked {@link #ECHO} instead, and not planned.
     */
    public void plan(Exchange exchange) {
        if (records.isEcho(exchange)) {
            exchange.setProperty(ECHO, Boolean.TRUE);
            return;
        }
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        List<String> targets = new ArrayList<>();
        for (String target : configuredTargets(source)) {
            if (getCamelContext().getRegistry().lookupByNameAndType(target, Provider.class) == null
                    || getCamelContext().getRoute("deliver-" + target) == null) {
                throw new BridgeException(ErrorCategory.BRIDGE_CONFIG,
                        "bridge.route." + source + " names unknown target '" + target + "'");
            }
            targets.add(target);
        }
        if (targets.isEmpty()) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, "no route configured for source " + source);
        }
        new Plan(targets.get(0), List.copyOf(targets.subList(1, targets.size()))).put(exchange);
    }

    /** A message the bridge delivered came back: nothing to deliver, the caller is answered as for a delivery. */
    public void echo(Exchange exchange) {
        exchange.setProperty(Exchanges.REPORT, new DeliveryReport("none", List.of()));
    }

    /**
     * The route delivering to the exchange's target, {@code direct:deliver-<target>} (the routes' {@code toD}). A
     * bean method resolved once, where a simple {@code ${exchangeProperty[bridge.delivery].target}} built a bean
     * expression, and introspected the record's class, for every message.
     */
    public String deliveryEndpoint(Exchange exchange) {
        return "direct:deliver-" + Delivery.on(exchange).target();
    }


    /** The targets {@code bridge.route.<source>} names, in order, each once. */
    public List<String> configuredTargets(String source) {
        return targets(property("bridge.route." + source, ""));
    }

    /** A comma-separated list of targets: trimmed, lower case, each once, in order, without empties. */
    public static List<String> targets(String csv) {
        List<String> targets = new ArrayList<>();
        for (String t : csv.split(",")) {
            String target = t.trim().toLowerCase(Locale.ROOT);
            if (!target.isEmpty() && !targets.contains(target)) {
                targets.add(target);
            }
        }
        return targets;
    }

    /**
     * The accepted message as the delivery's target knows its sender and recipients. Every try passes here (retries
     * included), so it counts the delivery's tries.
     */
    public CanonicalMessage address(Exchange exchange) {
        Delivery before = Delivery.on(exchange);
        Delivery d = before.withAttempts(before.attempts() + 1).put(exchange);
        exchange.getMessage().setHeader(Exchanges.ATTEMPT, d.attempts()); // for the provider's calls
        return accounts.address(Exchanges.message(exchange), d.target());
    }
}
