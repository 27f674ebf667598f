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

/**
 * The schema is migrated at start by versioned migrations: a data directory of the release before them (its schema
 * applied by that release's own runner, with a message in it) opens in this one, keeps what it held, and takes new
 * messages; a new one starts at the newest version.
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
            assertEquals(List.of("0", "1", "2", "3", "4", "5"), versions(b), "baselined at 0, then every version applied over it");
        }
    }

    @Test
    void aNewDataDirectoryStartsAtTheNewestVersion() {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "an H2 data directory's test");
        try (RunningBridge b = RunningBridge.start()) {
            assertEquals(List.of("1", "2", "3", "4", "5"), versions(b));
        }
    }

    static List<String> versions(RunningBridge b) {
        BridgeDatabase db = b.context().getRegistry().lookupByNameAndType("bridgeDatabase", BridgeDatabase.class);
        // (a row without a version is Flyway's note that it created the schema)
        return db.query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", rs -> rs.getString(1));
    }

    /** Each dialect has the same versions, so "version N" is one schema whichever database holds it. */
    @Test
    void bothDialectsHaveTheSameVersions() throws Exception {
        assertEquals(versionsIn("h2"), versionsIn("postgresql"));
        assertEquals(List.of("V1", "V2", "V3", "V4", "V5"), versionsIn("h2").stream().map(f -> f.substring(0, 2)).toList());
    }

    private static List<String> versionsIn(String dialect) throws Exception {
        try (var files = Files.list(Path.of("src", "main", "resources", "db", "migration", dialect))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
