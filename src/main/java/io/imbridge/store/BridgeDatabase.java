package io.imbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
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

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The bridge's database: ID map, delivery states, idempotency keys, the queue, dead letters. By default the embedded
 * SQLite file {@code bridge.db} under {@code bridge.data-dir} (in WAL mode; one process holds it, see
 * {@link DataDirLock}); {@code bridge.store.url} may name a PostgreSQL instead ({@code jdbc:postgresql://…}, with
 * {@code bridge.store.user} and {@code bridge.store.password}), which several bridge processes share. A data directory
 * of an earlier release (H2's {@code bridge.mv.db}) is converted once at start ({@link StoreConversion}). Either way:
 * a HikariCP pool, the dialect's versioned migrations at start (see {@link #applySchema}), and every write made
 * through {@link GroupCommit}, whose commits concurrent messages share and which answers a writer only once its write
 * is committed. docs/operations.md (the data directory) says why these settings.
 */
@BindToRegistry("bridgeDatabase")
public class BridgeDatabase implements AutoCloseable, org.apache.camel.spi.OnCamelContextStopped {

    /**
     * The embedded SQLite file's settings, for each connection of the pool:
     * <ul>
     * <li>{@code journal_mode=WAL}: a commit appends its pages to the write-ahead log, and readers go on meanwhile.</li>
     * <li>{@code synchronous=NORMAL}: a commit is written to the log (so a killed process loses nothing it
     * acknowledged: the OS has the write) without waiting for the disk; the log is synced at its checkpoints, so a
     * power failure may lose the last commits but never corrupts the file (SQLite's documented WAL guarantee; H2
     * gave the same).</li>
     * <li>{@code busy_timeout}: a second connection writing (a test's second pool, the conversion) waits its
     * turn.</li>
     * <li>{@code journal_size_limit}: the log is cut back to 16 MB after a checkpoint, so disk use follows what is
     * kept.</li>
     * <li>{@code jdbc.get_generated_keys=false}: the driver does not read back a generated key after each insert
     * (a query and a regex per statement; the bridge reads none).</li>
     * </ul>
     */
    static final String SQLITE_SETTINGS = "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000"
            + "&journal_size_limit=16777216"
            + "&jdbc.get_generated_keys=false";

    /**
     * For an H2 file named in {@code bridge.store.url} (and the conversion of one): H2's MVStore appends every commit as a new chunk; without these the file grew by about 60 KB per message.
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

    /** The open database: its pool, dialect and writer, and the data directory's lock (embedded file only). */
    private record Open(HikariDataSource pool, Dialect dialect, GroupCommit writer, DataDirLock lock,
                        WalCheckpoints checkpoints) {
    }

    private volatile Open open;
    /** Why {@link #openAhead} could not open the store, for its first use to report; guarded by this. */
    private RuntimeException failedAhead;
    private boolean closed;
    /** This process in the store's {@code bridge_instances}: new at every start. */
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private Path dataDir = Path.of("./data").toAbsolutePath();
    private String name = "bridge";
    private String url = "";
    private String user = "";
    private String password = "";
    private int poolSize = 16;
    private int maxBatch = 256;

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

    /** A JDBC URL of a shared database ({@code jdbc:postgresql://host/db}); empty for the embedded SQLite file. */
    @PropertyInject(value = "bridge.store.url", defaultValue = "")
    public void setUrl(String jdbcUrl) {
        url = jdbcUrl == null ? "" : jdbcUrl.trim();
    }

    @PropertyInject(value = "bridge.store.user", defaultValue = "")
    public void setUser(String storeUser) {
        user = storeUser;
    }

    @PropertyInject(value = "bridge.store.password", defaultValue = "")
    public void setPassword(String storePassword) {
        password = storePassword;
    }

    @PropertyInject(value = "bridge.store.pool-size", defaultValue = "16")
    public void setPoolSize(int size) {
        poolSize = size;
    }

    /** The most writes one commit holds. */
    @PropertyInject(value = "bridge.store.max-writes-per-commit", defaultValue = "256")
    public void setMaxBatch(int writes) {
        maxBatch = Math.max(1, writes);
    }

    private boolean closeOnExit = true;

    /**
     * Whether an H2 store closes the database from its own JVM shutdown hook (its default). The {@code migrate} command turns
     * it off: on Ctrl-C it finishes the messages under way and records them before it closes the database itself.
     */
    @PropertyInject(value = "bridge.store.close-on-exit", defaultValue = "true")
    public void setCloseOnExit(boolean close) {
        closeOnExit = close;
    }

    /**
     * Opens the store (pool, schema) on a thread of its own while Camel builds the routes on the other core. The
     * first use waits for it; if it failed, the first use fails with its reason (not a second wait for the database).
     */
    public void openAhead() {
        Thread opening = new Thread(() -> {
            synchronized (this) {
                try {
                    open();
                } catch (RuntimeException e) {
                    failedAhead = e;
                }
            }
        }, "store-open");
        opening.setDaemon(true);
        opening.start();
    }

    /** Opened at first use, once the properties are injected (their order is Camel's). */
    private Open open() {
        Open o = open;
        if (o == null) {
            synchronized (this) {
                o = open;
                if (closed) {
                    // a late write after the stop must not open the store again (nor hold its file)
                    throw new IllegalStateException("the bridge database is closed");
                }
                if (o == null && failedAhead != null) {
                    RuntimeException failed = failedAhead;
                    // reported once: a later use tries again (the database may be up by then)
                    failedAhead = null;
                    throw failed;
                }
                if (o == null) {
                    o = connect();
                    open = o;
                }
            }
        }
        return o;
    }

    private Open connect() {
        String jdbcUrl = url;
        String jdbcUser = user;
        DataDirLock lock = null;
        if (jdbcUrl.isEmpty()) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the data directory " + dataDir, e);
            }
            lock = DataDirLock.take(dataDir, name);
            try {
                StoreConversion.convertIfNeeded(dataDir, name);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            jdbcUrl = sqliteUrl(dataDir, name);
        }
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(jdbcUser);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("store-" + name);
        // a database that is down at start fails the start rather than a first message
        config.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            // the URL may hold a password: the cause names the database by its dialect only
            throw new IllegalStateException("cannot connect to the bridge database (" + dialect + ")", e);
        }
        try {
            applySchema(pool, dialect);
        } catch (RuntimeException e) {
            pool.close();
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
        GroupCommit writer = new GroupCommit(pool, maxBatch, name);
        return new Open(pool, dialect, writer, lock,
                dialect == Dialect.SQLITE ? new WalCheckpoints(pool, writer::commits, name) : null);
    }

    /** The embedded SQLite file {@code <name>.db} of a data directory. */
    static String sqliteUrl(Path dir, String fileName) {
        return "jdbc:sqlite:" + dir.resolve(fileName + ".db") + SQLITE_SETTINGS;
    }

    /** An H2 file {@code <name>.mv.db} of a data directory, with the settings the embedded H2 store had. */
    static String h2Url(Path dir, String fileName, boolean closeOnExit) {
        return "jdbc:h2:file:" + dir.resolve(fileName) + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000" + SPACE_SETTINGS
                + (closeOnExit ? "" : ";DB_CLOSE_ON_EXIT=FALSE");
    }

    public DataSource dataSource() {
        return open().pool();
    }

    public String instanceId() {
        return instanceId;
    }

    public Dialect dialect() {
        return open().dialect();
    }

    /** The statement of an upsert in this database's dialect. */
    public String sql(Dialect.Upsert upsert) {
        return upsert.sql(dialect());
    }

    /** Commits made and writes made in them since start (group commit shares a commit among concurrent writes). */
    public long commits() {
        return open().writer().commits();
    }

    public long writes() {
        return open().writer().units();
    }

    /**
     * Versioned schema migrations (the dialect's {@code db/migration/<dialect>/V<n>__*.sql}, Flyway): a data directory
     * of any release opens in the next. One made before migrations were versioned has no history table: it is
     * baselined at version 0, and V1 (idempotent) completes it. Two processes starting on one PostgreSQL at once
     * are serialised by Flyway's own lock, once its history table exists: on a new database both may make it, and the
     * one that finds it made by the other ("exists, and is empty") tries again.
     */
    static void applySchema(DataSource pool, Dialect dialect) {
        for (int attempt = 1; ; attempt++) {
            try {
                Flyway.configure(BridgeDatabase.class.getClassLoader()).dataSource(pool)
                        .locations(dialect.migrations()).baselineOnMigrate(true).baselineVersion("0").load().migrate();
                return;
            } catch (FlywayException e) {
                if (attempt == SCHEMA_ATTEMPTS || !dialect.shared()) {
                    throw new IllegalStateException("cannot prepare the bridge database", e);
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("cannot prepare the bridge database", e);
                }
            }
        }
    }

    /** How often a shared store's schema is tried before the start fails. */
    private static final int SCHEMA_ATTEMPTS = 5;

    /** Runs an update (in the next group commit); answers the row count once it is committed. */
    public int update(String sql, Object... args) {
        try {
            return open().writer().write(c -> run(c, sql, args));
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /**
     * Runs a {@code DELETE} of at most a batch of rows ({@code … IN (SELECT … FETCH FIRST ? ROWS ONLY)}, the batch size its
     * last parameter) until it removes fewer: each
     * batch is its own short write. Answers the rows removed.
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
        try {
            return open().writer().write(c -> run(c, sql, args)) == 1;
        } catch (SQLException e) {
            if (duplicateKey(e)) {
                return false;
            }
            throw new IllegalStateException("database insert failed", e);
        }
    }

    /** A unique key already taken: SQLSTATE 23505 (PostgreSQL, H2), SQLite's constraint code 19 on a unique key. */
    static boolean duplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 19 && e.getMessage() != null
                && (e.getMessage().contains("UNIQUE") || e.getMessage().contains("PRIMARYKEY"));
    }

    /** One statement of an atomic batch. */
    public record Update(String sql, Object... args) {
    }

    /** Runs the updates in one transaction: after a crash, either all of them happened or none. */
    public void atomically(Update... updates) {
        try {
            open().writer().write(c -> {
                for (Update u : updates) {
                    run(c, u.sql(), u.args());
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /** The statements of a conditional transaction: each answers its row count, so later ones can depend on it. */
    public interface Transaction {
        int update(Update u) throws SQLException;

        /** The first row a query reads in the transaction (its own writes seen), or null when none. */
        <T> T queryOne(RowReader<T> reader, Update query) throws SQLException;
    }

    /** A unit of work whose later statements depend on the earlier ones' row counts. */
    public interface TransactionWork<T> {
        T run(Transaction tx) throws SQLException;
    }

    /**
     * Runs the work in one transaction (in the next group commit): all of its statements happen, or, when it throws,
     * none. Answers its result once committed.
     */
    public <T> T transaction(TransactionWork<T> work) {
        try {
            return open().writer().write(c -> work.run(new Transaction() {
                @Override
                public int update(Update u) throws SQLException {
                    return run(c, u.sql(), u.args());
                }

                @Override
                public <T> T queryOne(RowReader<T> reader, Update query) throws SQLException {
                    PreparedStatement ps = c.prepare(query.sql());
                    bind(c.connection, ps, query.args());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? reader.read(rs) : null;
                    }
                }
            }));
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /** One statement on the writer's connection, through its kept prepared statements. */
    private int run(GroupCommit.Statements st, String sql, Object[] args) throws SQLException {
        PreparedStatement ps = st.prepare(withLists(sql, args));
        bind(st.connection, ps, args);
        return ps.executeUpdate();
    }

    /** A row of a query, read by the caller. */
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowReader<T> reader, Object... args) {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(withLists(sql, args))) {
            bind(c, ps, args);
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

    /** The statement in this dialect's spelling of a list parameter, when it has one (never on the hot path). */
    private String withLists(String sql, Object[] args) {
        for (Object a : args) {
            if (a instanceof String[]) {
                return open().dialect().withLists(sql);
            }
        }
        return sql;
    }

    /**
     * A {@code String[]} is bound as an SQL array (for {@code = ANY(?)}; on SQLite a JSON array), the rest as they
     * are, but that a NUL in a text is bound as U+FFFD: PostgreSQL's text holds no NUL, and a vendor's id may carry
     * one (a JSON escape of code 0); the same on both stores, so an id is found again whichever keeps it.
     */
    private void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String s && s.indexOf('\0') >= 0) {
                ps.setString(i + 1, s.replace('\0', '\uFFFD'));
            } else if (args[i] instanceof String[] values) {
                for (int v = 0; v < values.length; v++) {
                    if (values[v] != null && values[v].indexOf('\0') >= 0) {
                        values = values.clone();
                        values[v] = values[v].replace('\0', '\uFFFD');
                    }
                }
                if (open().dialect() == Dialect.SQLITE) {
                    ps.setString(i + 1, Dialect.listParameter(values));
                    continue;
                }
                Array array = c.createArrayOf("VARCHAR", values);
                ps.setArray(i + 1, array);
            } else {
                ps.setObject(i + 1, args[i]);
            }
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
        if (dialect() != Dialect.H2) {
            return; // SQLite reuses the pages of deleted rows; PostgreSQL's own autovacuum reclaims space
        }
        try (Connection c = dataSource().getConnection()) {
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
        Open o;
        synchronized (this) {
            o = open;
            open = null;
            closed = true;
        }
        if (o != null) {
            if (o.checkpoints() != null) {
                o.checkpoints().close();
            }
            o.writer().close();
            o.pool().close();
            if (o.lock() != null) {
                o.lock().close();
            }
        }
    }
}
