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
     * Gives back the number {@link #next} took in the same transaction (the counter still locked by it, so no later
     * number was taken): the message had one already.
     */
    public void giveBack(BridgeDatabase.Transaction tx, String vendor, String conversation) throws SQLException {
        tx.update(new BridgeDatabase.Update(GIVE_BACK, vendor, conversation));
    }
}
