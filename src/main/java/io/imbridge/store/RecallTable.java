package io.imbridge.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.Json;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallReport;

/**
 * The owner of {@code recalls} and {@code recall_outcomes}: per message, the recall that took it back (one: a second
 * is "already recalled"), and per target what became of its copy.
 */
@BindToRegistry("recallTable")
public class RecallTable {

    static final String CLAIM = "INSERT INTO recalls (message_id, recall, recalled_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (message_id) DO NOTHING";
    static final String CLAIM_H2 = "INSERT INTO recalls (message_id, recall, recalled_at) SELECT ?, ?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM recalls WHERE message_id = ?)";
    static final String SELECT = "SELECT recall, recalled_at FROM recalls WHERE message_id = ?";
    static final String DELETE = "DELETE FROM recalls WHERE message_id = ANY(?)";
    static final String RECALLED_AMONG = "SELECT message_id FROM recalls WHERE message_id = ANY(?)";
    /** A target's outcome, unless one is written already (a delivery that finished after the recall wrote it). */
    static final String FIRST_OUTCOME = "INSERT INTO recall_outcomes (message_id, target, outcome, updated_at)"
            + " VALUES (?, ?, ?, ?)";
    static final Dialect.Upsert SET_OUTCOME = Dialect.Upsert.of("recall_outcomes",
            "message_id, target, outcome, updated_at", 2);
    static final String OUTCOMES = "SELECT outcome FROM recall_outcomes WHERE message_id = ? ORDER BY target";
    static final String DELETE_OUTCOMES = "DELETE FROM recall_outcomes WHERE message_id = ANY(?)";

    /** A message's recall as kept, with its targets' outcomes (none until they are known). */
    public record Row(Recall recall, List<RecallReport.Outcome> outcomes, long recalledAt) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /**
     * Records the recall of a message, unless it was recalled before, for a caller's transaction: its row count is 1
     * for the first recall, 0 for any later one (H2, one process, has no ON CONFLICT: the same test in the statement).
     */
    public BridgeDatabase.Update claim(String messageId, Recall recall) {
        return db.dialect() == Dialect.H2
                ? new BridgeDatabase.Update(CLAIM_H2, messageId, Json.write(recall), recall.receivedAt(), messageId)
                : new BridgeDatabase.Update(CLAIM, messageId, Json.write(recall), recall.receivedAt());
    }

    /**
     * What became of a target's copy as the recall decided it: written unless the target has an outcome already (a
     * delivery under way when the recall came writes its own when it finishes, whichever writes first).
     */
    public void firstOutcome(String messageId, RecallReport.Outcome outcome) {
        db.insertIfAbsent(FIRST_OUTCOME, messageId, outcome.target(), Json.write(outcome), System.currentTimeMillis());
    }

    /** What became of a target's copy, replacing what was written for it (the copy recalled after its delivery). */
    public void outcome(String messageId, RecallReport.Outcome outcome) {
        db.update(db.sql(SET_OUTCOME), messageId, outcome.target(), Json.write(outcome), System.currentTimeMillis());
    }

    /** The message's recall, or null when it was never recalled. */
    public Row of(String messageId) {
        List<Row> rows = db.query(SELECT, rs -> new Row(read(rs.getString(1), Recall.class), List.of(),
                rs.getLong(2)), messageId);
        if (rows.isEmpty()) {
            return null;
        }
        List<RecallReport.Outcome> outcomes = db.query(OUTCOMES,
                rs -> read(rs.getString(1), RecallReport.Outcome.class), messageId);
        return new Row(rows.get(0).recall(), outcomes, rows.get(0).recalledAt());
    }

    /** Those of the messages that were recalled. */
    public Set<String> recalledAmong(String[] messageIds) {
        return messageIds.length == 0 ? Set.of()
                : new HashSet<>(db.query(RECALLED_AMONG, rs -> rs.getString(1), (Object) messageIds));
    }

    public BridgeDatabase.Update deleteOutcomes(String[] messageIds) {
        return new BridgeDatabase.Update(DELETE_OUTCOMES, (Object) messageIds);
    }

    public BridgeDatabase.Update delete(String[] messageIds) {
        return new BridgeDatabase.Update(DELETE, (Object) messageIds);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored recall is unreadable", e);
        }
    }

}
