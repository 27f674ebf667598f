package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.Json;
import io.imbridge.canonical.Recall;
import io.imbridge.canonical.RecallReport;

/**
 * The owner of {@code recalls}: per message, the recall that took it back (one: a second is "already recalled") and
 * what became of each target's copy.
 */
@BindToRegistry("recallTable")
public class RecallTable {

    static final String CLAIM = "INSERT INTO recalls (message_id, recall, outcomes, recalled_at) VALUES (?, ?, NULL, ?)";
    static final String SET_OUTCOMES = "UPDATE recalls SET outcomes = ? WHERE message_id = ?";
    static final String SELECT = "SELECT recall, outcomes, recalled_at FROM recalls WHERE message_id = ?";
    static final String DELETE = "DELETE FROM recalls WHERE message_id = ANY(?)";

    /** A message's recall as kept, with its targets' outcomes (none until they are known). */
    public record Row(Recall recall, List<RecallReport.Outcome> outcomes, long recalledAt) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** Records the recall of a message, unless it was recalled before: answers whether this is its first. */
    public boolean claim(String messageId, Recall recall) {
        return db.insertIfAbsent(CLAIM, messageId, Json.write(recall), recall.receivedAt());
    }

    /** What became of each target's copy. */
    public void outcomes(String messageId, List<RecallReport.Outcome> outcomes) {
        db.update(SET_OUTCOMES, Json.write(outcomes), messageId);
    }

    /** The message's recall, or null when it was never recalled. */
    public Row of(String messageId) {
        List<Row> rows = db.query(SELECT, rs -> new Row(read(rs.getString(1), Recall.class),
                rs.getString(2) == null ? List.of() : readOutcomes(rs.getString(2)), rs.getLong(3)), messageId);
        return rows.isEmpty() ? null : rows.get(0);
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

    private static List<RecallReport.Outcome> readOutcomes(String json) {
        try {
            return Json.MAPPER.readValue(json, Json.MAPPER.getTypeFactory()
                    .constructCollectionType(List.class, RecallReport.Outcome.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored recall's outcomes are unreadable", e);
        }
    }
}
