package io.imbridge.routes;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message that needs several calls at its target (here two recipients, two MyChat commands) and fails part-way:
 * the next try makes only the call that was not accepted, so no recipient sees it twice — MyChat itself has nothing
 * to deduplicate by.
 */
class PartialDeliveryTest {

    static final String TWO_RECIPIENTS = Fixtures.text("netease/send-seed.form");

    /** The target passes its next call, then fails the one after with HTTP 503. */
    static void failTheSecondCall(RunningBridge b, String target) {
        b.post("/sandbox/" + target + "/_faults", "{\"delayMs\":1,\"times\":1}", "Content-Type", "application/json");
        b.post("/sandbox/" + target + "/_faults", "{\"status\":503,\"times\":1}", "Content-Type", "application/json");
    }

    static List<String> recipients(JsonNode received) {
        List<String> out = new ArrayList<>();
        received.forEach(r -> out.add(r.get("request").get("UserTo").asText()));
        return out;
    }

    @Test
    void thePrimarysRetryMakesOnlyTheCallThatFailed() {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "mychat")) {
            failTheSecondCall(b, "mychat");
            JsonNode reply = json(b.neteaseSend(TWO_RECIPIENTS));
            assertEquals(200, reply.get("code").asInt(), reply.toString());
            assertEquals(List.of("acc1", "acc2"), recipients(b.received("mychat")));
        }
    }

    @Test
    void theQueuesRetryOfAMirrorMakesOnlyTheCallThatFailed() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "tencent,mychat",
                "bridge.delivery.retry-base-ms", "50", "bridge.queue.poll-ms", "50")) {
            failTheSecondCall(b, "mychat");
            assertEquals(200, json(b.neteaseSend(TWO_RECIPIENTS)).get("code").asInt());
            long deadline = System.currentTimeMillis() + 15_000;
            while (b.received("mychat").size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500); // nothing more comes
            assertEquals(List.of("acc1", "acc2"), recipients(b.received("mychat")));
            assertEquals(2, b.received("tencent").size());
        }
    }

    @Test
    void theCallersResendAfterAFailureMakesOnlyTheCallThatFailed() {
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "mychat")) {
            b.post("/sandbox/mychat/_faults", "{\"delayMs\":1,\"times\":1}", "Content-Type", "application/json");
            b.post("/sandbox/mychat/_faults", "{\"code\":3,\"times\":1}", "Content-Type", "application/json");
            JsonNode first = json(b.neteaseSend(TWO_RECIPIENTS));
            assertEquals(404, first.get("code").asInt(), "the second recipient was refused: " + first);
            JsonNode again = json(b.neteaseSend(TWO_RECIPIENTS + "&resendFlag=1"));
            assertEquals(200, again.get("code").asInt(), again.toString());
            assertEquals(List.of("acc1", "acc2"), recipients(b.received("mychat")));
            JsonNode record = json(b.get("/admin/messages/" + again.get("desc").get("msgid_client").asText()));
            assertEquals("delivered", record.get("deliveries").get(0).get("status").asText(), record.toString());
        }
    }
}
