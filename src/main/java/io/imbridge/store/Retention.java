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

    /** A message of {@code messages m} that nothing still needs: no delivery to make, no entry, no open dead letter. */
    static final String NO_PENDING_WORK = " NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id"
            + " AND d.status IN ('queued', 'pending', 'in-flight'))"
            + " AND NOT EXISTS (SELECT 1 FROM delivery_queue q WHERE q.message_id = m.id)"
            + " AND NOT EXISTS (SELECT 1 FROM dead_letters l WHERE l.message_id = m.id AND l.status = 'dead')";
    /** Oldest first, found through the primary key: ids sort by creation time ({@link BridgeId}). */
    static final String EXPIRED_MESSAGES = "SELECT m.id FROM messages m WHERE m.id < ? AND m.received_at < ? AND"
            + NO_PENDING_WORK + " ORDER BY m.id LIMIT ?";
    static final String DELETE_IDS = "DELETE FROM message_ids WHERE message_id = ANY(?)";
    static final String DELETE_DELIVERIES = "DELETE FROM deliveries WHERE message_id = ANY(?)";
    static final String DELETE_CALLS = "DELETE FROM delivered_calls WHERE message_id = ANY(?)";
    /** The pending-work check again: a re-drive may have queued the message since it was selected. */
    static final String DELETE_MESSAGES = "DELETE FROM messages m WHERE m.id = ANY(?) AND" + NO_PENDING_WORK;
    /** Re-driven dead letters are history once their message is gone; open ones are kept (see NO_PENDING_WORK). */
    static final String DELETE_RETRIED_DEAD_LETTERS = "DELETE FROM dead_letters WHERE status <> 'dead'"
            + " AND created_at < ? FETCH FIRST ? ROWS ONLY";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("idempotency")
    Idempotency idempotency;

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
            List<String> ids = db.query(EXPIRED_MESSAGES, rs -> rs.getString(1), firstKeptId, cutoff, batch);
            if (ids.isEmpty()) {
                break;
            }
            String[] batchIds = ids.toArray(String[]::new);
            db.atomically(new BridgeDatabase.Update(DELETE_IDS, (Object) batchIds),
                    new BridgeDatabase.Update(DELETE_DELIVERIES, (Object) batchIds),
                    new BridgeDatabase.Update(DELETE_CALLS, (Object) batchIds),
                    new BridgeDatabase.Update(DELETE_MESSAGES, (Object) batchIds));
            purged += ids.size();
            if (ids.size() < batch) {
                break;
            }
        }
        db.deleteInBatches(DELETE_RETRIED_DEAD_LETTERS, batch, cutoff);
        return purged;
    }
}
