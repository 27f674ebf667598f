package io.imbridge.store;

/**
 * The SQL dialect of the store: the embedded SQLite file (one process; the default), a PostgreSQL that several bridge
 * processes share, or an H2 file (the embedded store of earlier releases, converted at start: see
 * {@link StoreConversion}; still usable by naming it in {@code bridge.store.url}). Statements are written once in the
 * SQL all accept; only an upsert differs (H2's {@code MERGE … KEY}, where SQLite and PostgreSQL share
 * {@code INSERT … ON CONFLICT}), and a list parameter ({@code = ANY(?)}, which SQLite spells with {@code json_each}).
 * Each dialect has its own versioned migrations.
 */
public enum Dialect {
    SQLITE("classpath:db/migration/sqlite", false),
    H2("classpath:db/migration/h2", false),
    POSTGRESQL("classpath:db/migration/postgresql", true);

    private final String migrations;
    private final boolean shared;

    Dialect(String migrations, boolean shared) {
        this.migrations = migrations;
        this.shared = shared;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("bridge.store.url must be a jdbc:sqlite:, jdbc:postgresql: or jdbc:h2: URL");
    }

    /** Where this dialect's Flyway migrations are. */
    String migrations() {
        return migrations;
    }

    /**
     * Whether other bridge processes may use the same database: an embedded file is locked by the one process
     * that opened it, so at start whatever another process left is the leftover of a dead one.
     */
    public boolean shared() {
        return shared;
    }

    /**
     * An insert that replaces the row with the same key: {@code columns} in the order of the statement's
     * parameters, the first {@code keyCount} of them the key. Made once, as a table's constant.
     */
    public record Upsert(String h2, String postgresql) {

        public static Upsert of(String table, String columns, int keyCount) {
            String[] cols = columns.split(",\\s*");
            String keys = String.join(", ", java.util.Arrays.copyOf(cols, keyCount));
            String params = String.join(", ", java.util.Collections.nCopies(cols.length, "?"));
            StringBuilder set = new StringBuilder();
            for (int i = keyCount; i < cols.length; i++) {
                set.append(set.isEmpty() ? "" : ", ").append(cols[i]).append(" = EXCLUDED.").append(cols[i]);
            }
            String h2 = "MERGE INTO " + table + " (" + columns + ") KEY (" + keys + ") VALUES (" + params + ")";
            String pg = "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON CONFLICT (" + keys
                    + ") " + (set.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + set);
            return new Upsert(h2, pg);
        }

        /**
         * An upsert that leaves an existing row alone when {@code guard} holds for it ({@code %s} names the existing
         * row, e.g. {@code "%s.status = 'recalled'"}): its row count is then 0.
         */
        public static Upsert unless(String table, String columns, int keyCount, String guard) {
            String[] cols = columns.split(",\\s*");
            String on = java.util.stream.IntStream.range(0, keyCount).mapToObj(i -> "t." + cols[i] + " = s." + cols[i])
                    .collect(java.util.stream.Collectors.joining(" AND "));
            String set = java.util.stream.IntStream.range(keyCount, cols.length)
                    .mapToObj(i -> cols[i] + " = s." + cols[i]).collect(java.util.stream.Collectors.joining(", "));
            String values = java.util.Arrays.stream(cols).map(c -> "s." + c)
                    .collect(java.util.stream.Collectors.joining(", "));
            String params = String.join(", ", java.util.Collections.nCopies(cols.length, "?"));
            String h2 = "MERGE INTO " + table + " t USING (VALUES (" + params + ")) s (" + columns + ") ON " + on
                    + " WHEN MATCHED AND NOT (" + guard.formatted("t") + ") THEN UPDATE SET " + set
                    + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + values + ")";
            // PostgreSQL's and SQLite's: the plain upsert, its update skipped where the guard holds
            String pg = of(table, columns, keyCount).postgresql() + " WHERE NOT (" + guard.formatted(table) + ")";
            return new Upsert(h2, pg);
        }

        public String sql(Dialect dialect) {
            return dialect == H2 ? h2 : postgresql; // SQLite's upsert is PostgreSQL's
        }
    }

    /**
     * The statement as this dialect runs it: SQLite has no arrays, so a list parameter {@code = ANY(?)} becomes
     * {@code IN (SELECT value FROM json_each(?))}, its values bound as a JSON array ({@link #listParameter}).
     */
    String withLists(String sql) {
        return this == SQLITE ? sql.replace("= ANY(?)", "IN (SELECT value FROM json_each(?))") : sql;
    }

    /** A list parameter's values as SQLite's {@code json_each} reads them. */
    static String listParameter(String[] values) {
        return io.imbridge.canonical.Json.write(values);
    }
}
