package io.imbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imbridge.TestPostgres;

/**
 * Instances sharing a store: what a gone instance left under way is taken over by exactly one survivor, even when
 * several recover at once (both restarted after a crash), and a live instance's work is never taken. Each instance
 * here is its own {@link BridgeDatabase} (its own pool, writer and instance id) on one database: PostgreSQL when
 * the suite runs there, else one SQLite file (each instance its own writer, taking the write lock in turn).
 */
class TakeOverTest {

    static final int INSTANCES = 4;
    static final int ORPHANS = 50;
    final List<BridgeDatabase> dbs = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "take-over-");
        String url = TestPostgres.ACTIVE ? TestPostgres.newDatabase() : "";
        for (int i = 0; i < INSTANCES + 1; i++) {
            BridgeDatabase db = new BridgeDatabase();
            db.setDataDir(dir.toString());
            if (!url.isEmpty()) {
                db.setUrl(url);
                db.setUser("postgres");
            } else {
                // the same SQLite file from several pools (named by its URL: the data directory's lock is the
                // embedded default's, for one process)
                db.setUrl(BridgeDatabase.sqliteUrl(dir.toAbsolutePath(), "bridge"));
            }
            dbs.add(db);
        }
    }

    @AfterEach
    void close() {
        dbs.forEach(BridgeDatabase::close);
    }

    static DeliveryTable deliveries(BridgeDatabase db) {
        DeliveryTable t = new DeliveryTable();
        t.db = db;
        return t;
    }

    static InstanceTable instances(BridgeDatabase db) {
        InstanceTable t = new InstanceTable();
        t.db = db;
        return t;
    }

    @Test
    void aGoneInstancesDeliveriesAreTakenOverOnceAndALiveOnesNever() throws Exception {
        long now = System.currentTimeMillis();
        BridgeDatabase gone = dbs.get(0);
        instances(gone).register(now - 60_000);
        DeliveryTable goneDeliveries = deliveries(gone);
        for (int i = 0; i < ORPHANS; i++) {
            goneDeliveries.set("m" + i, "openim", Role.PRIMARY, DeliveryStatus.IN_FLIGHT, 1, null);
        }
        // a live instance's delivery under way
        BridgeDatabase live = dbs.get(1);
        instances(live).register(now);
        deliveries(live).set("live", "openim", Role.PRIMARY, DeliveryStatus.IN_FLIGHT, 1, null);

        // the gone instance is forgotten (its heartbeat is a minute old), then every survivor recovers at once
        List<BridgeDatabase> survivors = dbs.subList(1, dbs.size());
        survivors.forEach(db -> instances(db).register(now));
        assertEquals(1, instances(live).forgetStale(now - 15_000));
        ExecutorService pool = Executors.newFixedThreadPool(survivors.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> taken = new ArrayList<>();
        for (BridgeDatabase db : survivors) {
            taken.add(pool.submit(() -> {
                go.await();
                DeliveryTable d = deliveries(db);
                int mine = 0;
                for (DeliveryTable.Row orphan : d.orphanedInFlight(0)) {
                    BridgeDatabase.Update claim = d.takeOver(orphan, Role.RECOVERED, 0);
                    mine += db.update(claim.sql(), claim.args());
                }
                return mine;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : taken) {
            total += f.get();
        }
        pool.shutdown();
        assertEquals(ORPHANS, total, "each orphan taken over by exactly one survivor");
        assertTrue(deliveries(live).orphanedInFlight(0).isEmpty());
        assertEquals(DeliveryStatus.IN_FLIGHT, deliveries(live).status("live", "openim"),
                "a live instance's delivery under way is not taken");
        assertEquals(DeliveryStatus.QUEUED, deliveries(live).status("m0", "openim"));
    }

    @Test
    void aLiveInstancesUnansweredRequestKeepsItsKeyAndAGoneOnesIsGivenBack() {
        long now = System.currentTimeMillis();
        BridgeDatabase a = dbs.get(0);
        BridgeDatabase b = dbs.get(1);
        instances(a).register(now);
        IdempotencyTable keysOfA = new IdempotencyTable();
        keysOfA.db = a;
        assertTrue(keysOfA.claim("under-way-at-a", "m1"));
        // b starts: a is alive, its request under way keeps its key
        instances(b).register(now);
        IdempotencyTable keysOfB = new IdempotencyTable();
        keysOfB.db = b;
        assertEquals(0, keysOfB.releaseUnansweredBefore(now + 1));
        assertEquals(null, keysOfB.reclaim("under-way-at-a"));
        // a stops beating and is forgotten: its unanswered key is given back, and a retry at b continues m1
        a.update(InstanceTable.BEAT, now - 60_000, a.instanceId());
        assertEquals(1, instances(b).forgetStale(now - 15_000));
        assertEquals(1, keysOfB.releaseUnansweredBefore(now + 1));
        assertEquals("m1", keysOfB.reclaim("under-way-at-a"));
    }
}
