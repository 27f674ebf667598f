package io.imbridge.store;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.Json;

/**
 * The owner of {@code delivered_calls}: the calls a target accepted for a message that needs several (recipients,
 * elements, chunks), each with its receipt, so that a later try of the message makes only the others.
 */
@BindToRegistry("deliveredCallTable")
public class DeliveredCallTable {

    static final String SELECT_ACCEPTED = "SELECT call_key, receipt FROM delivered_calls WHERE message_id = ? AND target = ?";
    static final String INSERT = "INSERT INTO delivered_calls (message_id, target, call_key, receipt, created_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    static final String OF_MESSAGE = "SELECT target, call_key, receipt, created_at FROM delivered_calls"
            + " WHERE message_id = ? ORDER BY created_at, target, call_key";
    static final String DELETE_OLDER_THAN = "DELETE FROM delivered_calls WHERE created_at < ?";
    static final String DELETE = "DELETE FROM delivered_calls WHERE message_id = ANY(?)";

    /** A call a target accepted, with its receipt, when. */
    public record Call(String target, String callKey, DeliveryReceipt receipt, long at) {
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** The receipts of the calls the target accepted for the message, by call key. */
    public Map<String, DeliveryReceipt> accepted(String messageId, String target) {
        Map<String, DeliveryReceipt> out = new HashMap<>();
        db.query(SELECT_ACCEPTED, rs -> out.put(rs.getString(1), read(rs.getString(2))), messageId, target);
        return out;
    }

    /** Every accepted call of the message, in the order they were made. */
    public java.util.List<Call> of(String messageId) {
        return db.query(OF_MESSAGE, rs -> new Call(rs.getString(1), rs.getString(2), read(rs.getString(3)),
                rs.getLong(4)), messageId);
    }

    /** Remembers one accepted call (a second record of the same call is ignored). */
    public void remember(String messageId, String target, String callKey, DeliveryReceipt receipt) {
        db.insertIfAbsent(INSERT, messageId, target, callKey, Json.write(receipt), System.currentTimeMillis());
    }

    /** Forgets calls recorded before {@code epochMs} (their messages are past every retry). */
    public int forgetOlderThan(long epochMs) {
        return db.update(DELETE_OLDER_THAN, epochMs);
    }

    /** Forgets the messages' calls, for a caller's transaction. */
    public BridgeDatabase.Update delete(String[] messageIds) {
        return new BridgeDatabase.Update(DELETE, (Object) messageIds);
    }

    private static DeliveryReceipt read(String json) {
        try {
            return Json.MAPPER.readValue(json, DeliveryReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored receipt is unreadable", e);
        }
    }
}
