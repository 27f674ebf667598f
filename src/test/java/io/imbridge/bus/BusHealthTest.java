package io.imbridge.bus;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code /observe/health} checks (application.properties, camel.health.*): the context, and on the Kafka bus the
 * consumer groups, which go DOWN without their broker; not each route and HTTP, timer or direct consumer (109 checks,
 * about ten sandbox sends of CPU per call, that could only say UP while the bridge answers).
 */
class BusHealthTest {

    @AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    @Test
    void healthChecksTheContextAndTheBussConsumerGroupsOnly() throws Exception {
        Map<String, String> p = BusTest.bus("health");
        p.put("camel.health.exposure-level", "full");
        try (RunningBridge b = RunningBridge.start(p)) {
            // the four targets' groups (every target is routed to by default) and the ingest group; the second call
            // answered from what the first decided of each check (HealthChecks)
            Set<String> expected = Set.of("context", "consumer:bus-ingest", "consumer:bus-mychat",
                    "consumer:bus-openim", "consumer:bus-tencent", "consumer:bus-netease");
            assertEquals(expected, checks(b));
            assertEquals(expected, checks(b));
        }
    }

    @Test
    void withTheBusInProcessHealthChecksTheContext() {
        try (RunningBridge b = RunningBridge.start("camel.health.exposure-level", "full")) {
            assertEquals(Set.of("context"), checks(b));
        }
    }

    /** The names of the checks an UP health answer lists. */
    private static Set<String> checks(RunningBridge b) {
        JsonNode health = json(b.get("/observe/health"));
        assertEquals("UP", health.get("status").asText(), health.toString());
        Set<String> checks = new TreeSet<>();
        health.get("checks").forEach(c -> checks.add(c.get("name").asText()));
        return checks;
    }
}
