package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The owner of {@code idempotency}: replies already given, by the caller's idempotency key. A key is claimed when its
 * request is accepted, holds the reply once it is made, and is released (given back) when its request failed, so the
 * caller's retry continues the same message.
 */
@BindToRegistry("idempotencyTable")
public class IdempotencyTable {

    static final String CLAIM = "INSERT INTO idempotency (idem_key, message_id, created_at, owner) VALUES (?, ?, ?, ?)";
    static final String RELEASED_MESSAGE = "SELECT message_id FROM idempotency WHERE idem_key = ? AND released";
    static final String RECLAIM = "UPDATE idempotency SET released = FALSE, created_at = ?, owner = ? WHERE idem_key = ?"
            + " AND released";
    static final String SELECT_REPLY = "SELECT status, content_type, reply FROM idempotency WHERE idem_key = ?";
    /**
     * Unanswered keys of a gone instance: one that stopped (or, without an owner, a process older than instances,
     * before {@code ?}); a live instance's request under way keeps its key.
     */
    static final String RELEASE_UNANSWERED = "UPDATE idempotency SET released = TRUE WHERE reply IS NULL AND NOT released"
            + " AND (owner IS NULL AND created_at < ? OR owner" + InstanceTable.NOT_LIVE + ")";
    static final String SET_REPLY = "UPDATE idempotency SET status = ?, content_type = ?, reply = ? WHERE idem_key = ?";
    static final String RELEASE = "UPDATE idempotency SET released = TRUE WHERE idem_key = ? AND reply IS NULL";
    /** Keys past their retention, a batch at a time (the {@code store-purge} route runs it, see {@link Retention}). */
    static final String DELETE_EXPIRED = "DELETE FROM idempotency WHERE idem_key IN"
            + " (SELECT idem_key FROM idempotency WHERE created_at < ? LIMIT ?)";

    /** A stored reply ({@code body} null while its request is still being delivered). */
    public record Reply(int status, String contentType, String body) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    @PropertyInject(value = "bridge.idempotency.retention-hours", defaultValue = "24")
    long retentionHours;

    /** Claims a key for a message; false when the key is known. */
    public boolean claim(String key, String messageId) {
        return db.insertIfAbsent(CLAIM, key, messageId, System.currentTimeMillis(), db.instanceId());
    }

    /** Takes back a released key: its message id, or null when it is not released (or another took it). */
    public String reclaim(String key) {
        List<String> given = db.query(RELEASED_MESSAGE, rs -> rs.getString(1), key);
        return !given.isEmpty() && db.update(RECLAIM, System.currentTimeMillis(), db.instanceId(), key) == 1 ? given.get(0) : null;
    }

    /** The key's reply, or null when the key is unknown. */
    public Reply reply(String key) {
        List<Reply> replies = db.query(SELECT_REPLY, rs -> new Reply(rs.getInt(1), rs.getString(2), rs.getString(3)),
                key);
        return replies.isEmpty() ? null : replies.get(0);
    }

    public void setReply(String key, int status, String contentType, String body) {
        db.update(SET_REPLY, status, contentType, body, key);
    }

    /** The write storing the key's reply, for a commit with others. */
    public BridgeDatabase.Update reply(String key, int status, String contentType, String body) {
        return new BridgeDatabase.Update(SET_REPLY, status, contentType, body, key);
    }

    /** Gives a key without a reply back. */
    public void release(String key) {
        db.update(RELEASE, key);
    }

    /**
     * Gives back every key never answered whose instance is gone (an ownerless one: claimed before {@code epochMs});
     * answers how many.
     */
    public int releaseUnansweredBefore(long epochMs) {
        return db.update(RELEASE_UNANSWERED, epochMs);
    }

    /** Removes the keys older than {@code bridge.idempotency.retention-hours}; answers how many. */
    public int purgeExpired(long now, int batch) {
        return db.deleteInBatches(DELETE_EXPIRED, batch, now - retentionHours * 3_600_000L);
    }
}
