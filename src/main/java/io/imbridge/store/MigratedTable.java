package io.imbridge.store;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code migrated}: the source messages each target accepted, by the source's key, whichever run or
 * input brought them, so no migration sends a message to a target twice.
 */
@BindToRegistry("migratedTable")
public class MigratedTable {

    static final String ACCEPTED = "SELECT 1 FROM migrated WHERE target = ? AND item_key = ?";
    static final Dialect.Upsert INSERT = Dialect.Upsert.of("migrated", "target, item_key, run_id, accepted_at", 2);

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    public boolean accepted(String target, String key) {
        return !db.query(ACCEPTED, rs -> 1, target, key).isEmpty();
    }

    /** The target accepted the message, for the transaction that records the run's outcome. */
    public BridgeDatabase.Update accept(String target, String key, String runId) {
        return new BridgeDatabase.Update(db.sql(INSERT), target, key, runId, System.currentTimeMillis());
    }
}
