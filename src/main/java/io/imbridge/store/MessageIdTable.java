package io.imbridge.store;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code message_ids}, the ID map: every id a message has anywhere (the source's and each target's,
 * under the provider's own names), so any of them finds the message again.
 */
@BindToRegistry("messageIdTable")
public class MessageIdTable {

    /** The longest id linked (the column's size); a longer one is kept in the message itself only. */
    public static final int MAX_ID = 256;
    static final Dialect.Upsert LINK = Dialect.Upsert.of("message_ids", "vendor, name, id_value, message_id", 4);
    /** Messages of another source that a provider's id belongs to (a delivery of the bridge coming back). */
    static final String OTHER_SOURCE = "SELECT i.message_id FROM message_ids i JOIN messages s ON s.id = i.message_id"
            + " WHERE i.vendor = ? AND i.id_value = ? AND s.source <> ? AND i.message_id <> ?";
    static final String MESSAGES_WITH = "SELECT DISTINCT message_id FROM message_ids WHERE id_value = ? ORDER BY message_id";
    /** The messages an id of a vendor names, under the vendor's name for it (through the key). */
    static final String FIND = "SELECT message_id FROM message_ids WHERE id_value = ? AND vendor = ? AND name = ?"
            + " ORDER BY message_id";
    static final String OF_MESSAGE = "SELECT vendor, name, id_value FROM message_ids WHERE message_id = ?"
            + " ORDER BY vendor, name";
    static final String DELETE = "DELETE FROM message_ids WHERE message_id = ANY(?)";
    /**
     * A vendor's ids of the messages it numbered in a conversation (their {@code seq} like {@code <conversation>#%},
     * narrowed again by the caller: SQLite's LIKE ignores case), in the order they were accepted.
     */
    static final String NUMBERED = "SELECT i.message_id, i.name, i.id_value FROM message_ids i WHERE i.vendor = ?"
            + " AND i.message_id IN (SELECT n.message_id FROM message_ids n WHERE n.vendor = ? AND n.name = ?"
            + " AND n.id_value LIKE ? ESCAPE '!' ORDER BY n.message_id DESC LIMIT ?)"
            + " ORDER BY i.message_id, i.name";
    /**
     * SQLite's: its key starts with the id's value and compares text by its bytes, so the conversation's range of values
     * is read through the key (its LIKE alone would read every id).
     */
    static final String NUMBERED_SQLITE = NUMBERED.replace("LIKE ? ESCAPE '!'",
            "LIKE ? ESCAPE '!' AND n.id_value >= ? AND n.id_value < ?");
    static final String HAS = "SELECT 1 FROM message_ids WHERE message_id = ? AND vendor = ? AND name = ?";
    /** The most messages one look at numbered messages reads: the newest. */
    public static final int MAX_NUMBERED = 10_000;

    /** One id of a message. */
    public record MessageId(String vendor, String name, String value) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** Links an id to a message, for a caller's transaction; null for an empty or over-long id. */
    public BridgeDatabase.Update link(String vendor, String name, String value, String messageId) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID) {
            return null;
        }
        return new BridgeDatabase.Update(db.sql(LINK), vendor, name, value, messageId);
    }

    /** Whether {@code vendor}'s id belongs to a message of another source than {@code vendor}. */
    public boolean belongsToAnotherSource(String vendor, String value, String messageId) {
        return !db.query(OTHER_SOURCE, rs -> rs.getString(1), vendor, value, vendor, messageId).isEmpty();
    }

    /** The messages that have {@code value} as an id anywhere. */
    public List<String> messagesWith(String value) {
        return db.query(MESSAGES_WITH, rs -> rs.getString(1), value);
    }

    /** The messages that {@code vendor}'s id {@code name} = {@code value} names (a recall's lookup), oldest first. */
    public List<String> find(String vendor, String name, String value) {
        return db.query(FIND, rs -> rs.getString(1), value, vendor, name);
    }

    /**
     * The ids {@code vendor} has for each message it numbered in {@code conversation} (all its conversations when
     * null), of the newest {@link #MAX_NUMBERED}: message id → (id name → value), oldest message first.
     */
    public Map<String, Map<String, String>> numbered(String vendor, String name, String conversation) {
        String pattern = conversation == null ? "%"
                : conversation.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "#%";
        Map<String, Map<String, String>> byMessage = new LinkedHashMap<>();
        BridgeDatabase.RowReader<String> row = rs -> byMessage.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                .put(rs.getString(2), rs.getString(3));
        if (conversation != null && db.dialect() == Dialect.SQLITE) {
            // '$' follows '#': every value that starts with "<conversation>#"
            db.query(NUMBERED_SQLITE, row, vendor, vendor, name, pattern, conversation + "#", conversation + "$",
                    MAX_NUMBERED);
        } else {
            db.query(NUMBERED, row, vendor, vendor, name, pattern, MAX_NUMBERED);
        }
        if (conversation != null) {
            // exactly the conversation: the number follows its '#' (SQLite's LIKE ignores case; sg_a#3#1 is not sg_a's)
            byMessage.values().removeIf(ids -> {
                String value = String.valueOf(ids.get(name));
                String number = value.startsWith(conversation + "#") ? value.substring(conversation.length() + 1) : "";
                return number.isEmpty() || !number.chars().allMatch(Character::isDigit);
            });
        }
        return byMessage;
    }

    /** Whether the message has an id {@code name} of {@code vendor}, as the caller's transaction sees it. */
    public boolean has(BridgeDatabase.Transaction tx, String messageId, String vendor, String name) throws SQLException {
        return tx.queryOne(rs -> rs.getInt(1), new BridgeDatabase.Update(HAS, messageId, vendor, name)) != null;
    }

    public List<MessageId> of(String messageId) {
        return db.query(OF_MESSAGE, rs -> new MessageId(rs.getString(1), rs.getString(2), rs.getString(3)), messageId);
    }

    public BridgeDatabase.Update delete(String[] messageIds) {
        return new BridgeDatabase.Update(DELETE, (Object) messageIds);
    }
}
