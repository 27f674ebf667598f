package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallReport;
import io.imbridge.canonical.RecallReport.Outcome;
import io.imbridge.canonical.RecallReport.Status;
import io.imbridge.canonical.RecallResult;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Provider;
import io.imbridge.provider.RecallCalls;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.RecallTable;
import io.imbridge.support.ContextBean;

/**
 * A recall, decided in one place: the message found through the ID map by the ids its source handed out, recorded as
 * recalled (once: a second recall is refused), then each target's copy taken back — a delivery not made yet is
 * cancelled (its queue entry dropped at its next try), a delivered copy recalled by the target's recall calls
 * ({@link Provider#recallCalls}, made by the target's route {@code direct:recall-<target>}, routes/templates.yaml), a
 * target that cannot recall reported as degraded. A copy delivered while its recall was under way is recalled as soon
 * as its delivery is recorded ({@link #afterDelivery}). (docs/recalls.md tells what each provider can recall.)
 */
@BindToRegistry("recalls")
public class Recalls extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(Recalls.class);

    @BeanInject("messageIdTable")
    MessageIdTable ids;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("recallTable")
    RecallTable recallTable;
    @BeanInject("accountDirectory")
    AccountDirectory accounts;
    @BeanInject("groupDirectory")
    GroupDirectory groups;

    /** How long a recalled message is remembered here, for a delivery of it still under way (its queue's age limit). */
    @PropertyInject(value = "bridge.delivery.max-age-ms", defaultValue = "86400000")
    long rememberMs;

    /** Messages recalled by this process, with when: a delivery of one that finishes later is recalled at once. */
    private final Map<String, Long> recalledHere = new ConcurrentHashMap<>();
    /** Each target's recall route, resolved once. */
    private final Map<String, Endpoint> routes = new ConcurrentHashMap<>();

    /** The {@code provider-recall} route's step: each recall of the body's list, in order, and what became of it. */
    public List<RecallResult> recall(List<Recall> recalls) {
        List<RecallResult> results = new ArrayList<>(recalls.size());
        for (Recall r : recalls) {
            try {
                results.add(RecallResult.done(r, recall(r)));
            } catch (BridgeException refused) {
                results.add(RecallResult.refused(r, refused));
            }
        }
        return results;
    }

    /** One recall: the message found and marked recalled, then every copy taken back. */
    RecallReport recall(Recall r) {
        String messageId = find(r);
        CanonicalMessage m = messages.load(messageId);
        if (m == null || !recallTable.claim(messageId, r)) {
            throw new BridgeException(ErrorCategory.ALREADY_RECALLED, "the message was recalled before");
        }
        remember(messageId);
        List<Outcome> outcomes = new ArrayList<>();
        for (DeliveryTable.Outcome d : deliveries.outcomes(new String[] {messageId})) {
            Outcome o = takeBack(m, d);
            outcomes.add(o);
            events().recalled(m, r, o);
        }
        recallTable.outcomes(messageId, outcomes);
        return new RecallReport(messageId, outcomes);
    }

    /** The message a recall names: the first of its ids that the ID map knows under the source's name for it. */
    private String find(Recall r) {
        for (Map.Entry<String, String> id : r.source().ids().entrySet()) {
            List<String> found = ids.find(r.source().vendor(), id.getKey(), id.getValue());
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        throw new BridgeException(ErrorCategory.MESSAGE_UNKNOWN, "no message the bridge handed out has "
                + r.source().ids().keySet() + " " + r.source().ids().values());
    }

    /** One target's copy: cancelled, recalled, left (degraded or failed), or never there. */
    private Outcome takeBack(CanonicalMessage m, DeliveryTable.Outcome d) {
        DeliveryTable.Row row = d.row();
        String target = row.target();
        return switch (row.status()) {
            case QUEUED, PENDING, IN_FLIGHT -> {
                // its next try finds it closed and drops its entry; a try under way now is recalled when recorded
                deliveries.set(m.id(), target, row.role(), DeliveryStatus.RECALLED, row.attempts(), null);
                yield new Outcome(target, Status.CANCELLED, null, null, "not delivered yet: its delivery is cancelled");
            }
            case DELIVERED -> recallCopy(m, target, row, d.receipts());
            case RECALLED -> new Outcome(target, Status.RECALLED, null, null, "recalled before");
            case FAILED -> new Outcome(target, Status.NOT_DELIVERED, row.category(), row.vendorCode(),
                    "never delivered: " + row.detail());
        };
    }

    /** A delivered copy taken back by the target's recall calls. */
    private Outcome recallCopy(CanonicalMessage m, String target, DeliveryTable.Row row,
                               List<io.imbridge.canonical.DeliveryReceipt> receipts) {
        Provider provider = getCamelContext().getRegistry().lookupByNameAndType(target, Provider.class);
        try {
            CanonicalMessage addressed = groups.address(accounts.address(m, target), target);
            RecallCalls calls = provider.recallCalls(addressed, receipts);
            if (!calls.calls().isEmpty()) {
                call(target, addressed, calls);
            }
            if (calls.degraded() != null) {
                return new Outcome(target, Status.DEGRADED, null, null, calls.degraded());
            }
        } catch (RuntimeException e) {
            BridgeException failure = Failures.of(e);
            if (failure.category() != ErrorCategory.ALREADY_RECALLED) {
                return new Outcome(target, Status.FAILED, failure.category().label(), failure.vendorCode(),
                        failure.getMessage());
            }
        }
        deliveries.set(m.id(), target, row.role(), DeliveryStatus.RECALLED, row.attempts(), null);
        return new Outcome(target, Status.RECALLED, null, null, null);
    }

    /** The calls made by the target's recall route; its failure thrown. */
    private void call(String target, CanonicalMessage addressed, RecallCalls calls) {
        Exchange exchange = new DefaultExchange(getCamelContext());
        exchange.setProperty(Exchanges.MESSAGE, addressed);
        Delivery.primary(target, 0, null).put(exchange);
        exchange.getMessage().setBody(calls.calls());
        Endpoint route = routes.computeIfAbsent(target, t -> getCamelContext().getEndpoint("direct:recall-" + t));
        template().send(route, exchange);
        if (exchange.getException() != null) {
            throw Failures.of(exchange.getException());
        }
    }

    /**
     * After a delivery is recorded: when its message was recalled here while the delivery was under way, the copy
     * just made is recalled at once, and the recall's outcomes say so. A map lookup otherwise.
     */
    public void afterDelivery(Exchange exchange) {
        if (recalledHere.isEmpty()) {
            return;
        }
        CanonicalMessage m = Exchanges.message(exchange);
        Delivery d = Delivery.on(exchange);
        if (m == null || d == null || d.queued() || !recalledHere.containsKey(m.id())) {
            return;
        }
        RecallTable.Row recall = recallTable.of(m.id());
        if (recall == null) {
            return;
        }
        for (DeliveryTable.Outcome o : deliveries.outcomes(new String[] {m.id()})) {
            if (o.row().target().equals(d.target()) && o.row().status() == DeliveryStatus.DELIVERED) {
                Outcome done = recallCopy(m, d.target(), o.row(), o.receipts());
                LOG.info("message id={} was recalled while its delivery to {} was under way: {}", m.id(), d.target(),
                        done.status().label());
                events().recalled(m, recall.recall(), done);
                List<Outcome> outcomes = new ArrayList<>();
                for (Outcome before : recall.outcomes()) {
                    if (!before.target().equals(d.target())) {
                        outcomes.add(before);
                    }
                }
                outcomes.add(done);
                recallTable.outcomes(m.id(), outcomes);
            }
        }
    }

    /** Whether the message was recalled by this process (a try of it is not made). */
    public boolean recalledHere(String messageId) {
        return !recalledHere.isEmpty() && recalledHere.containsKey(messageId);
    }

    private void remember(String messageId) {
        long now = System.currentTimeMillis();
        recalledHere.put(messageId, now);
        if (recalledHere.size() > 1024) {
            recalledHere.values().removeIf(at -> at < now - rememberMs);
        }
    }

    private DeliveryEvents events() {
        return single(DeliveryEvents.class);
    }
}
