package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeId;

/**
 * What the bridge database keeps, and for how long: a message with its ids (the ID map) and its delivery records is
 * removed {@code bridge.store.retention-days} after it was received — unless it still has work pending (a delivery
 * queued, pending or under way, a queue entry, or an open dead letter a re-drive would need). Run by the
 * {@code store-purge} route (routes/housekeeping.yaml), in batches of {@code bridge.store.purge-batch} messages, each
 * its own short transaction, so a large purge never holds the tables for long.
 */
@BindToRegistry("retention")
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final long DAY_MS = 86_400_000L;

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messageTable")
    MessageTable messages;
    @BeanInject("messageIdTable")
    MessageIdTable ids;
    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("deliveredCallTable")
    DeliveredCallTable calls;
    @BeanInject("deadLetterTable")
    DeadLetterTable deadLetters;
    @BeanInject("recallTable")
    RecallTable recalls;
    @BeanInject("idempotencyTable")
    IdempotencyTable idempotency;

    @PropertyInject(value = "bridge.store.retention-days", defaultValue = "30")
    long retentionDays;
    @PropertyInject(value = "bridge.store.purge-batch", defaultValue = "500")
    int batch;

    /** The {@code store-purge} route's step: removes what is past its retention. */
    public void purge() {
        long now = System.currentTimeMillis();
        int messages = purgeReceivedBefore(now - retentionDays * DAY_MS);
        int keys = idempotency.purgeExpired(now, batch);
        if (messages > 0 || keys > 0) {
            LOG.info("purged {} messages older than {} days and {} expired idempotency keys", messages, retentionDays,
                    keys);
        }
    }

    /** Removes the messages received before {@code cutoff} that have no work pending; answers how many. */
    public int purgeReceivedBefore(long cutoff) {
        String firstKeptId = BridgeId.firstAt(cutoff);
        int purged = 0;
        while (true) {
            List<String> expired = messages.expired(firstKeptId, cutoff, batch);
            if (expired.isEmpty()) {
                break;
            }
            String[] batchIds = expired.toArray(String[]::new);
            // each table's owner gives its statement; one transaction removes a message with everything it had
            db.atomically(ids.delete(batchIds), deliveries.delete(batchIds), calls.delete(batchIds),
                    recalls.deleteOutcomes(batchIds), recalls.delete(batchIds), messages.delete(batchIds));
            purged += expired.size();
            if (expired.size() < batch) {
                break;
            }
        }
        deadLetters.deleteRetriedBefore(cutoff, batch);
        return purged;
    }
}
