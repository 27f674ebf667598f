package io.imbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded SQLite file's write-ahead log into the database on a thread of its own, so that the checkpoint
 * SQLite makes inside the commit that grows the log past 1,000 pages — on the store's one writer thread, every write
 * queued behind it waiting — finds most pages copied and synced already. A passive checkpoint runs beside the writer
 * and its readers and takes no lock they wait for; a commit is durable once it is in the log, checkpointed or not.
 * The writer's own checkpoint is kept: only a complete one starts the log over, so without it the log grew by about
 * 30 KB per message under steady load. Every 25 ms: at 100 ms the writer still made its own, waiting on the file's
 * fsync, about three times a second at half the bridged peak. p99 at half the bridged peak, alternating
 * core-probe runs: 12.9–14.3 ms every 25 ms against 14.6–18.1 ms every 100 ms (BENCHMARKS.md).
 */
final class WalCheckpoints implements AutoCloseable {

    /** How often the log is copied while commits are made: often enough that the writer seldom copies it itself. */
    static final long INTERVAL_MS = 25;

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoints.class);

    private final DataSource dataSource;
    private final LongSupplier commits;
    private final ScheduledExecutorService thread;
    private long checkpointedAt = -1;

    WalCheckpoints(DataSource dataSource, LongSupplier commits, String name) {
        this.dataSource = dataSource;
        this.commits = commits;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-checkpoint-" + name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Copies what the log holds, unless nothing was committed since the last copy. */
    void checkpoint() {
        long now = commits.getAsLong();
        if (now == checkpointedAt) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            checkpointedAt = now;
        } catch (SQLException | RuntimeException e) {
            // the next round tries again; the log only grows meanwhile, nothing is lost
            LOG.warn("write-ahead log checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
