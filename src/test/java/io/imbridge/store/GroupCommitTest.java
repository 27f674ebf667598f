package io.imbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The store's writes from concurrent callers share commits, and each caller still gets its own outcome: its row
 * count, its duplicate key, its failure, with the others of the same commit unaffected. On the embedded SQLite file, and
 * on PostgreSQL when the suite runs there.
 */
class GroupCommitTest {

    BridgeDatabase db;

    @BeforeEach
    void open() throws Exception {
        db = new BridgeDatabase();
        Path dir = Files.createDirectories(Path.of("target", "test-data"));
        db.setDataDir(Files.createTempDirectory(dir, "group-commit-").toString());
        if (TestPostgres.ACTIVE) {
            db.setUrl(TestPostgres.newDatabase());
            db.setUser("postgres");
        }
        assertEquals(TestPostgres.ACTIVE ? Dialect.POSTGRESQL : Dialect.SQLITE, db.dialect());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void concurrentWritesShareCommitsAndEachIsCommittedBeforeItsCallerGoesOn() throws Exception {
        int threads = 32;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        long commitsBefore = db.commits();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    String key = "k-" + thread + "-" + i;
                    assertTrue(db.insertIfAbsent(IdempotencyTable.CLAIM, key, null, System.currentTimeMillis(), "test"));
                    // answered only once committed: another connection sees it at once
                    assertEquals(1, db.query("SELECT COUNT(*) FROM idempotency WHERE idem_key = ?",
                            rs -> rs.getInt(1), key).get(0));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long writes = threads * each;
        long commits = db.commits() - commitsBefore;
        assertEquals(writes, db.query("SELECT COUNT(*) FROM idempotency", rs -> rs.getLong(1)).get(0));
        assertTrue(commits < writes / 2, "writes of concurrent callers share commits: " + commits + " commits for "
                + writes + " writes");
    }

    @Test
    void aFailingWriteIsUndoneAloneAndTheOthersOfItsCommitStay() throws Exception {
        assertTrue(db.insertIfAbsent(IdempotencyTable.CLAIM, "taken", null, 1L, "test"));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        List<Future<?>> failing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            claims.add(pool.submit(() -> {
                go.await();
                return db.insertIfAbsent(IdempotencyTable.CLAIM, thread % 2 == 0 ? "taken" : "new-" + thread, null, 2L,
                        "test");
            }));
            failing.add(pool.submit(() -> {
                go.await();
                // two statements, the second failing: the first is undone with it
                db.atomically(new BridgeDatabase.Update(IdempotencyTable.CLAIM, "half-" + thread, null, 3L, "test"),
                        new BridgeDatabase.Update("INSERT INTO no_such_table VALUES (1)"));
                return null;
            }));
        }
        go.countDown();
        for (int t = 0; t < threads; t++) {
            assertEquals(t % 2 != 0, claims.get(t).get(), "claim " + t);
            Future<?> f = failing.get(t);
            assertThrows(java.util.concurrent.ExecutionException.class, f::get);
        }
        pool.shutdown();
        assertEquals(threads / 2, db.query("SELECT COUNT(*) FROM idempotency WHERE idem_key LIKE 'new-%'",
                rs -> rs.getInt(1)).get(0));
        assertEquals(0, db.query("SELECT COUNT(*) FROM idempotency WHERE idem_key LIKE 'half-%'",
                rs -> rs.getInt(1)).get(0));
        assertFalse(db.insertIfAbsent(IdempotencyTable.CLAIM, "taken", null, 4L, "test"));
    }

    @Test
    void aTransactionsLaterStatementsSeeTheEarlierOnesRowCounts() {
        assertTrue(db.insertIfAbsent(IdempotencyTable.CLAIM, "once", null, 1L, "test"));
        // claim-or-skip: the insert runs only when the update found the row
        int inserted = db.transaction(tx -> tx.update(new BridgeDatabase.Update(
                "UPDATE idempotency SET released = TRUE WHERE idem_key = ? AND NOT released", "once")) == 1
                ? tx.update(new BridgeDatabase.Update(IdempotencyTable.CLAIM, "after-once", null, 2L, "test")) : 0);
        int again = db.transaction(tx -> tx.update(new BridgeDatabase.Update(
                "UPDATE idempotency SET released = TRUE WHERE idem_key = ? AND NOT released", "once")) == 1
                ? tx.update(new BridgeDatabase.Update(IdempotencyTable.CLAIM, "after-twice", null, 3L, "test")) : 0);
        assertEquals(1, inserted);
        assertEquals(0, again);
        assertEquals(List.of("after-once"), db.query("SELECT idem_key FROM idempotency WHERE idem_key LIKE 'after-%'",
                rs -> rs.getString(1)));
    }
}
