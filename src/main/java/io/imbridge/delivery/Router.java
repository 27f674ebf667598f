package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;
import io.imbridge.support.ContextBean;

/**
 * Where a message goes: {@code bridge.route.<source>=<primary>[,<mirror>…]} (with its {@code -D} or environment
 * override), read at the source's first message.
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

    @PropertyInject(value = "bridge.bus", defaultValue = "memory")
    String bus;
    /** Each source's plan, made at its first message. */
    private final java.util.Map<String, Plan> plans = new java.util.concurrent.ConcurrentHashMap<>();
    /** bridge.bus.answer.<source>, read once per source. */
    private final java.util.Map<String, Boolean> answerOnBus = new java.util.concurrent.ConcurrentHashMap<>();

    /** Exchange property for the routes: the plan has mirrors (a Boolean). */
    public static final String HAS_MIRRORS = "bridge.plan.has-mirrors";

    /** The exchange's plan, or null before one is made (or for a message not bridged). */
    public static Plan planOf(Exchange exchange) {
        return exchange.getProperty(Exchanges.PLAN, Plan.class);
    }

    /** Plans the message's targets by its source's route, and puts the plan on the exchange. */
    public Plan plan(Exchange exchange) {
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        Plan plan = plans.get(source);
        if (plan == null) {
            plan = planFor(source);
            plans.put(source, plan);
        }
        plan.put(exchange);
        return plan;
    }

    /** A source's plan, from its route ({@code bridge.route.<source>}, read once: its targets checked then). */
    private Plan planFor(String source) {
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
        return new Plan(targets.get(0), List.copyOf(targets.subList(1, targets.size())));
    }

    /**
     * Whether {@code source}'s callers are answered once their message is on the Kafka bus
     * ({@code bridge.bus=kafka} and {@code bridge.bus.answer.<source>=bus}): every target, the primary too, is then
     * delivered by the bus's consumers.
     */
    public boolean answersOnBus(String source) {
        return "kafka".equals(bus.trim())
                && answerOnBus.computeIfAbsent(source, s -> "bus".equals(property("bridge.bus.answer." + s, "sync").trim()));
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
}
