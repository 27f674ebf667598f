package io.imbridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bridge.user-routes-dir naming a folder that is not there stops the start, and says which folder. */
class UserRoutesDirTest {

    @Test
    void aMissingFolderOfUserRoutesStopsTheStartWithItsName() {
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> RunningBridge.start("bridge.user-routes-dir", "target/no-such-routes-folder").close());
        Throwable cause = failed;
        while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("no folder")) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("bridge.user-routes-dir: no folder ")
                && cause.getMessage().endsWith("target/no-such-routes-folder"), String.valueOf(cause.getMessage()));
    }
}
