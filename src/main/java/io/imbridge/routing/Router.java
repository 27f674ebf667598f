package io.imbridge.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;

/**
 * Where a message goes: {@code bridge.route.<source>=<primary>[,<mirror>…]}, read when the message arrives so a
 * {@code -D} or environment override applies; and how it is addressed there (identity translation).
 */
@BindToRegistry("router")
public class Router {

    @BeanInject("accounts")
    AccountDirectory accounts;
    @BeanInject("events")
    io.imbridge.observe.Events events;

    /** Sets the primary target and the mirrors of the message's source. */
    public void plan(Exchange exchange) {
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        List<String> targets = targets(exchange, source);
        exchange.setProperty(Exchanges.PRIMARY, targets.get(0));
        exchange.setProperty(Exchanges.MIRRORS, targets.subList(1, targets.size()));
    }

    /** A message the bridge delivered came back: nothing to deliver, the caller is answered as for a delivery. */
    public void echo(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        exchange.setProperty(Exchanges.REPORT, new io.imbridge.canonical.DeliveryReport("none", List.of()));
        events.echo(m);
    }

    public boolean hasMirrors(Exchange exchange) {
        List<?> mirrors = exchange.getProperty(Exchanges.MIRRORS, List.class);
        return mirrors != null && !mirrors.isEmpty();
    }

    List<String> targets(Exchange exchange, String source) {
        String configured = exchange.getContext().getPropertiesComponent()
                .resolveProperty("bridge.route." + source).orElse("");
        List<String> targets = new ArrayList<>();
        for (String t : configured.split(",")) {
            String target = t.trim().toLowerCase(Locale.ROOT);
            if (target.isEmpty() || targets.contains(target)) {
                continue;
            }
            if (exchange.getContext().getRegistry().lookupByNameAndType(target, Provider.class) == null
                    || exchange.getContext().getRoute("deliver-" + target) == null) {
                throw new BridgeException(ErrorCategory.BRIDGE_CONFIG,
                        "bridge.route." + source + " names unknown target '" + target + "'");
            }
            targets.add(target);
        }
        if (targets.isEmpty()) {
            throw new BridgeException(ErrorCategory.BRIDGE_CONFIG, "no route configured for source " + source);
        }
        return targets;
    }

    /** The accepted message as the target {@code bridge.target} knows its sender and recipients. */
    public CanonicalMessage address(Exchange exchange) {
        // every delivery attempt passes here, redeliveries included
        exchange.setProperty(Exchanges.ATTEMPTS, exchange.getProperty(Exchanges.ATTEMPTS, 0, Integer.class) + 1);
        CanonicalMessage message = Exchanges.message(exchange);
        String source = message.source().vendor();
        String target = exchange.getProperty(Exchanges.TARGET, String.class);
        List<String> recipients = new ArrayList<>(message.recipients().size());
        for (String r : message.recipients()) {
            recipients.add(accounts.translate(source, target, r));
        }
        CanonicalMessage addressed = message.withParties(accounts.translate(source, target, message.sender()),
                recipients);
        noteDegradations(exchange, addressed, target);
        return addressed;
    }

    /** Kinds the target lacks are degraded by its documented rule: said in the log and counted, once per try. */
    private void noteDegradations(Exchange exchange, CanonicalMessage m, String target) {
        Provider vendor = exchange.getContext().getRegistry().lookupByNameAndType(target, Provider.class);
        for (var e : m.elements()) {
            if (!vendor.capabilities().carries(e.kind())) {
                events.degraded(m, target, e.kind(), vendor.capabilities().degradation(e.kind()));
            }
        }
    }
}
