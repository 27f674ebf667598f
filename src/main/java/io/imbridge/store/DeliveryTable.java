package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Json;

/**
 * The owner of {@code deliveries}: per message and target, where its delivery stands, how many tries it took, why it
 * failed, and the receipts the target gave.
 */
@BindToRegistry("deliveryTable")
public class DeliveryTable {

    /** A recalled delivery is closed: no later write of a try under way when its recall came changes it. */
    static final String RECALLED_ROW = "%s.status = 'recalled'";
    static final Dialect.Upsert SET_STATE = Dialect.Upsert.unless("deliveries",
            "message_id, target, role, status, attempts, category, vendor_code, detail, updated_at, owner", 2,
            RECALLED_ROW);
    /** A delivery made: its state and the target's receipts, one row written once (none when it was recalled). */
    static final Dialect.Upsert SET_DELIVERED = Dialect.Upsert.unless("deliveries",
            "message_id, target, role, status, attempts, category, vendor_code, detail, updated_at, owner, receipts", 2,
            RECALLED_ROW);
    /**
     * A recall's close of the message's deliveries not made: those not made yet (none is tried after it) and those
     * that failed (a re-drive of their dead letter, or a replay, is dropped too).
     */
    static final String CANCEL_OPEN = "UPDATE deliveries SET status = 'recalled', updated_at = ? WHERE message_id = ?"
            + " AND status IN ('queued', 'pending', 'in-flight', 'failed')";
    /** A delivered copy taken back by its target. */
    static final String RECALL_DELIVERED = "UPDATE deliveries SET status = 'recalled', updated_at = ?"
            + " WHERE message_id = ? AND target = ? AND status = 'delivered'";
    static final String SELECT_RECEIPTS = "SELECT receipts FROM deliveries WHERE message_id = ? AND target = ?"
            + " AND status = 'delivered' AND receipts IS NOT NULL";
    static final String SELECT_STATUS = "SELECT status FROM deliveries WHERE message_id = ? AND target = ?";
    static final String COLUMNS = "SELECT d.message_id, d.target, d.role, d.status, d.attempts, d.category,"
            + " d.vendor_code, d.detail, d.updated_at FROM deliveries d";
    static final String OF_MESSAGE = COLUMNS + " WHERE d.message_id = ? ORDER BY d.target";
    static final String OUTCOMES = "SELECT d.message_id, d.target, d.role, d.status, d.attempts, d.category,"
            + " d.vendor_code, d.detail, d.updated_at, d.receipts FROM deliveries d WHERE d.message_id = ANY(?)"
            + " ORDER BY d.message_id, d.target";
    /**
     * Written by an instance that is gone: by a forgotten instance, or (no owner) by a process older than instances,
     * before {@code ?}.
     */
    static final String ORPHANED = " (d.owner IS NULL AND d.updated_at < ? OR d.owner" + InstanceTable.NOT_LIVE + ")";
    static final String IN_FLIGHT = COLUMNS + " WHERE d.status = 'in-flight' AND" + ORPHANED;
    /** Marked queued (or pending) but with no queue entry: its writer died between the two. */
    static final String QUEUED_WITHOUT_ENTRY = COLUMNS + " WHERE d.status IN ('queued', 'pending') AND" + ORPHANED
            + " AND NOT EXISTS"
            + " (SELECT 1 FROM delivery_queue q WHERE q.message_id = d.message_id AND q.target = d.target)";
    /** An orphan taken over, unless another instance took it first (its status or owner changed since). */
    static final String TAKE_OVER = "UPDATE deliveries AS d SET status = 'queued', role = ?, owner = ?, updated_at = ?"
            + " WHERE d.message_id = ? AND d.target = ? AND d.status = ? AND" + ORPHANED;
    static final String DELETE = "DELETE FROM deliveries WHERE message_id = ANY(?)";

    /** A message's delivery to one target. */
    public record Row(String messageId, String target, Role role, DeliveryStatus status, int attempts,
                      String category, Integer vendorCode, String detail, long updatedAt) {
    }

    /** A delivery with the receipts the target gave (none until it is delivered). */
    public record Outcome(Row row, List<DeliveryReceipt> receipts) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** Sets where a delivery stands (and, when it failed, why), for a caller's transaction. */
    public BridgeDatabase.Update state(String messageId, String target, Role role, DeliveryStatus status, int attempts,
                                       BridgeException failure) {
        return new BridgeDatabase.Update(db.sql(SET_STATE), messageId, target, role.label(), status.label(), attempts,
                failure == null ? null : failure.category().label(), failure == null ? null : failure.vendorCode(),
                failure == null ? null : truncate(failure.getMessage()), System.currentTimeMillis(), db.instanceId());
    }

    public void set(String messageId, String target, Role role, DeliveryStatus status, int attempts,
                    BridgeException failure) {
        BridgeDatabase.Update u = state(messageId, target, role, status, attempts, failure);
        db.update(u.sql(), u.args());
    }

    /** A delivery made, with the receipts the target gave (none: null), for a caller's transaction. */
    public BridgeDatabase.Update delivered(String messageId, String target, Role role, int attempts,
                                           List<DeliveryReceipt> receipts) {
        return new BridgeDatabase.Update(db.sql(SET_DELIVERED), messageId, target, role.label(),
                DeliveryStatus.DELIVERED.label(), attempts, null, null, null, System.currentTimeMillis(),
                db.instanceId(), receipts == null ? null : Json.write(receipts));
    }

    /** Closes every delivery of the message not made (a recall's), for the recall's transaction. */
    public BridgeDatabase.Update cancelOpen(String messageId) {
        return new BridgeDatabase.Update(CANCEL_OPEN, System.currentTimeMillis(), messageId);
    }

    /** Marks a delivered copy recalled, once its target took it back. */
    public void recalled(String messageId, String target) {
        db.update(RECALL_DELIVERED, System.currentTimeMillis(), messageId, target);
    }

    /** The report of a delivery already made (its receipts as the target gave them), or null. */
    public DeliveryReport deliveredReport(String messageId, String target) {
        List<String> stored = db.query(SELECT_RECEIPTS, rs -> rs.getString(1), messageId, target);
        return stored.isEmpty() ? null : new DeliveryReport(target, readReceipts(stored.get(0)));
    }

    private static List<DeliveryReceipt> readReceipts(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json,
                    Json.MAPPER.getTypeFactory().constructCollectionType(List.class, DeliveryReceipt.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored receipts are unreadable", e);
        }
    }

    /** Where the message's delivery to the target stands; null when it has none. */
    public DeliveryStatus status(String messageId, String target) {
        List<String> s = db.query(SELECT_STATUS, rs -> rs.getString(1), messageId, target);
        return s.isEmpty() ? null : DeliveryStatus.of(s.get(0));
    }

    public List<Row> of(String messageId) {
        return db.query(OF_MESSAGE, DeliveryTable::row, messageId);
    }

    /** The deliveries of the messages, with their receipts. */
    public List<Outcome> outcomes(String[] messageIds) {
        return db.query(OUTCOMES, rs -> new Outcome(row(rs), readReceipts(rs.getString(10))), (Object) messageIds);
    }

    /**
     * Deliveries under way while their caller waited that a gone instance never finished (an ownerless row only when
     * written before {@code epochMs}).
     */
    public List<Row> orphanedInFlight(long epochMs) {
        return db.query(IN_FLIGHT, DeliveryTable::row, epochMs);
    }

    /** Deliveries a gone instance marked queued or pending that have no entry in the embedded queue. */
    public List<Row> orphanedWithoutEntry(long epochMs) {
        return db.query(QUEUED_WITHOUT_ENTRY, DeliveryTable::row, epochMs);
    }

    /**
     * Takes over an orphan as this instance's queued delivery in {@code role}, for a caller's transaction: its row
     * count is 1 for the one instance that takes it, 0 for any other.
     */
    public BridgeDatabase.Update takeOver(Row orphan, Role role, long epochMs) {
        return new BridgeDatabase.Update(TAKE_OVER, role.label(), db.instanceId(), System.currentTimeMillis(),
                orphan.messageId(), orphan.target(), orphan.status().label(), epochMs);
    }

    public BridgeDatabase.Update delete(String[] messageIds) {
        return new BridgeDatabase.Update(DELETE, (Object) messageIds);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Object code = rs.getObject(7);
        return new Row(rs.getString(1), rs.getString(2), Role.of(rs.getString(3)), DeliveryStatus.of(rs.getString(4)),
                rs.getInt(5), rs.getString(6), code == null ? null : ((Number) code).intValue(), rs.getString(8),
                rs.getLong(9));
    }

    static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
