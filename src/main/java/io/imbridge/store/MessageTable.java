package io.imbridge.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;

/** The owner of {@code messages}: every accepted message in its canonical form. */
@BindToRegistry("messageTable")
public class MessageTable {

    static final Dialect.Upsert UPSERT = Dialect.Upsert.of("messages", "id, source, canonical, received_at", 1);
    static final String INSERT = "INSERT INTO messages (id, source, canonical, received_at) VALUES (?, ?, ?, ?)";
    static final String SELECT_CANONICAL = "SELECT canonical FROM messages WHERE id = ?";
    static final String SELECT_ID = "SELECT id FROM messages WHERE id = ?";
    static final String SELECT_MANY = "SELECT id, canonical FROM messages WHERE id = ANY(?)";
    /** The newest first, through the primary key (ids sort by creation time). */
    static final String RECENT = "SELECT canonical FROM messages ORDER BY id DESC LIMIT ?";
    /** A message that nothing still needs: no delivery to make, no queue entry, no open dead letter. */
    static final String NO_PENDING_WORK = " NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id"
            + " AND d.status IN ('queued', 'pending', 'in-flight'))"
            + " AND NOT EXISTS (SELECT 1 FROM delivery_queue q WHERE q.message_id = m.id)"
            + " AND NOT EXISTS (SELECT 1 FROM dead_letters l WHERE l.message_id = m.id AND l.status = 'dead')";
    /** Oldest first, found through the primary key: ids sort by creation time. */
    static final String EXPIRED = "SELECT m.id FROM messages m WHERE m.id < ? AND m.received_at < ? AND"
            + NO_PENDING_WORK + " ORDER BY m.id LIMIT ?";
    /** The pending-work check again: a re-drive may have queued the message since it was selected. */
    static final String DELETE = "DELETE FROM messages AS m WHERE m.id = ANY(?) AND" + NO_PENDING_WORK;

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** Records (or records again) a message, for a caller's transaction. */
    public BridgeDatabase.Update record(CanonicalMessage m) {
        return new BridgeDatabase.Update(db.sql(UPSERT), m.id(), m.source().vendor(), Json.write(m), m.receivedAt());
    }

    /** Records a message another instance accepted, unless it is known here. */
    public void recordIfAbsent(CanonicalMessage m) {
        // looked up first: an entry's message is nearly always stored already, and a read needs no commit
        if (!exists(m.id())) {
            db.insertIfAbsent(INSERT, m.id(), m.source().vendor(), Json.write(m), m.receivedAt());
        }
    }

    public boolean exists(String id) {
        return !db.query(SELECT_ID, rs -> 1, id).isEmpty();
    }

    /** The {@code limit} messages accepted last, newest first (the console's live flow). */
    public List<CanonicalMessage> recent(int limit) {
        return db.query(RECENT, rs -> read(rs.getString(1)), limit);
    }

    /** The stored canonical message, or null. */
    public CanonicalMessage load(String id) {
        List<String> canonical = db.query(SELECT_CANONICAL, rs -> rs.getString(1), id);
        return canonical.isEmpty() ? null : read(canonical.get(0));
    }

    /** The stored canonical messages of {@code ids} (those still kept), by id, in one query. */
    public Map<String, CanonicalMessage> loadAll(String[] ids) {
        Map<String, CanonicalMessage> byId = new HashMap<>();
        if (ids.length > 0) {
            db.query(SELECT_MANY, rs -> byId.put(rs.getString(1), read(rs.getString(2))), (Object) ids);
        }
        return byId;
    }

    private static CanonicalMessage read(String canonical) {
        try {
            return Json.MAPPER.readValue(canonical, CanonicalMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored message is unreadable", e);
        }
    }

    /**
     * Up to {@code limit} ids of messages received before {@code cutoff} (and with ids below {@code firstKeptId})
     * that have no work pending.
     */
    public List<String> expired(String firstKeptId, long cutoff, int limit) {
        return db.query(EXPIRED, rs -> rs.getString(1), firstKeptId, cutoff, limit);
    }

    /** Removes the messages (those still without pending work), for a caller's transaction. */
    public BridgeDatabase.Update delete(String[] ids) {
        return new BridgeDatabase.Update(DELETE, (Object) ids);
    }
}
