package io.imbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * A data directory of an earlier release keeps its state in H2's {@code <name>.mv.db}. At the first start of this
 * release it is converted, once, into the SQLite file {@code <name>.db}: the H2 file is brought to its latest schema
 * (its own migrations), every row of every table is copied in one SQLite transaction into a new file, which then takes
 * the name {@code <name>.db}; the H2 file is kept beside it as {@code <name>.mv.db.converted}. A conversion that
 * stops half-way leaves only its partial file ({@code <name>.db.converting}), made again at the next start.
 */
final class StoreConversion {

    /** Rows copied per batch of inserts. */
    private static final int BATCH = 1000;

    private StoreConversion() {
    }

    /** Converts {@code <name>.mv.db} when there is one and no {@code <name>.db} yet; answers whether it did. */
    static boolean convertIfNeeded(Path dir, String name) {
        Path h2 = dir.resolve(name + ".mv.db");
        Path sqlite = dir.resolve(name + ".db");
        if (!Files.exists(h2) || Files.exists(sqlite)) {
            return false;
        }
        Path part = dir.resolve(name + ".db.converting");
        long start = System.nanoTime();
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(dir.resolve(name + ".db.converting-journal"));
            long rows = copy(dir, name, part);
            Files.move(part, sqlite, StandardCopyOption.ATOMIC_MOVE);
            Files.move(h2, dir.resolve(name + ".mv.db.converted"), StandardCopyOption.REPLACE_EXISTING);
            LoggerFactory.getLogger(StoreConversion.class).info(
                    "Converted the store {} of an earlier release (H2) into {}: {} rows in {} ms; the H2 file is kept as {}",
                    h2.getFileName(), sqlite.getFileName(), rows, (System.nanoTime() - start) / 1_000_000,
                    name + ".mv.db.converted");
            return true;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot convert the store " + h2 + " of an earlier release", e);
        }
    }

    private static long copy(Path dir, String name, Path part) throws SQLException {
        JdbcDataSource from = new JdbcDataSource();
        from.setURL(BridgeDatabase.h2Url(dir, name, true));
        from.setUser("bridge");
        BridgeDatabase.applySchema(from, Dialect.H2);
        SQLiteDataSource to = new SQLiteDataSource();
        // one transaction, no log: the file is renamed into place only once complete
        to.setUrl("jdbc:sqlite:" + part + "?journal_mode=OFF&synchronous=OFF");
        BridgeDatabase.applySchema(to, Dialect.SQLITE);
        long rows = 0;
        try (Connection in = from.getConnection(); Connection out = to.getConnection()) {
            out.setAutoCommit(false);
            for (String table : tables(out)) {
                List<String> columns = columns(out, table);
                rows += copyTable(in, out, table, columns);
            }
            out.commit();
            try (Statement s = in.createStatement()) {
                s.execute("SHUTDOWN"); // closes the H2 file now, so it can be renamed
            }
        }
        return rows;
    }

    /** The tables of the new file, but Flyway's own history (the new file has its own). */
    private static List<String> tables(Connection sqlite) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master"
                + " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<String> columns(Connection sqlite, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return columns;
    }

    private static long copyTable(Connection in, Connection out, String table, List<String> columns)
            throws SQLException {
        String list = String.join(", ", columns);
        String params = String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
        long n = 0;
        try (Statement s = in.createStatement(); ResultSet rs = s.executeQuery("SELECT " + list + " FROM " + table);
             PreparedStatement insert = out.prepareStatement("INSERT INTO " + table + " (" + list + ") VALUES ("
                     + params + ")")) {
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Clob clob) {
                        v = clob.getSubString(1, (int) clob.length());
                    }
                    insert.setObject(i, v);
                }
                insert.addBatch();
                if (++n % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return n;
    }
}
