package io.imbridge.store;

import java.sql.SQLException;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code conversation_seqs}: each conversation's last number, for a provider whose recall names a message
 * by its number in its conversation (OpenIM's {@code seq}; docs/recalls.md#a-recall-at-openim). Numbers start at 1,
 * follow the order the messages were recorded in, and are never given twice (a counter outlives its messages).
 */
@BindToRegistry("conversationSeqTable")
public class ConversationSeqTable {

    /** The counter made at 0 when the conversation has none (the upsert's key only: an existing one is left alone). */
    static final Dialect.Upsert CREATE = Dialect.Upsert.of("conversation_seqs", "vendor, conversation", 2);
    static final String INCREMENT = "UPDATE conversation_seqs SET seq = seq + 1 WHERE vendor = ? AND conversation = ?";
    static final String SELECT = "SELECT seq FROM conversation_seqs WHERE vendor = ? AND conversation = ?";
    static final String GIVE_BACK = "UPDATE conversation_seqs SET seq = seq - 1 WHERE vendor = ? AND conversation = ?";
    /** Whether the message has its number already (read once the counter is locked: another process's is seen). */
    static final String NUMBERED = "SELECT 1 FROM message_ids WHERE message_id = ? AND vendor = ? AND name = ?";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /**
     * The conversation's next number, taken in the caller's transaction: the counter's row stays locked until it
     * commits, so another process sharing the store takes the number after it, never the same one.
     */
    public long next(BridgeDatabase.Transaction tx, String vendor, String conversation) throws SQLException {
        tx.update(new BridgeDatabase.Update(db.sql(CREATE), vendor, conversation));
        tx.update(new BridgeDatabase.Update(INCREMENT, vendor, conversation));
        return tx.queryOne(rs -> rs.getLong(1), new BridgeDatabase.Update(SELECT, vendor, conversation));
    }

    /**
     * The next number for {@code messageId}, unless it has one already under {@code idName} (a message accepted twice,
     * by two processes at once): then 0, and the count is left as it was.
     */
    public long nextFor(BridgeDatabase.Transaction tx, String vendor, String conversation, String messageId,
                        String idName) throws SQLException {
        long seq = next(tx, vendor, conversation);
        if (tx.queryOne(rs -> rs.getInt(1), new BridgeDatabase.Update(NUMBERED, messageId, vendor, idName)) != null) {
            tx.update(new BridgeDatabase.Update(GIVE_BACK, vendor, conversation));
            return 0;
        }
        return seq;
    }
}
