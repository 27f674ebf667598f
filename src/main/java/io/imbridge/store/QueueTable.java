package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code delivery_queue}, the embedded durable queue: deliveries waiting for their (next) try, each with
 * its conversation so that a conversation's entries to a target are taken in order.
 */
@BindToRegistry("queueTable")
public class QueueTable {

    static final String INSERT = "INSERT INTO delivery_queue (message_id, target, role, attempts, not_before, first_at,"
            + " leased_until, conversation) VALUES (?, ?, ?, ?, ?, ?, 0, ?)";
    static final String COLUMNS = "SELECT q.id, q.message_id, q.target, q.role, q.attempts, q.not_before, q.first_at"
            + " FROM delivery_queue q";
    /**
     * Due, not leased, and the oldest of its conversation at its target: an entry behind another of the same
     * conversation (queued earlier, under way or waiting for its retry) waits for it.
     */
    static final String DUE = COLUMNS + " WHERE q.not_before <= ? AND q.leased_until < ? AND NOT EXISTS"
            + " (SELECT 1 FROM delivery_queue p WHERE p.target = q.target AND p.conversation = q.conversation"
            + " AND p.id < q.id) ORDER BY q.id LIMIT ?";
    /** The oldest entry of a conversation at a target. */
    static final String HEAD_OF_CONVERSATION = COLUMNS + " WHERE q.target = ? AND q.conversation = ?"
            + " ORDER BY q.id LIMIT 1";
    static final String LEASE = "UPDATE delivery_queue SET leased_until = ?, leased_by = ? WHERE id = ?"
            + " AND leased_until < ?";
    static final String RESCHEDULE = "UPDATE delivery_queue SET attempts = ?, not_before = ?, leased_until = 0,"
            + " leased_by = NULL WHERE id = ?";
    /** Leases held by an instance that is gone (or by a process older than instances). */
    static final String RELEASE_ORPHANED = "UPDATE delivery_queue SET leased_until = 0, leased_by = NULL"
            + " WHERE leased_until > 0 AND (leased_by IS NULL OR leased_by" + InstanceTable.NOT_LIVE + ")";
    static final String DELETE = "DELETE FROM delivery_queue WHERE id = ?";
    /** A message's entries made due now (a recall's: each is then taken and dropped, its conversation let go). */
    static final String DUE_NOW = "UPDATE delivery_queue SET not_before = ? WHERE message_id = ? AND not_before > ?";
    static final String COUNT = "SELECT COUNT(*) FROM delivery_queue";
    static final String OF_MESSAGES = COLUMNS + " WHERE q.message_id = ANY(?) ORDER BY q.id";
    static final String DEPTHS = "SELECT target, COUNT(*) FROM delivery_queue GROUP BY target";

    /** A row of the queue (the message is loaded by whoever tries it). */
    public record Row(long id, String messageId, String target, Role role, int attempts, long notBefore, long firstAt) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    public void insert(String messageId, String target, Role role, int attempts, long notBefore, long firstAt,
                       String conversation) {
        BridgeDatabase.Update u = insertion(messageId, target, role, attempts, notBefore, firstAt, conversation);
        db.update(u.sql(), u.args());
    }

    /** An entry, for a caller's transaction. */
    public BridgeDatabase.Update insertion(String messageId, String target, Role role, int attempts, long notBefore,
                                           long firstAt, String conversation) {
        return new BridgeDatabase.Update(INSERT, messageId, target, role.label(), attempts, notBefore, firstAt,
                conversation);
    }

    /** Up to {@code limit} entries due at {@code now}, oldest first, each the head of its conversation. */
    public List<Row> due(long now, int limit) {
        return db.query(DUE, QueueTable::row, now, now, limit);
    }

    public List<Row> headOf(String target, String conversation) {
        return db.query(HEAD_OF_CONVERSATION, QueueTable::row, target, conversation);
    }

    /** Leases an entry until {@code until}, unless another took it since {@code now}; answers whether it did. */
    public boolean lease(long id, long until, long now) {
        return db.update(LEASE, until, db.instanceId(), id, now) == 1;
    }

    /**
     * The write putting an entry back (one statement), for a commit with its delivery's state: a crash leaves both
     * as they were or both as they will be.
     */
    public BridgeDatabase.Update rescheduling(long id, int attempts, long notBefore) {
        return new BridgeDatabase.Update(RESCHEDULE, attempts, notBefore, id);
    }

    /** Leases of gone instances are released: their entries are due again for any instance. */
    public int releaseOrphanedLeases() {
        return db.update(RELEASE_ORPHANED);
    }

    /**
     * Makes the message's waiting entries due now, for a recall's transaction: their deliveries are closed, so each is
     * dropped at its next take rather than holding its conversation until its retry time.
     */
    public BridgeDatabase.Update dueNow(String messageId) {
        long now = System.currentTimeMillis();
        return new BridgeDatabase.Update(DUE_NOW, now, messageId, now);
    }

    /** Removes an entry, for a caller's transaction. */
    public BridgeDatabase.Update remove(long id) {
        return new BridgeDatabase.Update(DELETE, id);
    }

    public void delete(long id) {
        db.update(DELETE, id);
    }

    /** The entries of the messages (their next try's time), oldest first. */
    public List<Row> of(String[] messageIds) {
        return db.query(OF_MESSAGES, QueueTable::row, (Object) messageIds);
    }

    /** Entries waiting per target. */
    public java.util.Map<String, Integer> depths() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        db.query(DEPTHS, rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    public int size() {
        return db.query(COUNT, rs -> rs.getInt(1)).get(0);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), Role.of(rs.getString(4)), rs.getInt(5),
                rs.getLong(6), rs.getLong(7));
    }
}
