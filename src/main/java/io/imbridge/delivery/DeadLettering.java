package io.imbridge.delivery;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.DeadLetterTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.QueueTable;
import io.imbridge.store.Role;

/**
 * Deliveries that failed for good (a mirror or a retried primary after its retries, or a permanent refusal) become
 * dead letters with the target, the provider's code, the category, the tries and the reason; a dead letter can be
 * re-driven (delivered again with fresh retries).
 */
@BindToRegistry("deadLettering")
public class DeadLettering {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.dead-letters");

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("deadLetterTable")
    DeadLetterTable table;
    @BeanInject("queueTable")
    QueueTable queueTable;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("messageRecords")
    MessageRecords records;
    @BeanInject("deliveryQueue")
    DeliveryQueue queue;

    /** The outcome of a re-drive request. */
    public enum Redrive { QUEUED, UNKNOWN, ALREADY_RETRIED }

    /** {@code direct:dead-letter}: the exchange's failed delivery becomes a dead letter. */
    public void store(Exchange exchange) {
        records.recordIfUnrecorded(exchange);
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Delivery d = Delivery.on(exchange);
        CanonicalMessage m = Exchanges.message(exchange);
        int attempts = Math.max(1, d.attempts());
        var insert = table.insert(m == null ? null : m.id(), d.target(), failure, attempts);
        // a queued entry leaves the queue in the same transaction: a crash never loses it between the two
        QueueEntry entry = d.entry();
        if (entry == null || entry.rowId() <= 0) {
            db.atomically(insert);
        } else {
            db.atomically(insert, queueTable.remove(entry.rowId()));
            queue.released(entry);
        }
        LOG.warn("dead letter id={} target={} category={} code={} attempts={} reason={}", m == null ? "-" : m.id(),
                d.target(), failure.category().label(), failure.vendorCode(), attempts, failure.getMessage());
        records.failed(exchange, failure);
    }

    /** Delivers a dead letter's message to its target again, with fresh retries. */
    public Redrive redrive(long letterId) {
        DeadLetterTable.Row letter = table.get(letterId);
        CanonicalMessage m = letter == null || letter.messageId() == null ? null : messages.load(letter.messageId());
        if (m == null) {
            return Redrive.UNKNOWN;
        }
        if (!table.markRetried(letterId)) {
            return Redrive.ALREADY_RETRIED;
        }
        queue.queue(m, letter.target(), Role.REDRIVE, 0);
        return Redrive.QUEUED;
    }
}
