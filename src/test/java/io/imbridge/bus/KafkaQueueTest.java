package io.imbridge.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The delivery queue on a Kafka topic instead of the embedded database (configuration only): mirrors whose target
 * fails for a while are retried through the topic and arrive once each.
 */
class KafkaQueueTest {

    @org.junit.jupiter.api.AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    @Test
    void mirrorsAreQueuedOnAKafkaTopicAndRetriedThroughIt() throws Exception {
        String topic = "im-bridge.deliveries." + System.nanoTime();
        Map<String, String> p = new HashMap<>();
        p.put("bridge.route.mychat", "openim,tencent");
        p.put("camel.component.kafka.brokers", EmbeddedKafka.bootstrapServers());
        p.put("camel.component.kafka.poll-timeout-ms", "500");
        p.put("bridge.queue.endpoint", "kafka:" + topic);
        p.put("bridge.queue.embedded-consumer", "false");
        p.put("bridge.queue.kafka-consumer", "true");
        p.put("bridge.queue.kafka-uri", "kafka:" + topic + "?groupId=g" + System.nanoTime() + "&autoOffsetReset=earliest");
        p.put("bridge.delivery.retry-base-ms", "100");
        p.put("bridge.delivery.retry-cap-ms", "300");
        int n = 10;
        try (RunningBridge b = RunningBridge.start(p)) {
            b.fault("tencent", null, 503, 5); // the mirror target fails for a while
            for (int i = 0; i < n; i++) {
                String cmd = Fixtures.text("mychat/seed-browser-line.json").replace("Hello from browser", "kafka " + i);
                assertEquals("0002", json(b.mychatGet(cmd)).get("cmd").asText());
            }
            List<String> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                got.clear();
                b.received("tencent").forEach(r -> got.add(
                        r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
                if (got.size() >= n) {
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(500);
            got.clear();
            b.received("tencent").forEach(r -> got.add(
                    r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
            Set<String> distinct = new HashSet<>(got);
            System.out.printf("FAULT kafka-queue-mirror-target-failing: sent=%d delivered=%d duplicated=%d lost=%d%n",
                    n, distinct.size(), got.size() - distinct.size(), n - distinct.size());
            assertEquals(n, distinct.size(), "every mirror delivered: " + got);
            assertEquals(n, got.size(), "none twice");
            assertEquals(0, b.context().getRegistry().lookupByNameAndType("deliveryQueue",
                    io.imbridge.delivery.DeliveryQueue.class).size(), "nothing in the embedded queue: Kafka carried it");
        }
    }
}
