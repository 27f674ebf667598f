package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.delivery.DeliveryQueue;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection over real HTTP: targets down then back, answering 500s, timeouts and rate limits in bursts,
 * duplicate webhook deliveries, a two-way bridge. Each scenario counts what was sent and what arrived (distinct by the
 * id a target deduplicates on) and asserts nothing lost and nothing duplicated; the counts are printed as
 * {@code FAULT <scenario>: sent=… delivered=… duplicated=… lost=…} for docs/delivery.md.
 */
class DeliveryFaultsTest {

    static final int N = 20;

    static void report(String scenario, int sent, List<String> arrivedKeys) {
        Set<String> distinct = new HashSet<>(arrivedKeys);
        int lost = sent - distinct.size();
        int duplicated = arrivedKeys.size() - distinct.size();
        System.out.printf("FAULT %s: sent=%d delivered=%d duplicated=%d lost=%d%n", scenario, sent, distinct.size(),
                duplicated, lost);
        assertEquals(0, lost, scenario + ": lost");
        assertEquals(0, duplicated, scenario + ": duplicated");
    }

    static List<String> keys(JsonNode received, Function<JsonNode, String> key) {
        List<String> out = new ArrayList<>();
        received.forEach(r -> out.add(key.apply(r.get("request"))));
        return out;
    }

    static void awaitQueueEmpty(RunningBridge b, long ms) throws InterruptedException {
        DeliveryQueue q = b.context().getRegistry().lookupByNameAndType("deliveryQueue", DeliveryQueue.class);
        long deadline = System.currentTimeMillis() + ms;
        while (q.size() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, q.size(), "queue drained");
    }

    static String mychat(int i) {
        return Fixtures.text("mychat/seed-browser-line.json").replace("Hello from browser", "message " + i);
    }

    @Test
    void aMirrorTargetDownForAWhileGetsEverythingOnceWhenItIsBack() throws Exception {
        int targetPort = RunningBridge.freePort();
        Map<String, String> a = new HashMap<>();
        a.put("bridge.route.mychat", "openim,tencent");
        a.put("bridge.tencent.url", "http://127.0.0.1:" + targetPort + "/sandbox/tencent");
        a.put("bridge.delivery.retry-base-ms", "100");
        a.put("bridge.delivery.retry-cap-ms", "800");
        a.put("bridge.queue.poll-ms", "50");
        try (RunningBridge bridge = RunningBridge.start(a)) {
            for (int i = 0; i < N; i++) {
                assertEquals("0002", json(bridge.mychatGet(mychat(i))).get("cmd").asText());
            }
            Thread.sleep(1000); // the mirror target is down: connections refused, the queue keeps retrying
            try (RunningBridge target = RunningBridge.start(Map.of("camel.server.port", Integer.toString(targetPort)))) {
                awaitQueueEmpty(bridge, 15_000);
                report("mirror-target-down-then-back", N, keys(target.received("tencent"),
                        r -> r.get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
            }
            assertEquals(N, bridge.received("openim").size(), "the primary had them at once");
        }
    }

    @Test
    void aSlowMirrorTargetDelaysNoOtherTarget() throws Exception {
        Map<String, String> a = new HashMap<>();
        a.put("bridge.route.mychat", "openim,tencent,netease");
        a.put("bridge.queue.poll-ms", "50");
        a.put("bridge.queue.consumers-per-target", "2");
        try (RunningBridge b = RunningBridge.start(a)) {
            b.post("/sandbox/tencent/_faults", "{\"delayMs\":800,\"times\":1000}", "Content-Type", "application/json");
            for (int i = 0; i < N; i++) {
                assertEquals("0002", json(b.mychatGet(mychat(i))).get("cmd").asText());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (b.received("netease").size() < N && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int slowOnesSoFar = b.received("tencent").size();
            assertEquals(N, b.received("netease").size(), "the fast mirror got everything");
            assertTrue(slowOnesSoFar < N, "while the slow one was still at " + slowOnesSoFar);
            b.clearSandbox("netease");
            awaitQueueEmpty(b, 60_000);
            report("slow-mirror-target (the others not held up)", N, keys(b.received("tencent"),
                    r -> r.get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
        }
    }

    @Test
    void aPrimaryAnsweringServerErrorsInBurstsIsRetriedWithinTheDeadline() {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "tencent")) {
            b.fault("tencent", 20005, 200, 3);   // a burst of internal errors
            b.fault("tencent", null, 503, 3);    // then of HTTP 503s
            b.fault("tencent", 20004, 200, 3);   // then of network errors
            int answeredOk = 0;
            int callerRetries = 0;
            for (int i = 0; i < N; i++) {
                String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "burst" + i)
                        .replace("toAccids=[\"acc1\",\"acc2\"]", "toAccids=[\"acc1\"]")
                        .replace("This+is+test+msg", "m" + i);
                // a burst longer than the 2 s deadline fails the request; the client tries it again, as clients do
                for (int attempt = 0; attempt < 3; attempt++) {
                    if (json(b.neteaseSend(form)).get("code").asInt() == 200) {
                        answeredOk++;
                        break;
                    }
                    callerRetries++;
                }
            }
            System.out.println("FAULT primary-5xx-bursts: caller retries=" + callerRetries);
            assertEquals(N, answeredOk, "every message accepted in the end");
            report("primary-5xx-bursts", N, keys(b.received("tencent"),
                    r -> r.get("MsgBody").get(0).get("MsgContent").get("Text").asText()));
        }
    }

    @Test
    void timeoutsAndRateLimitsSlowTheBridgeDownWithoutLosingOrDuplicating() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("bridge.route.tencent", "netease");
        p.put("camel.component.http.response-timeout", "400");
        p.put("camel.component.http.so-timeout", "400");
        p.put("bridge.delivery.retry-base-ms", "100");
        p.put("bridge.delivery.retry-cap-ms", "500");
        p.put("bridge.queue.poll-ms", "50");
        p.put("bridge.delivery.rate-limited-pause-ms", "100"); // each of the 30 refusals pauses NetEase this long
        try (RunningBridge b = RunningBridge.start(p)) {
            b.post("/sandbox/netease/_faults", "{\"delayMs\":900,\"times\":2}", "Content-Type", "application/json");
            b.fault("netease", 416, 200, 30); // sustained frequency control: beyond the deadline, queued
            for (int i = 0; i < N; i++) {
                String body = Fixtures.text("tencent/sendmsg-seed-sync.json").replace("hi, beauty", "t" + i)
                        .replace("1287657", Integer.toString(5000 + i));
                HttpResponse<String> r = b.tencentSend(body);
                assertEquals("OK", json(r).get("ActionStatus").asText(), r.body());
            }
            awaitQueueEmpty(b, 20_000);
            // a timed-out try may still have reached NetEase: its retry carries the same msgId (resendFlag=1), on
            // which NetEase deduplicates, so delivered and duplicated count distinct msgIds per text
            JsonNode got = b.received("netease");
            Map<String, Set<String>> msgIdsPerText = new HashMap<>();
            got.forEach(r -> msgIdsPerText.computeIfAbsent(r.get("request").get("attach").asText(), k -> new HashSet<>())
                    .add(r.get("request").get("msgId").asText()));
            msgIdsPerText.values().forEach(ids -> assertEquals(1, ids.size(), "one msgId per message: " + ids));
            report("timeouts-and-rate-limits", N, new ArrayList<>(msgIdsPerText.keySet()));
        }
    }

    @Test
    void duplicateWebhookDeliveriesAreBridgedOnce() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease")) {
            for (int i = 0; i < N; i++) {
                String cb = RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json"))
                        .replace("red packet", "w" + i);
                JsonNode first = json(b.tencentCallback(cb));
                assertEquals(first, json(b.tencentCallback(cb)), "a retry gets the first answer");
            }
            report("duplicate-webhook-deliveries", N, keys(b.received("netease"), r -> r.get("attach").asText()));
        }
    }

    @Test
    void aTwoWayBridgeDoesNotBridgeItsOwnDeliveriesBack() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease", "bridge.route.netease", "tencent")) {
            for (int i = 0; i < N; i++) {
                String body = Fixtures.text("tencent/sendmsg-seed-sync.json").replace("hi, beauty", "loop" + i)
                        .replace("1287657", Integer.toString(7000 + i));
                assertEquals("OK", json(b.tencentSend(body)).get("ActionStatus").asText());
            }
            JsonNode delivered = b.received("netease");
            // NetEase hands each delivered message back to the bridge (as an app listening to its chat room would)
            for (JsonNode d : delivered) {
                JsonNode f = d.get("request");
                String form = "roomid=" + f.get("roomid").asText() + "&fromAccid=" + f.get("fromAccid").asText()
                        + "&toAccids=" + RunningBridge.encode(f.get("toAccids").asText()) + "&msgType=0&attach="
                        + RunningBridge.encode(f.get("attach").asText()) + "&msgId=" + f.get("msgId").asText();
                assertEquals(200, json(b.neteaseSend(form)).get("code").asInt());
            }
            assertEquals(0, b.received("tencent").size(), "no echo went back to Tencent");
            report("two-way-bridge", N, keys(delivered, r -> r.get("attach").asText()));
        }
    }
}
