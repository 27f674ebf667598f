package io.imbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The background checkpoint copies the log into the file, and leaves it alone when nothing was committed. */
class WalCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void copiesWhatWasCommittedIntoTheFileOnItsOwnThread() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(BridgeDatabase.sqliteUrl(dir, "t"));
        AtomicLong commits = new AtomicLong();
        try (Connection writer = ds.getConnection(); Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, text TEXT)");
            for (int i = 0; i < 200; i++) { // 200 commits, well under SQLite's own checkpoint at 1,000 pages
                s.execute("INSERT INTO m (text) VALUES ('" + "x".repeat(500) + "')");
                commits.incrementAndGet();
            }
            long fileBefore = Files.size(dir.resolve("t.db"));
            int[] before = log(writer);
            assertTrue(before[0] > 0 && before[1] < before[0], "frames in the log not yet in the file: " + before[0]
                    + " / " + before[1]);
            try (WalCheckpoints checkpoints = new WalCheckpoints(ds, commits::get, "t")) {
                long deadline = System.currentTimeMillis() + 5_000;
                while (Files.size(dir.resolve("t.db")) == fileBefore && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            }
            assertTrue(Files.size(dir.resolve("t.db")) > fileBefore, "the rows reached the database file");
            int[] after = log(writer);
            assertEquals(after[0], after[1], "every frame of the log is in the file");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM m")) {
                rs.next();
                assertEquals(200, rs.getInt(1));
            }
        }
    }

    @Test
    void nothingCommittedSinceTheLastCopyCopiesNothing() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(BridgeDatabase.sqliteUrl(dir, "u"));
        AtomicLong commits = new AtomicLong(7);
        try (Connection writer = ds.getConnection(); Statement s = writer.createStatement();
             WalCheckpoints checkpoints = new WalCheckpoints(ds, commits::get, "u")) {
            s.execute("CREATE TABLE m (id INTEGER PRIMARY KEY)");
            checkpoints.checkpoint(); // commit count 7, none copied before: copied
            int[] first = log(writer);
            assertEquals(first[0], first[1], "copied: " + first[0] + " / " + first[1]);
            s.execute("INSERT INTO m VALUES (1)"); // not counted: as if nothing was committed since
            checkpoints.checkpoint();
            int[] log = log(writer);
            assertTrue(log[1] < log[0], "the uncounted commit was left in the log: " + log[0] + " / " + log[1]);
            commits.incrementAndGet();
            checkpoints.checkpoint();
            int[] last = log(writer);
            assertEquals(last[0], last[1], "counted, then copied: " + last[0] + " / " + last[1]);
        }
    }

    /** The log's frames and those of them already in the file ({@code NOOP}: reported, nothing copied). */
    private static int[] log(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(NOOP)")) {
            rs.next();
            return new int[] {rs.getInt(2), rs.getInt(3)};
        }
    }
}
