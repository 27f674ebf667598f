package io.imbridge.bus;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code replay} command's arguments (those of {@code POST /admin/bus/replay}) and its refusals, which exit 2
 * before anything starts. A replay itself runs in {@link BusSaslTest}.
 */
class ReplayCommandTest {

    @Test
    void readsAStartTargetsAndProperties() {
        ReplayCommand.Options time = ReplayCommand.parse(List.of("--from-time", "2024-05-01T10:00:00Z", "--target",
                "Tencent", "--target", "openim,netease", "-Dbridge.bus=kafka"));
        assertEquals(1_714_557_600_000L, time.fromTimeMs());
        assertNull(time.fromOffset());
        assertEquals(List.of("tencent", "openim", "netease"), time.targets());
        assertEquals("kafka", time.properties().get("bridge.bus"));
        ReplayCommand.Options offset = ReplayCommand.parse(List.of("--from-offset", "42"));
        assertEquals(42L, offset.fromOffset());
        assertNull(offset.fromTimeMs());
        assertEquals(List.of(), offset.targets(), "none named: every target with a group");
        assertEquals(1_714_557_600_000L, ReplayCommand.parse(List.of("--from-time", "1714557600000")).fromTimeMs(),
                "epoch milliseconds, as the endpoint takes them");
        assertEquals(1_714_557_600_000L, ReplayCommand.parse(List.of("--from-time", "2024-05-01T12:00:00+02:00"))
                .fromTimeMs());
    }

    @Test
    void refusesWhatCannotRun() {
        for (List<String> wrong : List.of(
                List.<String>of(),
                List.of("--from-time", "2024-05-01T10:00:00Z", "--from-offset", "0"),
                List.of("--from-time", "yesterday"),
                List.of("--from-offset", "-1"),
                List.of("--from-offset"),
                List.of("--from-offset", "0", "--target", "whatsapp"),
                List.of("--from-offset", "0", "--bogus"))) {
            assertThrows(ReplayCommand.UsageException.class, () -> ReplayCommand.parse(wrong), wrong.toString());
        }
    }

    @Test
    void aUsageErrorExits2WithTheUsage() {
        BusSaslTest.Run run = BusSaslTest.replay(List.of("replay", "--from-time", "yesterday"));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--from-time takes an ISO-8601 instant"), run.err());
        assertTrue(run.err().contains("usage: java -jar im-bridge.jar replay"), run.err());
    }
}
