package io.imbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code migration_items}: a run's plan, one row per message read (or line refused) in input order,
 * and each message's outcome. A conversation's messages are sent in (time, source sequence, input order) order.
 */
@BindToRegistry("migrationItemTable")
public class MigrationItemTable {

    /** A planned message's outcome so far. */
    public enum Status {
        /** Planned, not tried yet. */
        PENDING,
        /** A try is under way, or was when the process stopped (the target may have it: resent with its same keys). */
        SENDING,
        SENT,
        /** The target accepted it in an earlier run. */
        SKIPPED,
        /** The same source message came earlier in the input. */
        DUPLICATE,
        FAILED,
        /**
         * Waits behind an earlier message of its conversation that could not be delivered yet (a resumed run sends
         * both, in order).
         */
        HELD,
        /** The line cannot be migrated. */
        INVALID
    }

    /**
     * A planned line. {@code conversation}, {@code key} and {@code message} are null for an invalid line;
     * {@code degraded} says what the target cannot hold as it is (null: nothing); {@code category},
     * {@code vendorCode}, {@code reason} describe a failure or why a line is invalid.
     */
    public record Item(String runId, long itemNo, String file, long line, String conversation, long sortTime,
                       long sortSeq, String key, String message, Status status, int attempts, String degraded,
                       String category, Integer vendorCode, String reason) {
    }

    static final String INSERT = "INSERT INTO migration_items (run_id, item_no, input_file, input_line, conversation,"
            + " sort_time, sort_seq, item_key, message, status, attempts, degraded, category, vendor_code, reason)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE_RUN = "DELETE FROM migration_items WHERE run_id = ?";
    static final String COLUMNS = "SELECT run_id, item_no, input_file, input_line, conversation, sort_time, sort_seq,"
            + " item_key, message, status, attempts, degraded, category, vendor_code, reason FROM migration_items";
    /** Conversations with a message still to send, in the order their first message was read. */
    static final String CONVERSATIONS_WITH_WORK = "SELECT conversation FROM migration_items WHERE run_id = ?"
            + " AND status IN ('PENDING', 'SENDING') GROUP BY conversation ORDER BY MIN(item_no)";
    /** A conversation's messages in sending order (a later input copy of a message is not one of them). */
    static final String CONVERSATION = COLUMNS + " WHERE run_id = ? AND conversation = ? AND status <> 'DUPLICATE'"
            + " ORDER BY sort_time, sort_seq, item_no";
    static final String TRYING = "UPDATE migration_items SET status = 'SENDING', attempts = attempts + 1"
            + " WHERE run_id = ? AND item_no = ?";
    static final String OUTCOME = "UPDATE migration_items SET status = ?, category = ?, vendor_code = ?, reason = ?"
            + " WHERE run_id = ? AND item_no = ?";
    static final String MOVED = "UPDATE migration_items SET message = ?, degraded = ? WHERE run_id = ? AND item_no = ?";
    static final String COUNTS = "SELECT status, COUNT(*) FROM migration_items WHERE run_id = ? GROUP BY status";
    static final String DEGRADED_SENT = "SELECT COUNT(*) FROM migration_items WHERE run_id = ? AND degraded IS NOT NULL"
            + " AND status IN ('SENT', 'PENDING', 'SENDING')";
    static final String PROBLEMS = COLUMNS + " WHERE run_id = ? AND status IN ('FAILED', 'INVALID') ORDER BY item_no";
    static final String DEGRADED = COLUMNS + " WHERE run_id = ? AND degraded IS NOT NULL"
            + " AND status IN ('SENT', 'PENDING', 'SENDING') ORDER BY item_no";
    static final String RETRY_FAILED = "UPDATE migration_items SET status = 'PENDING', category = NULL,"
            + " vendor_code = NULL, reason = NULL WHERE run_id = ? AND status IN ('FAILED', 'HELD')";
    /**
     * A later copy of a source message (same key as an earlier line that is not invalid) becomes a duplicate:
     * each key's first valid line, then the later lines with that key, through the key index on every engine. The
     * same test as a correlated {@code EXISTS} per row made SQLite walk the run's rows for each row (it chose the
     * primary key): 18 s of a 38 s migration of 10,000 messages, growing with the square of the plan (BENCHMARKS.md
     * › Migration). A join of every copy with every earlier one would grow with the square of a key's copies.
     */
    static final String MARK_DUPLICATES = "UPDATE migration_items SET status = 'DUPLICATE',"
            + " reason = 'the same source message is earlier in the input' WHERE run_id = ? AND status = 'PENDING'"
            + " AND item_no IN (SELECT later.item_no FROM migration_items later"
            + " JOIN (SELECT item_key, MIN(item_no) AS first_no FROM migration_items"
            + " WHERE run_id = ? AND status <> 'INVALID' GROUP BY item_key) earliest"
            + " ON earliest.item_key = later.item_key AND later.item_no > earliest.first_no WHERE later.run_id = ?)";
    static final String IN_DOUBT = "SELECT COUNT(*) FROM migration_items WHERE run_id = ? AND status = 'SENDING'";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** A planned line, for the transaction that writes a batch of them. */
    public BridgeDatabase.Update insert(Item i) {
        return new BridgeDatabase.Update(INSERT, i.runId(), i.itemNo(), i.file(), i.line(), i.conversation(),
                i.sortTime(), i.sortSeq(), i.key(), i.message(), i.status().name(), i.attempts(), i.degraded(),
                i.category(), i.vendorCode(), i.reason());
    }

    /** The run's plan removed (it is planned again), for a transaction. */
    public BridgeDatabase.Update deleteRun(String runId) {
        return new BridgeDatabase.Update(DELETE_RUN, runId);
    }

    public List<String> conversationsWithWork(String runId) {
        return db.query(CONVERSATIONS_WITH_WORK, rs -> rs.getString(1), runId);
    }

    public List<Item> conversation(String runId, String conversation) {
        return db.query(CONVERSATION, MigrationItemTable::item, runId, conversation);
    }

    /** A try begins (counted before the call, so a stop during it leaves the message SENDING). */
    public void trying(String runId, long itemNo) {
        db.update(TRYING, runId, itemNo);
    }

    /** The target accepted: with the record that it has the message, for one transaction. */
    public BridgeDatabase.Update sent(String runId, long itemNo) {
        return new BridgeDatabase.Update(OUTCOME, Status.SENT.name(), null, null, null, runId, itemNo);
    }

    /** A planned message changed at plan time (its time moved), with what the plan now says of its line. */
    public void moved(String runId, long itemNo, String message, String degraded) {
        db.update(MOVED, message, degraded, runId, itemNo);
    }

    public void held(String runId, long itemNo) {
        db.update(OUTCOME, Status.HELD.name(), null, null, null, runId, itemNo);
    }

    public void skipped(String runId, long itemNo) {
        db.update(OUTCOME, Status.SKIPPED.name(), null, null, null, runId, itemNo);
    }

    public void failed(String runId, long itemNo, String category, Integer vendorCode, String reason) {
        db.update(OUTCOME, Status.FAILED.name(), category, vendorCode, DeliveryTable.truncate(reason), runId, itemNo);
    }

    public Map<Status, Long> counts(String runId) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        db.query(COUNTS, rs -> counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2)), runId);
        return counts;
    }

    /** Messages sent, or still to send, in a form the target degrades. */
    public long degradedCount(String runId) {
        return db.query(DEGRADED_SENT, rs -> rs.getLong(1), runId).get(0);
    }

    /** Failed messages and invalid lines, in input order. */
    public List<Item> problems(String runId) {
        return db.query(PROBLEMS, MigrationItemTable::item, runId);
    }

    /** Messages sent, or still to send, in a form the target degrades, in input order. */
    public List<Item> degraded(String runId) {
        return db.query(DEGRADED, MigrationItemTable::item, runId);
    }

    /** Marks later copies of a source message in the plan; answers how many. */
    public int markDuplicates(String runId) {
        return db.update(MARK_DUPLICATES, runId, runId, runId);
    }

    /** Messages whose try was under way when the process stopped. */
    public long inDoubt(String runId) {
        return db.query(IN_DOUBT, rs -> rs.getLong(1), runId).get(0);
    }

    /** A resumed run tries its failed messages again, and those held behind them. */
    public int retryFailed(String runId) {
        return db.update(RETRY_FAILED, runId);
    }

    private static Item item(ResultSet rs) throws SQLException {
        Object code = rs.getObject(14);
        return new Item(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), Status.valueOf(rs.getString(10)),
                rs.getInt(11), rs.getString(12), rs.getString(13), code == null ? null : ((Number) code).intValue(),
                rs.getString(15));
    }
}
