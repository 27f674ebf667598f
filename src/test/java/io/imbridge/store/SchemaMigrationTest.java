package io.imbridge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema is migrated at start by versioned migrations, and a data directory of an earlier release (its state in
 * H2's {@code bridge.mv.db}) is converted once into the SQLite file {@code bridge.db}: one of the release before
 * versioned migrations (its schema applied by that release's own runner, with a message in it) and one the last
 * H2 release wrote as it ran (messages delivered, queued, dead-lettered, an answered request) open in this one, keep
 * every row they held, and take new messages; a new one starts at the newest version.
 */
class SchemaMigrationTest {

    /** A message id of the previous release (26 characters, its ULID layout). */
    static final String MESSAGE_ID = "01JDR0000000000000000000AB";

    @Test
    void aDataDirectoryOfThePreviousReleaseOpensAndKeepsItsMessages() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "an H2 data directory's test");
        Path data = Files.createTempDirectory("im-bridge-release-data");
        // as the previous release made it: its schema.sql, statement by statement, and one delivered message
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("bridge"),
                "bridge", ""); Statement s = c.createStatement()) {
            String sql = Fixtures.text("db/release-2026-11-23-schema.sql");
            for (String stmt : sql.split(";")) {
                String clean = stmt.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (!clean.isEmpty()) {
                    s.execute(clean);
                }
            }
            s.execute("INSERT INTO messages (id, source, canonical, received_at) VALUES ('" + MESSAGE_ID + "', 'mychat', '"
                    + "{\"id\":\"" + MESSAGE_ID + "\",\"source\":{\"vendor\":\"mychat\",\"ids\":{}},\"sender\":\"a\","
                    + "\"recipients\":[\"b\"],\"elements\":[{\"kind\":\"text\",\"text\":\"old\"}]}', 1700000000000)");
            s.execute("INSERT INTO message_ids (vendor, name, id_value, message_id) VALUES ('openim', 'serverMsgID',"
                    + " 'old-server-id', '" + MESSAGE_ID + "')");
            s.execute("INSERT INTO deliveries (message_id, target, role, status, attempts, updated_at) VALUES ('"
                    + MESSAGE_ID + "', 'openim', 'primary', 'delivered', 1, 1700000000000)");
        }
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString())) {
            JsonNode old = json(b.get("/admin/messages/old-server-id"));
            assertEquals(MESSAGE_ID, old.get("id").asText(), old.toString());
            assertEquals("delivered", old.get("deliveries").get(0).get("status").asText());
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            assertEquals(List.of("1", "2", "3", "4"), versions(b));
        }
        assertTrue(Files.exists(data.resolve("bridge.db")));
        assertFalse(Files.exists(data.resolve("bridge.mv.db")), "converted once");
        // the H2 file was brought to its newest schema before it was copied: baselined at 0, every version over it
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"), h2Versions(data.resolve("bridge.mv.db.converted")));
    }

    /**
     * A data directory the last H2 release wrote as it ran (the store named in bridge.store.url as that release made
     * it): every row of every table is in the SQLite file after the conversion, and the bridge goes on from them —
     * an answered request is answered the same, a message is found by its target's id.
     */
    @Test
    void aDataDirectoryOfTheLastH2ReleaseIsConvertedWithEveryRow() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "an embedded data directory's test");
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "h2-release-");
        String h2 = "jdbc:h2:file:" + data.toAbsolutePath().resolve("bridge") + ";WRITE_DELAY=0";
        String callback = RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json"));
        String msgKey = io.imbridge.canonical.Json.parseOrNull(callback).get("MsgKey").asText();
        String firstReply;
        // Tencent's webhook, primary OpenIM and a NetEase mirror (queued, then delivered)
        String[] routes = {"bridge.route.tencent", "openim,netease"};
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.store.url", h2,
                "bridge.store.user", "bridge", routes[0], routes[1])) {
            assertEquals(Dialect.H2, b.context().getRegistry().lookupByNameAndType("bridgeDatabase",
                    BridgeDatabase.class).dialect());
            for (int i = 0; i < 5; i++) {
                b.mychatGet(Fixtures.text("mychat/seed-browser-line.json").replace("Hello", "Hello " + i));
            }
            firstReply = b.tencentCallback(callback).body();
            assertEquals(0, io.imbridge.canonical.Json.parseOrNull(firstReply).get("ErrorCode").asInt(), firstReply);
            for (long end = System.currentTimeMillis() + 20_000; b.received("netease").size() < 1; Thread.sleep(50)) {
                assertTrue(System.currentTimeMillis() < end, "the mirror delivered");
            }
        }
        java.util.Map<String, Long> before = counts("jdbc:h2:file:" + data.toAbsolutePath().resolve("bridge"));
        assertTrue(before.get("messages") >= 6 && before.get("deliveries") >= 6 && before.get("idempotency") >= 1,
                before.toString());
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), routes[0], routes[1])) {
            assertEquals(Dialect.SQLITE, b.context().getRegistry().lookupByNameAndType("bridgeDatabase",
                    BridgeDatabase.class).dialect());
            // Tencent's retry of the same MsgKey: the first answer, not a second delivery
            assertEquals(firstReply, b.tencentCallback(callback).body(), "answered as before the conversion");
            JsonNode journey = json(b.get("/admin/messages/" + msgKey));
            assertEquals(List.of("delivered", "delivered"), journey.get("deliveries").findValuesAsText("status"),
                    journey.toString());
            assertEquals(0, b.received("openim").size(), "not delivered again");
        }
        java.util.Map<String, Long> after = counts("jdbc:sqlite:" + data.resolve("bridge.db"));
        for (var table : before.entrySet()) {
            if (!table.getKey().equals("flyway_schema_history") && !table.getKey().equals("bridge_instances")) {
                assertTrue(after.get(table.getKey()) >= table.getValue(), table.getKey() + ": " + before + " -> " + after);
            }
        }
        assertEquals(before.get("dead_letters"), after.get("dead_letters"));
        assertEquals(before.get("delivery_queue"), after.get("delivery_queue"));
    }

    /** The bridge's tables and their rows. */
    static java.util.Map<String, Long> counts(String url) throws Exception {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "bridge", "")) {
            List<String> tables = new java.util.ArrayList<>();
            try (var rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase("PUBLIC") || schema.equalsIgnoreCase("main")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String t : tables) {
                if (t.startsWith("sqlite_")) {
                    continue;
                }
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t.toLowerCase(java.util.Locale.ROOT), rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static List<String> h2Versions(Path keptFile) throws Exception {
        // H2 opens <name>.mv.db: a copy under that name
        Path copy = Files.createTempDirectory("kept-h2").resolve("kept.mv.db");
        Files.copy(keptFile, copy);
        String url = "jdbc:h2:file:" + copy.toString().replace(".mv.db", "");
        List<String> versions = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "bridge", ""); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                     + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    @Test
    void aNewDataDirectoryStartsAtTheNewestVersion() {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "an embedded data directory's test");
        try (RunningBridge b = RunningBridge.start()) {
            assertEquals(List.of("1", "2", "3", "4"), versions(b));
        }
    }

    static List<String> versions(RunningBridge b) {
        BridgeDatabase db = b.context().getRegistry().lookupByNameAndType("bridgeDatabase", BridgeDatabase.class);
        // (a row without a version is Flyway's note that it created the schema)
        return db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", rs -> rs.getString(1));
    }

    /**
     * H2 and PostgreSQL have the same versions, so "version N" is one schema whichever database holds it; SQLite's
     * store began at version 5's schema (its V1; its V2 and V3 are their V6 and V7), and holds the same tables and columns as H2 at its newest version.
     */
    @Test
    void theDialectsHoldOneSchema() throws Exception {
        assertEquals(versionsIn("h2"), versionsIn("postgresql"));
        assertEquals(List.of("V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"), versionsIn("h2").stream().map(f -> f.substring(0, 2)).toList());
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "dialects-");
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve("h2"));
        BridgeDatabase.applySchema(h2, Dialect.H2);
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("sqlite.db"));
        BridgeDatabase.applySchema(sqlite, Dialect.SQLITE);
        assertEquals(columns(h2.getConnection()), columns(sqlite.getConnection()));
    }

    /** Each table's columns, by name. */
    static java.util.Map<String, java.util.Set<String>> columns(Connection c) throws Exception {
        java.util.Map<String, java.util.Set<String>> columns = new java.util.TreeMap<>();
        try (c; var rs = c.getMetaData().getColumns(null, null, "%", "%")) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                String table = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                if ((schema == null || schema.equalsIgnoreCase("PUBLIC") || schema.equalsIgnoreCase("main"))
                        && !table.startsWith("sqlite_") && !table.equals("flyway_schema_history")) {
                    columns.computeIfAbsent(table, t -> new java.util.TreeSet<>())
                            .add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return columns;
    }

    private static List<String> versionsIn(String dialect) throws Exception {
        try (var files = Files.list(Path.of("src", "main", "resources", "db", "migration", dialect))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
