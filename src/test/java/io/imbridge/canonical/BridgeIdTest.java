package io.imbridge.canonical;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeIdTest {

    @Test
    void idsAreUniqueAndSortInCreationOrderEvenWithinOneMillisecond() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(BridgeId.next(1_700_000_000_000L + i / 1000));
        }
        Set<String> unique = new HashSet<>(ids);
        assertEquals(ids.size(), unique.size());
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted);
        ids.forEach(id -> assertTrue(id.matches("[0-9A-HJKMNP-TV-Z]{26}"), id));
    }

    @Test
    void carriesItsTimestamp() {
        String id = BridgeId.next(1_800_000_000_123L);
        assertEquals(1_800_000_000_123L, BridgeId.timestampOf(id));
    }

    @Test
    void aDerivedIdIsTheSameForTheSameKeyAndTimeAndDiffersOtherwise() {
        String a = BridgeId.derived(1_600_000_000_250L, "tencent:1_1287657_1600000000");
        assertEquals(a, BridgeId.derived(1_600_000_000_250L, "tencent:1_1287657_1600000000"));
        assertEquals(26, a.length());
        assertEquals(1_600_000_000_250L, BridgeId.timestampOf(a));
        assertNotEquals(a, BridgeId.derived(1_600_000_000_250L, "tencent:2_1287657_1600000000"));
        assertNotEquals(a, BridgeId.derived(1_600_000_000_251L, "tencent:1_1287657_1600000000"));
    }
}
