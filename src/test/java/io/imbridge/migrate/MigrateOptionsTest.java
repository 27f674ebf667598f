package io.imbridge.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The migrate command's arguments as CONTRACT.md fixes them, and its refusals of wrong ones. */
class MigrateOptionsTest {

    @Test
    void readsTheContractsArguments() {
        MigrateOptions o = MigrateOptions.parse(List.of("--from", "Tencent", "--input", "api:pairs.csv", "--to",
                "openim", "--dry-run", "--resume", "--rate", "50", "--report", "r.json", "--since", "2024-05-01",
                "--until", "2024-05-02T00:00:00Z", "-Dbridge.migrate.source.url=http://x"));
        assertEquals("tencent", o.from());
        assertEquals("openim", o.to());
        assertTrue(o.dryRun() && o.resume() && o.pullsFromApi());
        assertEquals("pairs.csv", o.pairsFile());
        assertEquals(50, o.rate());
        assertEquals("r.json", o.report());
        assertEquals(1_714_521_600_000L, o.since()); // 2024-05-01T00:00:00Z
        assertEquals(1_714_608_000_000L, o.until());
        assertEquals("http://x", o.properties().get("bridge.migrate.source.url"));
    }

    @Test
    void refusesWhatCannotRun() {
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "canonical",
                "--input", "x")));
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "canonical",
                "--input", "x", "--to", "canonical")));
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "mychat",
                "--input", "api:p.csv", "--to", "openim")));
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "mychat",
                "--input", "x", "--to", "openim", "--rate", "0")));
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "mychat",
                "--input", "x", "--to", "openim", "--since", "yesterday")));
        assertThrows(MigrateOptions.UsageException.class, () -> MigrateOptions.parse(List.of("--from", "mychat",
                "--input", "x", "--to", "openim", "--bogus")));
    }
}
