package io.imbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The bridge's embedded H2 database under {@code bridge.data-dir} (file {@code bridge.mv.db}): ID map, delivery
 * states, idempotency keys, dead letters. Its schema is migrated at start (see {@link #applySchema}). Commits are written
 * through ({@code WRITE_DELAY=0}) so a killed process loses nothing it acknowledged. The file stays proportional to
 * what is kept: see {@link #SPACE_SETTINGS} and {@link #compact()}.
 */
@BindToRegistry("bridgeDatabase")
public class BridgeDatabase implements AutoCloseable, org.apache.camel.spi.OnCamelContextStopped {

    /**
     * H2's MVStore appends every commit as a new chunk; without these the file grew by about 60 KB per message.
     * <ul>
     * <li>{@code RETENTION_TIME=2000}: a chunk no longer needed is overwritten once it is 2 s old, not 45 s. Those 45 s
     * guard against a disk that reorders writes when the power fails; this bridge promises durability against the
     * process being killed ({@code kill -9}), where every write already made is in the OS page cache and reaches
     * the file in order, so that guard buys nothing here. Not 0: H2 also relies on it for readers that do not pin
     * their version (its automatic ANALYZE after a commit failed with "Chunk … not found" at 0), and 2 s is ample
     * for any read the bridge makes while costing only 2 s of writes on disk.</li>
     * <li>{@code MAX_LENGTH_INPLACE_LOB=8192}: a canonical message (a CLOB of a few hundred bytes) is kept in its row
     * rather than in H2's separate LOB maps, so a commit rewrites fewer pages. Older rows stay readable.</li>
     * <li>{@code MAX_COMPACT_TIME=2000}: at a graceful stop H2 moves chunks together and truncates the file for up
     * to 2 s (200 ms by default, too little to shrink it).</li>
     * </ul>
     */
    static final String SPACE_SETTINGS = ";RETENTION_TIME=2000;MAX_LENGTH_INPLACE_LOB=8192;MAX_COMPACT_TIME=2000";
    /** The most a compaction rewrites at once (it holds H2's store lock meanwhile, so commits wait for it). */
    static final int COMPACT_WRITE_BYTES = 1 << 20;
    /** Chunks are rewritten while, on average, less than this percentage of them is live (H2's own default). */
    static final int COMPACT_FILL_RATE = 90;

    private volatile JdbcConnectionPool pool;
    private Path dataDir = Path.of("./data").toAbsolutePath();
    private String name = "bridge";

    @PropertyInject(value = "bridge.data-dir", defaultValue = "./data")
    public void setDataDir(String dir) {
        dataDir = Path.of(dir).toAbsolutePath();
    }

    /**
     * The database file's name in the data directory: {@code bridge}; the {@code migrate} command keeps its
     * checkpoints in a file of its own ({@code migration}), so it runs beside a bridge on the same data directory.
     */
    @PropertyInject(value = "bridge.store.name", defaultValue = "bridge")
    public void setName(String fileName) {
        name = fileName;
    }

    private boolean closeOnExit = true;

    /**
     * Whether H2 closes the database from its own JVM shutdown hook (its default). The {@code migrate} command turns
     * it off: on Ctrl-C it finishes the messages under way and records them before it closes the database itself.
     */
    @PropertyInject(value = "bridge.store.close-on-exit", defaultValue = "true")
    public void setCloseOnExit(boolean close) {
        closeOnExit = close;
    }

    /** Opened at first use, once both properties are injected (their order is Camel's). */
    private JdbcConnectionPool pool() {
        JdbcConnectionPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    try {
                        Files.createDirectories(dataDir);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot create the data directory " + dataDir, e);
                    }
                    p = JdbcConnectionPool.create("jdbc:h2:file:" + dataDir.resolve(name)
                            + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000" + SPACE_SETTINGS
                            + (closeOnExit ? "" : ";DB_CLOSE_ON_EXIT=FALSE"), "bridge", "");
                    p.setMaxConnections(32);
                    applySchema(p);
                    pool = p;
                }
            }
        }
        return p;
    }

    public DataSource dataSource() {
        return pool();
    }

    /**
     * Versioned schema migrations ({@code db/migration/V<n>__*.sql}, Flyway): a data directory of any release opens
     * in the next. One made before migrations were versioned has no history table: it is baselined at version 0,
     * and V1 (idempotent) completes it.
     */
    private static void applySchema(JdbcConnectionPool pool) {
        try {
            Flyway.configure(BridgeDatabase.class.getClassLoader()).dataSource(pool).locations("classpath:db/migration")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("cannot prepare the bridge database", e);
        }
    }

    /** Runs an update; answers the row count. */
    public int update(String sql, Object... args) {
        try (Connection c = pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /**
     * Runs a {@code DELETE … FETCH FIRST ? ROWS ONLY} (the batch size its last parameter) until it removes fewer: each
     * batch is its own short transaction. Answers the rows removed.
     */
    public int deleteInBatches(String sql, int batch, Object... args) {
        Object[] withBatch = java.util.Arrays.copyOf(args, args.length + 1);
        withBatch[args.length] = batch;
        int removed = 0;
        int n;
        do {
            n = update(sql, withBatch);
            removed += n;
        } while (n == batch);
        return removed;
    }

    /** Inserts unless the key exists; answers whether it inserted. */
    public boolean insertIfAbsent(String sql, Object... args) {
        try (Connection c = pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // duplicate key
            }
            throw new IllegalStateException("database insert failed", e);
        }
    }

    /** One statement of an atomic batch. */
    public record Update(String sql, Object... args) {
    }

    /** Runs the updates in one transaction: after a crash, either all of them happened or none. */
    public void atomically(Update... updates) {
        try (Connection c = pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Update u : updates) {
                    try (PreparedStatement ps = c.prepareStatement(u.sql())) {
                        bind(ps, u.args());
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /** A row of a query, read by the caller. */
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowReader<T> reader, Object... args) {
        try (Connection c = pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    /**
     * The {@code store-compact} route's step: rewrites the live pages of chunks that later commits left mostly
     * empty, so those chunks are freed and their space reused. H2's background writer would do this, but it runs
     * only when commits are delayed ({@code WRITE_DELAY} above 0), which would lose acknowledged commits on a kill.
     * H2 has no SQL statement for it, hence its store API. Chunks are not moved while running (H2 does that at the
     * graceful stop): moving them concurrently with commits trips H2's own assertions.
     */
    public void compact() {
        try (Connection c = pool().getConnection()) {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            session.getDatabase().getStore().getMvStore().compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
        } catch (SQLException e) {
            throw new IllegalStateException("database compaction failed", e);
        }
    }

    @Override
    public void onContextStopped(org.apache.camel.CamelContext context) {
        close();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.dispose();
        }
    }
}
