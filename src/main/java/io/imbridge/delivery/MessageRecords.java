package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.provider.Provider;
import io.imbridge.provider.Providers;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.ConversationSeqTable;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.Role;

/**
 * The route steps that record a message and its deliveries (the persistent message-ID map): every accepted message
 * with its source ids, and per target its delivery state and the ids the target gave (serverMsgID, MsgKey,
 * msgid_client, …), through the tables' owners; what belongs together is one transaction.
 */
@BindToRegistry("messageRecords")
public class MessageRecords {

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("messageIdTable")
    MessageIdTable ids;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("conversationSeqTable")
    ConversationSeqTable seqs;
    @BeanInject("providers")
    Providers providers;

    /**
     * Records an accepted message before any delivery, in one commit: the message and its source ids, and when it
     * is bridged (planned), its primary's delivery as under way and its mirrors' as queued. The plan keeps the mirrors
     * still to queue: a caller's retry of a message (resumed) does not queue a mirror again that is queued, under
     * way or done.
     */
    public void accepted(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        List<BridgeDatabase.Update> writes = new ArrayList<>();
        writes.add(messages.record(m));
        link(writes, m.source().vendor(), m.source().ids(), m.id());
        Router.Plan plan = Router.planOf(exchange);
        if (plan != null) {
            Delivery primary = Delivery.on(exchange);
            // under way while its caller waits, or (a source answered once its message is on the bus) queued there
            if (primary != null && primary.target() != null
                    && (primary.status() == DeliveryStatus.IN_FLIGHT || primary.status() == DeliveryStatus.QUEUED)) {
                writes.add(deliveries.state(m.id(), primary.target(), primary.role(), primary.status(),
                        primary.attempts(), null));
            }
            boolean resumed = exchange.getProperty(Exchanges.RESUMED, false, Boolean.class);
            List<String> mirrors = new ArrayList<>();
            for (String mirror : plan.mirrors()) {
                if (resumed && deliveries.status(m.id(), mirror) != null) {
                    continue; // a resumed message's mirror is already queued, under way or done
                }
                mirrors.add(mirror);
                writes.add(deliveries.state(m.id(), mirror, Role.MIRROR, DeliveryStatus.QUEUED, 0, null));
            }
            if (mirrors.size() != plan.mirrors().size()) {
                new Router.Plan(plan.primary(), List.copyOf(mirrors)).put(exchange);
            }
        }
        String numberedIn = numberedConversation(m);
        if (numberedIn == null) {
            db.atomically(writes.toArray(BridgeDatabase.Update[]::new));
            return;
        }
        db.transaction(tx -> {
            for (BridgeDatabase.Update u : writes) {
                tx.update(u);
            }
            String vendor = m.source().vendor();
            long seq = seqs.next(tx, vendor, numberedIn);
            // numbered already (accepted twice, by two processes at once): read once the counter is locked, so the
            // other's number is seen, and this one given back
            if (ids.has(tx, m.id(), vendor, Provider.SEQ)) {
                seqs.giveBack(tx, vendor, numberedIn);
                return 0;
            }
            return tx.update(ids.link(vendor, Provider.SEQ, Provider.numberedId(numberedIn, seq), m.id()));
        });
    }

    /**
     * The conversation the source numbers the message in ({@link Provider#numberedConversation}), or null. One too
     * long for the ID map is not numbered (its messages cannot be recalled by number). A message numbered when first
     * accepted (a caller's retry of it) keeps its number.
     */
    private String numberedConversation(CanonicalMessage m) {
        Provider source = providers.named(m.source().vendor());
        String conversation = source == null ? null : source.numberedConversation(m);
        return conversation == null
                || Provider.numberedId(conversation, Long.MAX_VALUE).length() > MessageIdTable.MAX_ID
                ? null : conversation;
    }

    /**
     * Whether an arriving message is one the bridge delivered itself (a loop): one of its source ids is an id its
     * vendor gave the bridge as the target of another message.
     */
    public boolean isEcho(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        String vendor = m.source().vendor();
        Provider source = providers.named(vendor);
        return m.source().ids().entrySet().stream()
                .filter(id -> source == null || source.identifiesMessage(id.getKey()))
                .anyMatch(id -> ids.belongsToAnotherSource(vendor, id.getValue(), m.id()));
    }

    /** Adds to {@code writes} the links of the ids the caller's reply handed out (once the reply is made). */
    @SuppressWarnings("unchecked")
    void replied(Exchange exchange, List<BridgeDatabase.Update> writes) {
        CanonicalMessage m = Exchanges.message(exchange);
        Map<String, String> given = exchange.getProperty(Exchanges.CALLER_IDS, Map.class);
        if (m != null && given != null) {
            link(writes, m.source().vendor(), given, m.id());
        }
    }

    /** The delivery state of a message at a target, or null when it has none. */
    DeliveryStatus status(String messageId, String target) {
        return deliveries.status(messageId, target);
    }

    /**
     * Records the target's acceptance (the body, or the exchange's report) with the ids it gave, in one commit.
     * Answers false when the delivery was recalled while it was under way: its state stays recalled (the ids are
     * kept, so its copy can be found and taken back).
     */
    public boolean delivered(Exchange exchange) {
        Delivery d = Delivery.on(exchange);
        if (d.queued()) {
            return true; // queued for later, not delivered yet
        }
        CanonicalMessage m = Exchanges.message(exchange);
        DeliveryReport report = Exchanges.reportOnHand(exchange);
        List<BridgeDatabase.Update> writes = new ArrayList<>();
        if (exchange.getProperty(Exchanges.UNRECORDED, false, Boolean.class)) {
            // recorded with its delivery: one commit where two were
            writes.add(messages.record(m));
            exchange.removeProperty(Exchanges.UNRECORDED);
        }
        if (report != null) {
            for (DeliveryReceipt receipt : report.receipts()) {
                link(writes, d.target(), receipt.ids(), m.id());
            }
        }
        BridgeDatabase.Update delivered = deliveries.delivered(m.id(), d.target(), d.role(), d.attempts(),
                report == null ? null : report.receipts());
        return db.transaction(tx -> {
            for (BridgeDatabase.Update u : writes) {
                tx.update(u);
            }
            return tx.update(delivered) == 1;
        });
    }

    /**
     * A delivery of a message that may not be stored yet (an event from outside the bridge, another instance's
     * entry): when it is not, it is marked so that the delivery's first write records it in the same transaction
     * (a delivery made at once then costs one commit, not two).
     */
    public void markUnrecorded(Exchange exchange, CanonicalMessage m) {
        if (exchange.getProperty(Exchanges.UNRECORDED) != null) {
            return; // its reader knew already (the bus, from the delivery states it read)
        }
        if (!messages.exists(m.id())) {
            exchange.setProperty(Exchanges.UNRECORDED, Boolean.TRUE);
        }
    }

    /** A delivery that failed a try: its message, when not stored yet, is recorded now (before any state of it). */
    public void recordIfUnrecorded(Exchange exchange) {
        if (exchange.getProperty(Exchanges.UNRECORDED, false, Boolean.class)) {
            messages.recordIfAbsent(Exchanges.message(exchange));
            exchange.removeProperty(Exchanges.UNRECORDED);
        }
    }

    /** Records a failed delivery (the caller got the error, or the retries are exhausted). */
    public void failed(Exchange exchange, BridgeException failure) {
        CanonicalMessage m = Exchanges.message(exchange);
        Delivery d = Delivery.on(exchange);
        if (m != null && d != null && d.target() != null) {
            deliveries.set(m.id(), d.target(), d.role(), DeliveryStatus.FAILED, d.attempts(), failure);
        }
    }

    /** Records the caught failure of a delivery whose caller is told of it (Tencent's webhook, its own answer). */
    public void failedCaught(Exchange exchange) {
        failed(exchange, Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
    }

    /** Records a delivery's state (waiting for its next try) as it stands on the exchange, and why (or null). */
    public void state(Exchange exchange, DeliveryStatus status, BridgeException failure) {
        Delivery d = Delivery.on(exchange);
        deliveries.set(Exchanges.message(exchange).id(), d.target(), d.role(), status, d.attempts(), failure);
    }

    /** The report of a delivery already made, or null. */
    DeliveryReport deliveredReport(String messageId, String target) {
        return deliveries.deliveredReport(messageId, target);
    }

    /** Links a vendor's ids of the message, those that identify it ({@link Provider#identifiesMessage}). */
    private void link(List<BridgeDatabase.Update> writes, String vendor, Map<String, String> given, String messageId) {
        Provider provider = providers.named(vendor);
        given.forEach((name, value) -> {
            if (provider == null || provider.identifiesMessage(name)) {
                add(writes, ids.link(vendor, name, value, messageId));
            }
        });
    }

    private static void add(List<BridgeDatabase.Update> writes, BridgeDatabase.Update u) {
        if (u != null) {
            writes.add(u);
        }
    }
}
