package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target that answers "rate limited" is paused for every call, not just the refused one; other targets go on. */
class RateLimitPacingTest {

    static final long PAUSE = 1500;

    @Test
    void oneRateLimitAnswerPausesEveryCallToThatTargetAndNoOther() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "tencent", "bridge.route.mychat", "openim",
                "bridge.delivery.rate-limited-pause-ms", Long.toString(PAUSE))) {
            b.fault("tencent", 60007, 200, 1); // Tencent: REST call rate over the limit
            String one = Fixtures.text("netease/send-seed.form").replace("[\"acc1\",\"acc2\"]", "[\"acc1\"]");
            long t0 = System.currentTimeMillis();
            CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(
                    () -> b.neteaseSend(one.replace("c9e6c306", "pace-a")));
            Thread.sleep(300);
            CompletableFuture<HttpResponse<String>> c = CompletableFuture.supplyAsync(
                    () -> b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
            HttpResponse<String> bReply = b.neteaseSend(one.replace("c9e6c306", "pace-b"));
            assertEquals(200, json(a.get()).get("code").asInt(), a.get().body());
            assertEquals(200, json(bReply).get("code").asInt(), bReply.body());
            assertEquals("0002", json(c.get()).get("cmd").asText());

            JsonNode atTencent = b.received("tencent");
            assertEquals(2, atTencent.size(), "both arrived, once each");
            for (JsonNode r : atTencent) {
                long after = r.get("receivedAt").asLong() - t0;
                assertTrue(after >= PAUSE - 200, "a call to the paused target came " + after + " ms after the start");
            }
            long openimAfter = b.received("openim").get(0).get("receivedAt").asLong() - t0;
            assertTrue(openimAfter < PAUSE - 200, "another target was held up: " + openimAfter + " ms");
        }
    }
}
