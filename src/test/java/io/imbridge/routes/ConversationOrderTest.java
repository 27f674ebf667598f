package io.imbridge.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries to one target of the messages of one conversation happen in the order the bridge accepted them — also
 * across retries — while conversations go in parallel: 200 messages in 20 conversations to a mirror whose target
 * fails at random.
 */
class ConversationOrderTest {

    static final int CONVERSATIONS = 20;
    static final int PER_CONVERSATION = 10;

    @Test
    void eachConversationArrivesInOrderAtAMirrorThatFailsAtRandom() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim,tencent", "bridge.queue.poll-ms", "20",
                "bridge.delivery.retry-base-ms", "30", "bridge.delivery.retry-cap-ms", "200")) {
            AtomicBoolean sending = new AtomicBoolean(true);
            // the mirror's target fails at random: one 503 queued for its next request every few tens of ms
            Thread faults = new Thread(() -> {
                Random random = new Random(42);
                while (sending.get()) {
                    b.fault("tencent", null, 503, 1);
                    try {
                        Thread.sleep(10 + random.nextInt(60));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            faults.start();
            // each conversation's sender sends its messages one after the other; conversations at once (8 clients:
            // the sandboxes answer on the bridge's own HTTP workers, which its callers also hold)
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (int c = 0; c < CONVERSATIONS; c++) {
                int conversation = c;
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < PER_CONVERSATION; i++) {
                        JsonNode reply = json(b.mychatGet("{\"cmd\":\"0002\",\"UserFrom\":\"alice" + conversation
                                + "\",\"UserTo\":\"bob" + conversation + "\",\"Msg\":\"" + conversation + ":" + i
                                + "\",\"ServerKey\":\"iddqd\"}"));
                        assertEquals("0002", reply.get("cmd").asText(), reply.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
            senders.shutdown();
            sending.set(false);
            faults.join();
            long deadline = System.currentTimeMillis() + 60_000;
            while (b.received("tencent").size() < CONVERSATIONS * PER_CONVERSATION && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Map<String, List<Integer>> arrived = new HashMap<>();
            for (JsonNode r : b.received("tencent")) {
                String[] text = r.get("request").get("MsgBody").get(0).get("MsgContent").get("Text").asText().split(":");
                arrived.computeIfAbsent(text[0], k -> new ArrayList<>()).add(Integer.parseInt(text[1]));
            }
            List<Integer> inOrder = new ArrayList<>();
            for (int i = 0; i < PER_CONVERSATION; i++) {
                inOrder.add(i);
            }
            int retried = QueueCrashWindowsTest.db(b).query("SELECT COUNT(*) FROM deliveries WHERE target = 'tencent'"
                    + " AND attempts > 1", rs -> rs.getInt(1)).get(0);
            System.out.println("ORDER mirror arrivals per conversation: " + arrived + "; messages retried: " + retried);
            assertTrue(retried >= 5, "the mirror failed often enough to test the order across retries: " + retried);
            assertEquals(CONVERSATIONS, arrived.size(), "every conversation reached the mirror");
            for (var e : arrived.entrySet()) {
                assertEquals(inOrder, e.getValue(), "conversation " + e.getKey() + " in order, each message once");
            }
        }
    }
}
