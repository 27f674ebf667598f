package io.imbridge.store;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;

/**
 * The owner of {@code bridge_instances}: the bridge processes using this store, each with its heartbeat. An instance
 * that stopped beating is forgotten, and what it left under way (deliveries in flight, leased queue entries) becomes
 * an orphan that a live instance takes over (see {@link DeliveryTable#takeOver} and {@link QueueTable}).
 */
@BindToRegistry("instanceTable")
public class InstanceTable {

    static final String REGISTER = "INSERT INTO bridge_instances (instance_id, started_at, heartbeat_at) VALUES (?, ?, ?)";
    static final String BEAT = "UPDATE bridge_instances SET heartbeat_at = ? WHERE instance_id = ?";
    static final String FORGET_OTHERS = "DELETE FROM bridge_instances WHERE instance_id <> ?";
    static final String FORGET_STALE = "DELETE FROM bridge_instances WHERE heartbeat_at < ? AND instance_id <> ?";
    static final String COUNT = "SELECT COUNT(*) FROM bridge_instances";
    /** A row's owner that is not a live instance (or no owner: written before instances were kept). */
    static final String NOT_LIVE = " NOT IN (SELECT instance_id FROM bridge_instances)";

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    /** This process's id in the store (a new one at every start: a restarted process is another instance). */
    public String self() {
        return db.instanceId();
    }

    public void register(long now) {
        db.insertIfAbsent(REGISTER, self(), now, now);
    }

    /**
     * Beats this instance's heartbeat; answers false when others had forgotten it (it was silent too long) and it
     * registered again.
     */
    public boolean beat(long now) {
        if (db.update(BEAT, now, self()) == 1) {
            return true;
        }
        register(now);
        return false;
    }

    /** At the start of the one process an embedded file allows: every other instance is a dead one. */
    public int forgetOthers() {
        return db.update(FORGET_OTHERS, self());
    }

    /** Instances silent since {@code before}: answers how many were forgotten. */
    public int forgetStale(long before) {
        return db.update(FORGET_STALE, before, self());
    }

    public int count() {
        return db.query(COUNT, rs -> rs.getInt(1)).get(0);
    }
}
