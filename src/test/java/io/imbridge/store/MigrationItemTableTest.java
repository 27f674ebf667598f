package io.imbridge.store;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.imbridge.RunningBridge;
import io.imbridge.store.MigrationItemTable.Item;
import io.imbridge.store.MigrationItemTable.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A migration plan's duplicates, on SQLite and on PostgreSQL (the PostgreSQL suite runs this class too): a later line
 * whose source message an earlier valid line already planned is a duplicate; the first copy, a copy after an invalid
 * line, and another run's lines (even its own duplicates) are not.
 */
class MigrationItemTableTest {

    @Test
    void aLaterCopyOfAPlannedSourceMessageIsMarkedDuplicateAndNothingElse() throws Exception {
        try (RunningBridge b = RunningBridge.start()) {
            BridgeDatabase db = RetentionTest.bean(b, "bridgeDatabase", BridgeDatabase.class);
            MigrationItemTable items = RetentionTest.bean(b, "migrationItemTable", MigrationItemTable.class);
            db.atomically(
                    items.insert(item("run-a", 1, "k1", Status.PENDING)),
                    items.insert(item("run-a", 2, "k2", Status.PENDING)),
                    items.insert(item("run-a", 3, "k1", Status.PENDING)),  // a copy of line 1
                    items.insert(item("run-a", 4, "k3", Status.INVALID)),  // not planned: hides nothing
                    items.insert(item("run-a", 5, "k3", Status.PENDING)),
                    items.insert(item("run-a", 6, "k1", Status.PENDING)),  // a second copy of line 1
                    items.insert(item("run-a", 7, "k2", Status.SENT)),     // already done: left as it is
                    items.insert(item("run-b", 1, "k2", Status.PENDING)),  // another run's plan,
                    items.insert(item("run-b", 2, "k9", Status.PENDING)),  // with a duplicate of its own
                    items.insert(item("run-b", 3, "k9", Status.PENDING)));

            assertEquals(2, items.markDuplicates("run-a"));

            assertEquals(List.of("1 PENDING", "2 PENDING", "3 DUPLICATE", "4 INVALID", "5 PENDING", "6 DUPLICATE",
                    "7 SENT"), statuses(db, "run-a"));
            assertEquals(List.of("1 PENDING", "2 PENDING", "3 PENDING"), statuses(db, "run-b"));
            assertEquals(0, items.markDuplicates("run-a"), "marked once");
            assertEquals(1, items.markDuplicates("run-b"));
            assertEquals(List.of("1 PENDING", "2 PENDING", "3 DUPLICATE"), statuses(db, "run-b"));
            assertEquals(List.of("1 PENDING", "2 PENDING", "3 DUPLICATE", "4 INVALID", "5 PENDING", "6 DUPLICATE",
                    "7 SENT"), statuses(db, "run-a"), "run-a untouched by run-b's");
        }
    }

    private static Item item(String run, long no, String key, Status status) {
        return new Item(run, no, "history.jsonl", no, "c1", 1_600_000_000_000L + no, 0, key, "{}", status, 0, null,
                null, null, null);
    }

    private static List<String> statuses(BridgeDatabase db, String run) {
        return db.query("SELECT item_no, status FROM migration_items WHERE run_id = ? ORDER BY item_no",
                rs -> rs.getLong(1) + " " + rs.getString(2), run);
    }

    /**
     * A vendor id holding a NUL (a JSON escape of code 0: EndpointFuzzTest's Tencent webhook MsgKey) is kept and found
     * again on both stores (PostgreSQL's text holds no NUL: a 500 before).
     */
    @Test
    void anIdWithANulIsKeptAndFoundAgain() throws Exception {
        try (RunningBridge b = RunningBridge.start()) {
            IdempotencyTable keys = RetentionTest.bean(b, "idempotencyTable", IdempotencyTable.class);
            String key = "tencent|cb|1|48374_1\u0000_1557481126";
            assertEquals(true, keys.claim(key, "01TESTID000000000000000000"));
            assertEquals(false, keys.claim(key, "01TESTID000000000000000001"), "the same key is known");
            assertEquals(true, keys.claim("tencent|cb|1|48374_1_1557481126", "01TESTID000000000000000002"),
                    "another key");
        }
    }
}
