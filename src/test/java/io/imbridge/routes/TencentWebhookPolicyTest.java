package io.imbridge.routes;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.provider.tencent.TencentRequests;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The webhook's policies and content rules, and its Sign check, each on a bridge configured for it. */
class TencentWebhookPolicyTest {

    static final String SEED = Fixtures.text("tencent/callback-seed.json");

    @Test
    void underForbidATargetFailureRefusesTheSenderWithTheReason() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease",
                "bridge.tencent.callback.on-failure", "forbid")) {
            b.fault("netease", 404, 200, 1);
            JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(SEED)));
            assertEquals("OK", reply.get("ActionStatus").asText());
            // docs/bridging.md, "The Tencent webhook": 120004 recipient unknown
            assertEquals(120004, reply.get("ErrorCode").asInt(), reply.toString());
            assertEquals(0, b.received("netease").size());
            // recorded as failed, not left under way (which a restart's recovery would deliver after the refusal)
            assertEquals(List.of("failed"), QueueCrashWindowsTest.db(b).query(
                    "SELECT status FROM deliveries WHERE target = 'netease'", rs -> rs.getString(1)));
        }
    }

    @Test
    void aDiscardRuleAnswersTwoAndBridgesNothing() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease",
                "bridge.tencent.callback.discard-pattern", "(?i)red\\s+packet")) {
            JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(SEED)));
            assertEquals(2, reply.get("ErrorCode").asInt());
            assertEquals(0, b.received("netease").size());
            String second = RunningBridge.newMessage(SEED.replace("red packet", "hello"));
            JsonNode r2 = json(b.tencentCallback(second));
            assertEquals(0, r2.get("ErrorCode").asInt(), r2.toString());
            assertEquals(1, b.received("netease").size());
        }
    }

    @Test
    void aReplaceRuleAnswersTheModifiedMsgBodyAndBridgesIt() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease",
                "bridge.tencent.callback.replace-pattern", "red packet", "bridge.tencent.callback.replace-with", "gift")) {
            JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(SEED)));
            assertEquals(0, reply.get("ErrorCode").asInt());
            assertEquals("TIMTextElem", reply.get("MsgBody").get(0).get("MsgType").asText());
            assertEquals("gift", reply.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
            assertEquals("your cloud custom data", reply.get("CloudCustomData").asText());
            assertEquals("gift", b.received("netease").get(0).get("request").get("attach").asText());
        }
    }

    @Test
    void aSlowTargetDoesNotMakeTencentWaitAndTheMessageStillArrivesOnce() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease")) {
            b.post("/sandbox/netease/_faults", "{\"delayMs\":3000,\"times\":1}", "Content-Type", "application/json");
            long started = System.currentTimeMillis();
            JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(SEED)));
            long took = System.currentTimeMillis() - started;
            assertEquals(0, reply.get("ErrorCode").asInt());
            org.junit.jupiter.api.Assertions.assertTrue(took < 2000, "answered in " + took + " ms");
            for (int i = 0; i < 100 && b.received("netease").size() == 0; i++) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            assertEquals(1, b.received("netease").size(), "delivered once, after the answer");
        }
    }

    @Test
    void withACallbackTokenTheSignIsChecked() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "netease",
                "bridge.tencent.inbound.callback-token", "cb-token")) {
            String now = Long.toString(System.currentTimeMillis() / 1000);
            assertEquals("FAIL", json(b.tencentCallback(RunningBridge.newMessage(SEED))).get("ActionStatus").asText(), "no Sign");
            assertEquals(70009, json(b.tencentCallback(RunningBridge.newMessage(SEED), "RequestTime=" + now, "Sign="
                    + TencentRequests.callbackSign("other", now))).get("ErrorCode").asInt());
            String old = Long.toString(System.currentTimeMillis() / 1000 - 3600);
            assertEquals(70001, json(b.tencentCallback(RunningBridge.newMessage(SEED), "RequestTime=" + old, "Sign="
                    + TencentRequests.callbackSign("cb-token", old))).get("ErrorCode").asInt());
            assertEquals(0, b.received("netease").size());
            JsonNode ok = json(b.tencentCallback(RunningBridge.newMessage(SEED), "RequestTime=" + now, "Sign="
                    + TencentRequests.callbackSign("cb-token", now)));
            assertEquals("OK", ok.get("ActionStatus").asText(), ok.toString());
            assertEquals(1, b.received("netease").size());
        }
    }
}
