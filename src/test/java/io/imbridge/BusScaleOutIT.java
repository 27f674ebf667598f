package io.imbridge;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.bus.EmbeddedKafka;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out on the bus: two bridge processes (the built jar) in the same consumer groups, on one in-process KRaft
 * broker and one PostgreSQL. The first takes traffic while a target fails; the second joins mid-stream (the groups
 * rebalance with deliveries under way), then traffic goes into both; the second is killed with SIGKILL while its
 * groups hold partitions whose deliveries are being retried; the first takes the partitions over and finishes —
 * every message delivered once to each target, in order per conversation.
 */
class BusScaleOutIT {

    static final int CONVERSATIONS = 6;
    static final int PER_CONVERSATION = 8;

    @AfterAll
    static void stopBroker() throws Exception {
        EmbeddedKafka.stop();
    }

    Process start(int port, String store, String brokers, String run, int targetPort, Path log) throws Exception {
        String targets = "http://127.0.0.1:" + targetPort + "/sandbox/";
        return SharedStoreIT.startJar(port, log, List.of("-Dbridge.store.url=" + store, "-Dbridge.store.user=postgres",
                "-Dbridge.store.heartbeat-ms=500", "-Dbridge.store.instance-timeout-ms=5000",
                "-Dbridge.bus=kafka", "-Dcamel.component.kafka.brokers=" + brokers,
                "-Dcamel.component.kafka.poll-timeout-ms=300",
                "-Dbridge.kafka.topic.messages=" + run + ".messages",
                "-Dbridge.kafka.topic.dead-letters=" + run + ".dead-letters",
                "-Dbridge.kafka.topic.status=" + run + ".status", "-Dbridge.kafka.group-prefix=" + run,
                "-Dbridge.kafka.partitions=6", "-Dbridge.bus.consumers-per-target=1",
                "-Dbridge.bus.session-timeout-ms=6000", "-Dbridge.bus.heartbeat-interval-ms=1000",
                "-Dbridge.route.mychat=openim,tencent", "-Dbridge.bus.answer.mychat=bus",
                "-Dbridge.openim.url=" + targets + "openim", "-Dbridge.tencent.url=" + targets + "tencent",
                "-Dbridge.delivery.retry-base-ms=200", "-Dbridge.delivery.retry-cap-ms=500"));
    }

    static String send(int conversation, int n) {
        return "/mychat/API/?data=" + RunningBridge.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob"
                + conversation + "\",\"Msg\":\"c" + conversation + " m" + n + "\",\"ServerKey\":\"iddqd\"}");
    }

    /** What a sandbox received, as "c<conversation> m<n>" texts in arrival order. */
    static List<String> texts(int port, String vendor) throws Exception {
        return SharedStoreIT.texts(port, vendor);
    }

    @Test
    void twoInstancesShareTheGroupsAndTheSurvivorTakesOverTheKilledOnesPartitions() throws Exception {
        String brokers = EmbeddedKafka.bootstrapServers();
        String store = TestPostgres.newDatabase();
        String run = "scale" + System.nanoTime();
        int survivorPort = RunningBridge.freePort();
        int victimPort = RunningBridge.freePort();
        Path survivorLog = Files.createTempFile("im-bridge-bus-survivor", ".log");
        Path victimLog = Files.createTempFile("im-bridge-bus-victim", ".log");
        Process survivor = start(survivorPort, store, brokers, run, survivorPort, survivorLog);
        Process victim = null;
        try {
            awaitMembers(brokers, run + "-tencent", 1);
            // the target fails for a while: deliveries wait, retried in place, holding their partitions
            assertEquals(200, post(survivorPort, "/sandbox/tencent/_faults", "{\"status\":503,\"times\":40}")
                    .statusCode());
            int total = CONVERSATIONS * PER_CONVERSATION;
            for (int n = 0; n < PER_CONVERSATION; n++) {
                if (n == PER_CONVERSATION / 2) {
                    // a second instance joins mid-stream: the groups rebalance while records are under way
                    victim = start(victimPort, store, brokers, run, survivorPort, victimLog);
                    awaitMembers(brokers, run + "-tencent", 2);
                    // failing again, so no call of the instance killed below is one the target accepted
                    assertEquals(200, post(survivorPort, "/sandbox/tencent/_faults",
                            "{\"status\":503,\"times\":60}").statusCode());
                }
                for (int c = 0; c < CONVERSATIONS; c++) {
                    // each conversation's messages one after the other; once both run, alternating between them
                    int port = victim != null && (n + c) % 2 == 0 ? victimPort : survivorPort;
                    JsonNode reply = Json.parseOrNull(get(port, send(c, n)).body());
                    assertEquals("0002", reply.get("cmd").asText(), reply.toString());
                }
            }
            Thread.sleep(1500); // the victim's groups are retrying against the still failing target
            assertTrue(texts(survivorPort, "tencent").size() < total, "deliveries still under way at the kill");
            victim.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no leave-group
            long killedAt = System.currentTimeMillis();

            List<String> tencent = List.of();
            List<String> openim = List.of();
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                tencent = texts(survivorPort, "tencent");
                openim = texts(survivorPort, "openim");
                if (new HashSet<>(tencent).size() >= total && new HashSet<>(openim).size() >= total) {
                    break;
                }
                Thread.sleep(250);
            }
            long finishedAt = System.currentTimeMillis();
            Thread.sleep(3000); // nothing more should come
            tencent = texts(survivorPort, "tencent");
            openim = texts(survivorPort, "openim");
            for (var e : Map.of("tencent", tencent, "openim", openim).entrySet()) {
                Set<String> distinct = new HashSet<>(e.getValue());
                System.out.printf("FAULT bus scale-out, a second instance joining mid-stream, then killed -9 (%s):"
                        + " sent=%d delivered=%d"
                        + " duplicated=%d lost=%d, done %d ms after the kill%n", e.getKey(), total, distinct.size(),
                        e.getValue().size() - distinct.size(), total - distinct.size(), finishedAt - killedAt);
                assertEquals(total, distinct.size(), e.getKey() + ": every message delivered: " + e.getValue());
                assertEquals(total, e.getValue().size(), e.getKey() + ": none twice: " + e.getValue());
                assertInOrder(e.getKey(), e.getValue());
            }
            awaitMembers(brokers, run + "-tencent", 1);
        } finally {
            if (victim != null) {
                victim.destroyForcibly();
            }
            survivor.destroy();
            survivor.waitFor();
        }
    }

    /** Each conversation's messages arrived in the order they were sent. */
    static void assertInOrder(String target, List<String> got) {
        Map<String, List<Integer>> byConversation = new LinkedHashMap<>();
        for (String t : got) {
            String[] parts = t.split(" ");
            byConversation.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1].substring(1)));
        }
        byConversation.forEach((c, ns) -> {
            List<Integer> sorted = new ArrayList<>(ns);
            sorted.sort(Integer::compare);
            assertEquals(sorted, ns, target + ": conversation " + c + " in order");
        });
    }

    /** Waits until the consumer group has {@code n} members. */
    static void awaitMembers(String brokers, String group, int n) throws Exception {
        Properties c = new Properties();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(c)) {
            long deadline = System.currentTimeMillis() + 60_000;
            int members = -1;
            while (System.currentTimeMillis() < deadline) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                members = d.members().size(); // one consumer per target and instance (consumers-per-target=1)
                if (members == n) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError(group + " has " + members + " members, expected " + n + " instances");
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return CrashRecoveryIT.get(port, path);
    }

    static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return CrashRecoveryIT.post(port, path, body);
    }
}
