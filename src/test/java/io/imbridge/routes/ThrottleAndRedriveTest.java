package io.imbridge.routes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-target throttling, and the re-drive of a dead letter. */
class ThrottleAndRedriveTest {

    @Test
    void aTargetIsNeverCalledFasterThanItsLimitAndNothingIsDropped() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "tencent",
                "bridge.tencent.max-calls-per-second", "4", "bridge.delivery.sync-deadline-ms", "10000")) {
            int n = 12;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "thr" + i)
                        .replace("toAccids=[\"acc1\",\"acc2\"]", "toAccids=[\"acc1\"]");
                calls.add(pool.submit(() -> json(b.neteaseSend(form)).get("code").asInt()));
            }
            for (Future<Integer> c : calls) {
                assertEquals(200, c.get());
            }
            pool.shutdown();
            List<Long> at = new ArrayList<>();
            b.received("tencent").forEach(r -> at.add(r.get("receivedAt").asLong()));
            assertEquals(n, at.size(), "none dropped");
            Collections.sort(at);
            // the throttle gates calls before they are sent; the target sees them after a varying network and
            // processing time, so its own clock allows some slack
            for (int i = 0; i + 4 < at.size(); i++) {
                assertTrue(at.get(i + 4) - at.get(i) >= 750, "5 calls within " + (at.get(i + 4) - at.get(i)) + " ms");
            }
            assertTrue(at.get(n - 1) - at.get(0) >= 1800, "12 calls at 4/s took " + (at.get(n - 1) - at.get(0)) + " ms");
        }
    }

    @Test
    void aDeadLetterIsDeliveredWhenItIsRetried() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim,tencent",
                "bridge.delivery.retry-base-ms", "20", "bridge.delivery.max-age-ms", "300", "bridge.queue.poll-ms", "50")) {
            b.fault("tencent", null, 503, 1000);
            json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
            JsonNode letters = json(b.get("/admin/dead-letters"));
            for (int i = 0; i < 100 && letters.size() == 0; i++) {
                Thread.sleep(50);
                letters = json(b.get("/admin/dead-letters"));
            }
            assertEquals(1, letters.size());
            b.clearSandbox("tencent"); // the target is well again (faults cleared)
            long id = letters.get(0).get("id").asLong();
            assertEquals(202, b.post("/admin/dead-letters/" + id + "/retry", "").statusCode());
            assertEquals(409, b.post("/admin/dead-letters/" + id + "/retry", "").statusCode(), "once");
            assertEquals(404, b.post("/admin/dead-letters/999999/retry", "").statusCode());
            for (int i = 0; i < 100 && b.received("tencent").size() == 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, b.received("tencent").size());
            assertEquals("retried", json(b.get("/admin/dead-letters")).get(0).get("status").asText());
            JsonNode record = json(b.get("/admin/messages/" + letters.get(0).get("messageId").asText()));
            assertTrue(record.get("deliveries").toString().contains("\"delivered\""), record.toString());
        }
    }
}
