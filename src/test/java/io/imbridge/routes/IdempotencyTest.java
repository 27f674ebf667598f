package io.imbridge.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A request the bridge already accepted is answered with the original reply and delivered once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

    /**
     * One bridge per route (each case its own request keys), its sandboxes cleared before each case; the restart
     * case starts its own.
     */
    private final Map<String, RunningBridge> bridges = new HashMap<>();

    RunningBridge bridge(String route, String targets) {
        RunningBridge b = bridges.computeIfAbsent(route + "=" + targets, k -> RunningBridge.start(route, targets));
        for (String vendor : new String[]{"mychat", "openim", "tencent", "netease"}) {
            b.clearSandbox(vendor);
        }
        return b;
    }

    @AfterAll
    void stopBridges() {
        bridges.values().forEach(RunningBridge::close);
    }

    @Test
    void webhookRetriesAndTheAfterCallbackOfTheSameMsgKeyAreBridgedOnce() {
        RunningBridge b = bridge("bridge.route.tencent", "netease");
        String cb = RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json"));
        JsonNode first = json(b.tencentCallback(cb));
        assertEquals(first, json(b.tencentCallback(cb)));
        assertEquals(first, json(b.tencentCallback(cb.replace("CallbackBeforeSendMsg", "CallbackAfterSendMsg"))));
        assertEquals(1, b.received("netease").size());
    }

    @Test
    void aTencentRestRetryGetsTheSameMsgKeyAndIsDeliveredOnce() {
        RunningBridge b = bridge("bridge.route.tencent", "netease");
        String body = Fixtures.text("tencent/sendmsg-seed-sync.json");
        JsonNode first = json(b.tencentSend(body));
        assertEquals("OK", first.get("ActionStatus").asText());
        assertEquals(first, json(b.tencentSend(body)));
        assertEquals(1, b.received("netease").size());
        json(b.tencentSend(body.replace("1287657", "1287658")));
        assertEquals(2, b.received("netease").size(), "another MsgRandom is another message");
    }

    @Test
    void anOpenImOperationIdReusedWithTheSameBodyIsTheSameRequest() {
        RunningBridge b = bridge("bridge.route.openim", "mychat");
        String token = b.openimToken("openIM123");
        String body = Fixtures.text("openim/send_msg-seed.json");
        String[] h = {"Content-Type", "application/json", "operationID", "op-same", "token", token};
        JsonNode first = json(b.post("/openim/msg/send_msg", body, h));
        assertEquals(first, json(b.post("/openim/msg/send_msg", body, h)));
        assertEquals(1, b.received("mychat").size());
        JsonNode other = json(b.post("/openim/msg/send_msg", body.replace("hello!!", "again"), h));
        assertNotEquals(first, other);
        assertEquals(2, b.received("mychat").size(), "the same operationID with another body is new");
    }

    @Test
    void aFailedRequestGivesItsKeyBackSoTheCallersRetryIsDelivered() {
        RunningBridge b = bridge("bridge.route.netease", "tencent");
        b.fault("tencent", 90012, 200, 1);
        String form = Fixtures.text("netease/send-seed.form").replace("toAccids=[\"acc1\",\"acc2\"]",
                "toAccids=[\"acc1\"]");
        assertEquals(404, json(b.neteaseSend(form)).get("code").asInt());
        assertEquals(200, json(b.neteaseSend(form)).get("code").asInt());
        assertEquals(200, json(b.neteaseSend(form)).get("code").asInt());
        assertEquals(1, b.received("tencent").size());
    }

    @Test
    void repliesAreRememberedAcrossARestart() throws Exception {
        Path data = Files.createTempDirectory("im-bridge-idem");
        String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "restart1");
        JsonNode first;
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.route.netease", "tencent")) {
            first = json(b.neteaseSend(form));
            assertEquals(2, b.received("tencent").size());
        }
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.route.netease", "tencent")) {
            assertEquals(first, json(b.neteaseSend(form)));
            assertEquals(0, b.received("tencent").size(), "not delivered again after the restart");
        }
    }

    @Test
    void aResendFromAVeryLongAccountNameIsStillDeliveredOnce() {
        // the key holds the sender's accid, whose length the caller picks (fuzzing found 5,000 characters)
        RunningBridge b = bridge("bridge.route.netease", "tencent");
        String form = Fixtures.text("netease/send-seed.form").replace("zhangsan", "z".repeat(5000));
        JsonNode first = json(b.neteaseSend(form));
        assertEquals(200, first.get("code").asInt(), first.toString());
        assertEquals(first, json(b.neteaseSend(form + "&resendFlag=1")));
        assertEquals(2, b.received("tencent").size(), "two recipients, once each");
    }
}
