package io.imbridge.store;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store belongs to one process: a second store on the same data directory does not open (it would take
 * the first one's work under way as a dead process's), and names the directory; once the first is closed it does.
 */
class DataDirLockTest {

    @Test
    void aSecondStoreOnTheSameDataDirectoryDoesNotOpenUntilTheFirstCloses() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "the embedded store's lock");
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "lock-");
        BridgeDatabase first = new BridgeDatabase();
        first.setDataDir(dir.toString());
        assertEquals(Dialect.SQLITE, first.dialect());
        BridgeDatabase second = new BridgeDatabase();
        second.setDataDir(dir.toString());
        IllegalStateException refused = assertThrows(IllegalStateException.class, second::dialect);
        assertTrue(refused.getMessage().contains("in use by another bridge process"), refused.getMessage());
        assertTrue(refused.getMessage().contains(dir.toAbsolutePath().toString()), refused.getMessage());
        first.close();
        BridgeDatabase third = new BridgeDatabase();
        third.setDataDir(dir.toString());
        assertEquals(Dialect.SQLITE, third.dialect());
        third.close();
    }
}
