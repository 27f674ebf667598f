package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import io.imbridge.canonical.BridgeException;

/**
 * The owner of {@code dead_letters}: deliveries that failed for good, with the target, the provider's code, the
 * category, the tries and the reason; {@code dead} until re-driven, then {@code retried}.
 */
@BindToRegistry("deadLetterTable")
public class DeadLetterTable {

    static final String INSERT = "INSERT INTO dead_letters (message_id, target, category, vendor, vendor_code, reason,"
            + " attempts, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dead')";
    static final String COLUMNS = "SELECT id, message_id, target, category, vendor, vendor_code, reason, attempts,"
            + " created_at, status FROM dead_letters";
    static final String ALL = COLUMNS + " ORDER BY id";
    static final String ONE = COLUMNS + " WHERE id = ?";
    static final String OF_MESSAGE = COLUMNS + " WHERE message_id = ? ORDER BY id";
    static final String OF_MESSAGES = COLUMNS + " WHERE message_id = ANY(?) ORDER BY id";
    static final String OPEN_COUNT = "SELECT COUNT(*) FROM dead_letters WHERE status = 'dead'";
    static final String MARK_RETRIED = "UPDATE dead_letters SET status = 'retried' WHERE id = ? AND status = 'dead'";
    /** Re-driven dead letters are history after the retention; open ones are kept (their message too). */
    static final String DELETE_RETRIED = "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters"
            + " WHERE status <> 'dead' AND created_at < ? LIMIT ?)";

    /** A dead letter. */
    public record Row(long id, String messageId, String target, String category, String vendor, Integer vendorCode,
                      String reason, int attempts, long at, String status) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** A new dead letter, for a caller's transaction. */
    public BridgeDatabase.Update insert(String messageId, String target, BridgeException failure, int attempts) {
        String reason = failure.getMessage() == null ? "" : DeliveryTable.truncate(failure.getMessage());
        return new BridgeDatabase.Update(INSERT, messageId, target, failure.category().label(), failure.vendor(),
                failure.vendorCode(), reason, attempts, System.currentTimeMillis());
    }

    /** Oldest first. */
    public List<Row> all() {
        return db.query(ALL, DeadLetterTable::row);
    }

    /** The message's dead letters, oldest first. */
    public List<Row> of(String messageId) {
        return db.query(OF_MESSAGE, DeadLetterTable::row, messageId);
    }

    /** Dead letters not re-driven. */
    public int openCount() {
        return db.query(OPEN_COUNT, rs -> rs.getInt(1)).get(0);
    }

    /** The dead letters of the messages, oldest first. */
    public List<Row> of(String[] messageIds) {
        return db.query(OF_MESSAGES, DeadLetterTable::row, (Object) messageIds);
    }

    public Row get(long id) {
        List<Row> rows = db.query(ONE, DeadLetterTable::row, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Marks a dead letter re-driven; false when it already was. */
    public boolean markRetried(long id) {
        return db.update(MARK_RETRIED, id) == 1;
    }

    /** Removes re-driven dead letters created before {@code cutoff}, a batch at a time. */
    public int deleteRetriedBefore(long cutoff, int batch) {
        return db.deleteInBatches(DELETE_RETRIED, batch, cutoff);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Object code = rs.getObject(6);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                code == null ? null : ((Number) code).intValue(), rs.getString(7), rs.getInt(8), rs.getLong(9),
                rs.getString(10));
    }
}
