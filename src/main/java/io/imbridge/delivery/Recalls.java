package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
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
import io.imbridge.provider.Providers;
import io.imbridge.provider.RecallCalls;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.QueueTable;
import io.imbridge.store.RecallTable;
import io.imbridge.support.ContextBean;

/**
 * A recall, decided in one place: the message found through the ID map by the ids its source handed out, recorded as
 * recalled (once: a second recall is refused) with every delivery not made yet closed in the same commit (its queue
 * entry or bus record dropped at its next try), then each delivered copy taken back by the target's recall calls
 * ({@link Provider#recallCalls}, made by the target's route {@code direct:recall-<target>}, routes/templates.yaml), a
 * target that cannot recall reported as degraded. A copy delivered while its recall was under way is recalled as soon
 * as its delivery finds its state closed ({@link #deliveredAfterRecall}). (docs/recalls.md tells what each provider
 * can recall.)
 */
@BindToRegistry("recalls")
public class Recalls extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger(Recalls.class);

    @BeanInject("providers")
    Providers providers;
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

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("queueTable")
    QueueTable queueTable;

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

    /**
     * One recall: the message found, recorded as recalled together with every delivery of it not made yet (closed in
     * the same commit: none is tried after it, in this process or another, and a try under way when it came finds its
     * delivery closed when it records it — {@link #deliveredAfterRecall}), then every delivered copy taken back.
     */
    RecallReport recall(Recall r) {
        CanonicalMessage m = find(r);
        String messageId = m.id();
        // what each delivery was before the recall closed it: a failed one is told as never delivered
        Map<String, DeliveryTable.Row> before = new java.util.HashMap<>();
        for (DeliveryTable.Row row : deliveries.of(messageId)) {
            before.put(row.target(), row);
        }
        boolean first = db.transaction(tx -> {
            if (tx.update(recallTable.claim(messageId, r)) == 0) {
                return false;
            }
            tx.update(deliveries.cancelOpen(messageId));
            tx.update(queueTable.dueNow(messageId));
            return true;
        });
        if (!first) {
            throw new BridgeException(ErrorCategory.ALREADY_RECALLED, "the message was recalled before");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (DeliveryTable.Outcome d : deliveries.outcomes(new String[] {messageId})) {
            Outcome o = takeBack(m, d, before.get(d.row().target()));
            outcomes.add(o);
            events().recalled(m, r, o);
        }
        return new RecallReport(messageId, outcomes);
    }

    /**
     * The message a recall names: one the recall's source handed out an id for (an id a target gave for its copy does
     * not name a message to its source's clients); of several (a client id two senders used), the recalling sender's.
     */
    private CanonicalMessage find(Recall r) {
        CanonicalMessage found = null;
        for (Map.Entry<String, String> id : r.source().ids().entrySet()) {
            for (String messageId : ids.find(r.source().vendor(), id.getKey(), id.getValue())) {
                CanonicalMessage m = messages.load(messageId);
                if (m == null || !m.source().vendor().equals(r.source().vendor())) {
                    continue;
                }
                if (r.operator() != null && r.operator().equals(m.sender())) {
                    return m;
                }
                found = found == null ? m : found;
            }
        }
        if (found == null) {
            throw new BridgeException(ErrorCategory.MESSAGE_UNKNOWN, "no message the bridge handed out has "
                    + r.source().ids().keySet() + " " + r.source().ids().values());
        }
        return found;
    }

    /**
     * One target's copy, as the recall's commit left it (and as it was before, {@code was}): cancelled, recalled,
     * left (degraded or failed), or none.
     */
    private Outcome takeBack(CanonicalMessage m, DeliveryTable.Outcome d, DeliveryTable.Row was) {
        DeliveryTable.Row row = d.row();
        String target = row.target();
        DeliveryTable.Row failed = row.status() == DeliveryStatus.FAILED ? row
                : was != null && was.status() == DeliveryStatus.FAILED ? was : null;
        Outcome o = failed != null ? new Outcome(target, Status.NOT_DELIVERED, failed.category(), failed.vendorCode(),
                "never delivered: " + failed.detail())
                : switch (row.status()) {
                    // closed by the recall's commit (a try under way then recalls its copy when it records it)
                    case RECALLED, QUEUED, PENDING, IN_FLIGHT, FAILED -> new Outcome(target, Status.CANCELLED, null,
                            null, "not delivered yet: its delivery is cancelled");
                    case DELIVERED -> recallCopy(m, target, d.receipts());
                };
        if (o.status() == Status.CANCELLED) {
            recallTable.firstOutcome(m.id(), o);
        } else {
            recallTable.outcome(m.id(), o);
        }
        return o;
    }

    /** A delivered copy taken back by the target's recall calls; its delivery marked recalled when it is. */
    private Outcome recallCopy(CanonicalMessage m, String target, List<io.imbridge.canonical.DeliveryReceipt> receipts) {
        Provider provider = providers.named(target);
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
        deliveries.recalled(m.id(), target);
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
     * A delivery that found its state closed by a recall when it recorded its copy (it was under way when the
     * recall came, here or in another instance): the copy just made is taken back at once, with the receipts the
     * target gave, and the target's recall outcome says what became of it.
     */
    public void deliveredAfterRecall(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        Delivery d = Delivery.on(exchange);
        io.imbridge.canonical.DeliveryReport report = Exchanges.reportOnHand(exchange);
        Outcome done = recallCopy(m, d.target(), report == null ? List.of() : report.receipts());
        LOG.info("message id={} was recalled while its delivery to {} was under way: {}", m.id(), d.target(),
                done.status().label());
        recallTable.outcome(m.id(), done);
        RecallTable.Row recall = recallTable.of(m.id());
        if (recall != null) {
            events().recalled(m, recall.recall(), done);
        }
    }

    private DeliveryEvents events() {
        return single(DeliveryEvents.class);
    }
}
