package io.imbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The bridge's embedded H2 database under {@code bridge.data-dir} (file {@code bridge.mv.db}): ID map, delivery
 * states, idempotency keys, dead letters. Schema {@code db/schema.sql} is applied at start. Commits are written
 * through ({@code WRITE_DELAY=0}) so a killed process loses nothing it acknowledged.
 */
@BindToRegistry("bridgeDatabase")
public class BridgeDatabase implements AutoCloseable, org.apache.camel.spi.OnCamelContextStopped {

    private JdbcConnectionPool pool;

    @PropertyInject(value = "bridge.data-dir", defaultValue = "./data")
    public void setDataDir(String dir) throws IOException {
        Path path = Path.of(dir).toAbsolutePath();
        Files.createDirectories(path);
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + path.resolve("bridge") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000",
                "bridge", "");
        pool.setMaxConnections(32);
        applySchema();
    }

    public DataSource dataSource() {
        return pool;
    }

    private void applySchema() {
        try (InputStream in = BridgeDatabase.class.getResourceAsStream("/db/schema.sql");
             Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String stmt : sql.split(";")) {
                String clean = stmt.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (!clean.isEmpty()) {
                    s.execute(clean);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the bridge database", e);
        }
    }

    /** Runs an update; answers the row count. */
    public int update(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed", e);
        }
    }

    /** Inserts unless the key exists; answers whether it inserted. */
    public boolean insertIfAbsent(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
        try (Connection c = pool.getConnection()) {
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
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
