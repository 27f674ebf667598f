package io.imbridge.routes;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;
import io.imbridge.provider.tencent.TencentUserSig;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tencent and NetEase clients against the bridge, each delivering into the other's sandbox, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TencentNetEaseTest {

    RunningBridge bridge;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start("bridge.route.tencent", "netease", "bridge.route.netease", "tencent");
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("netease");
        bridge.clearSandbox("tencent");
    }

    @Test
    void theTencentSeedArrivesAtNetEaseSignedWithCheckSum() {
        JsonNode reply = json(bridge.tencentSend(Fixtures.text("tencent/sendmsg-seed-offline-push.json")));
        assertEquals("OK", reply.get("ActionStatus").asText(), reply.toString());
        assertEquals(0, reply.get("ErrorCode").asInt());
        assertEquals("", reply.get("ErrorInfo").asText());
        assertEquals(1557387418L, reply.get("MsgTime").asLong());
        assertTrue(reply.get("MsgKey").asText().matches("\\d+_1287657_1557387418"), reply.toString());

        JsonNode got = bridge.received("netease");
        assertEquals(1, got.size());
        JsonNode form = got.get(0).get("request");
        assertEquals("36", form.get("roomid").asText());
        assertEquals("lumotuwe1", form.get("fromAccid").asText());
        assertEquals(Json.parseOrNull("[\"lumotuwe2\"]"), Json.parseOrNull(form.get("toAccids").asText()));
        assertEquals("0", form.get("msgType").asText());
        assertEquals("hi, beauty", form.get("attach").asText());
        assertTrue(form.get("msgId").asText().matches("[0-9a-f-]{36}"));
        assertEquals("sandbox-netease-appkey", got.get(0).get("appKey").asText());
    }

    @Test
    void theNetEaseSeedArrivesAtTencentOnceForEachRecipientWithAValidUserSig() {
        HttpResponse<String> r = bridge.neteaseSend(Fixtures.text("netease/send-seed.form"));
        JsonNode reply = json(r);
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        JsonNode desc = reply.get("desc");
        assertEquals("zhangsan", desc.get("fromAccount").asText());
        assertEquals("36", desc.get("roomId").asText());
        assertEquals("c9e6c306-804f-4ec3-b8f0-573778829419", desc.get("msgid_client").asText());
        assertEquals("This is test msg", desc.get("attach").asText());
        assertEquals("0", desc.get("type").asText());
        assertEquals("REST", desc.get("fromClientType").asText());

        JsonNode got = bridge.received("tencent");
        assertEquals(2, got.size());
        for (int i = 0; i < 2; i++) {
            JsonNode req = got.get(i).get("request");
            assertEquals("zhangsan", req.get("From_Account").asText());
            assertEquals("acc" + (i + 1), req.get("To_Account").asText());
            assertTrue(req.get("MsgRandom").isIntegralNumber());
            assertEquals("TIMTextElem", req.get("MsgBody").get(0).get("MsgType").asText());
            assertEquals("This is test msg", req.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
        }
    }

    @Test
    void aNetEaseResendOfTheSameMsgIdIsAnsweredTheSameAndDeliveredOnce() {
        String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "d00d0001");
        JsonNode first = json(bridge.neteaseSend(form));
        JsonNode again = json(bridge.neteaseSend(form + "&resendFlag=1"));
        assertEquals(first, again);
        assertEquals(2, bridge.received("tencent").size(), "two recipients, once each");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "wrong-key|70009",
            "expired|70001",
            "other-identifier|70013",
            "not-admin|60010",
            "other-app|70020",
            "no-appid|60012",
            "garbage-sig|70003",
            "bad-random|60002"})
    void tencentCredentialsAreCheckedTencentsWay(String kind, int code) {
        long now = System.currentTimeMillis() / 1000;
        long app = RunningBridge.TENCENT_APP;
        String admin = RunningBridge.TENCENT_ADMIN;
        String key = RunningBridge.TENCENT_KEY;
        String q = switch (kind) {
            case "wrong-key" -> RunningBridge.tencentQuery(app, admin, TencentUserSig.sign("guess", app, admin, now, 3600));
            case "expired" -> RunningBridge.tencentQuery(app, admin, TencentUserSig.sign(key, app, admin, now - 9000, 3600));
            case "other-identifier" -> RunningBridge.tencentQuery(app, admin, TencentUserSig.sign(key, app, "bob", now, 3600));
            case "not-admin" -> RunningBridge.tencentQuery(app, "bob", TencentUserSig.sign(key, app, "bob", now, 3600));
            case "other-app" -> RunningBridge.tencentQuery(app + 7, admin, TencentUserSig.sign(key, app + 7, admin, now, 3600));
            case "no-appid" -> "identifier=administrator&usersig=x&random=1";
            case "garbage-sig" -> RunningBridge.tencentQuery(app, admin, "eJyrVkrOz8lJzQ");
            default -> RunningBridge.tencentQuery(app, admin, TencentUserSig.sign(key, app, admin, now, 3600))
                    .replaceAll("random=\\d+", "random=12345678901");
        };
        HttpResponse<String> r = bridge.post("/tencent/v4/openim/sendmsg?" + q,
                Fixtures.text("tencent/sendmsg-seed-sync.json"), "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), "Tencent answers 200 even on failure");
        JsonNode reply = json(r);
        assertEquals("FAIL", reply.get("ActionStatus").asText());
        assertEquals(code, reply.get("ErrorCode").asInt(), reply.toString());
        assertEquals(0, bridge.received("netease").size());
    }

    @Test
    void jsonPostedWithAFormContentTypeIsReadAsJsonUnchanged() {
        String body = Fixtures.text("tencent/sendmsg-seed-sync.json").replace("hi, beauty", "1+1 = 2 %41 & more")
                .replace("1287657", "7654321");
        HttpResponse<String> r = bridge.post("/tencent/v4/openim/sendmsg?" + RunningBridge.tencentQuery(
                RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, TencentUserSig.sign(RunningBridge.TENCENT_KEY,
                        RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 60)),
                body, "Content-Type", "application/x-www-form-urlencoded");
        assertEquals("OK", json(r).get("ActionStatus").asText(), r.body());
        assertEquals("1+1 = 2 %41 & more", bridge.received("netease").get(0).get("request").get("attach").asText());
    }

    @Test
    void tencentBodyProblemsGetTencentsCodes() {
        assertEquals(90001, json(bridge.tencentSend("{oops")).get("ErrorCode").asInt());
        ObjectNode big = Fixtures.json("tencent/sendmsg-seed-sync.json");
        ((ObjectNode) big.get("MsgBody").get(0).get("MsgContent")).put("Text", "x".repeat(9000));
        assertEquals(93000, json(bridge.tencentSend(big.toString())).get("ErrorCode").asInt());
        assertEquals(90003, json(bridge.tencentSend("{\"MsgRandom\":1,\"MsgBody\":[]}")).get("ErrorCode").asInt());
        assertEquals(0, bridge.received("netease").size());
    }

    @Test
    void netEaseCredentialsAndFormsAreCheckedNetEasesWay() {
        String form = Fixtures.text("netease/send-seed.form");
        long now = System.currentTimeMillis() / 1000;
        assertEquals(403, json(bridge.neteaseSend(form, RunningBridge.NETEASE_KEY, "guess", now)).get("code").asInt());
        assertEquals(403, json(bridge.neteaseSend(form, "other-app", RunningBridge.NETEASE_SECRET, now)).get("code").asInt());
        assertEquals(403, json(bridge.neteaseSend(form, RunningBridge.NETEASE_KEY, RunningBridge.NETEASE_SECRET,
                now - 3600)).get("code").asInt(), "stale CurTime");
        assertEquals(414, json(bridge.post("/netease/nimserver/chatroom/sendMsgToSomeone.action", form,
                "Content-Type", "application/x-www-form-urlencoded")).get("code").asInt(), "no signature headers");
        assertEquals(414, json(bridge.neteaseSend(form.replace("roomid=36&", ""))).get("code").asInt());
        assertEquals(414, json(bridge.neteaseSend(form.replace("msgType=0", "msgType=9"))).get("code").asInt());
        assertEquals(414, json(bridge.neteaseSend(form.replace("attach=This+is+test+msg", "attach=+"))).get("code").asInt());
        assertEquals(414, json(bridge.neteaseSend(form + "&roomid=37")).get("code").asInt(), "a field given twice");
        assertEquals(0, bridge.received("tencent").size());
    }

    @Test
    void aReplayedNetEaseRequestIsRefusedEvenWithItsValidCheckSum() {
        String cur = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = "replay-" + System.nanoTime();
        String[] headers = {"Content-Type", "application/x-www-form-urlencoded;charset=utf-8", "AppKey",
                RunningBridge.NETEASE_KEY, "Nonce", nonce, "CurTime", cur, "CheckSum",
                io.imbridge.provider.netease.NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur)};
        String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "eeee0001");
        String path = "/netease/nimserver/chatroom/sendMsgToSomeone.action";
        assertEquals(200, json(bridge.post(path, form, headers)).get("code").asInt());
        assertEquals(431, json(bridge.post(path, form.replace("eeee0001", "eeee0002"), headers)).get("code").asInt());
        assertEquals(2, bridge.received("tencent").size(), "only the first request was delivered");
    }

    @Test
    void theWebhookSeedIsMirroredAndAllowed() {
        HttpResponse<String> r = bridge.tencentCallback(RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json")));
        JsonNode reply = json(r);
        assertEquals("OK", reply.get("ActionStatus").asText());
        assertEquals(0, reply.get("ErrorCode").asInt());
        assertFalse(reply.has("MsgBody"), "unchanged message: no MsgBody in the answer");
        JsonNode form = bridge.received("netease").get(0).get("request");
        assertEquals("jared", form.get("fromAccid").asText());
        assertEquals("red packet", form.get("attach").asText());
        assertEquals("your cloud custom data", Json.parseOrNull(form.get("ext").asText()).get("customData").asText());
    }

    @Test
    void underAllowAFailingTargetStillLetsTheSenderSendAndTheMessageArrivesLater() throws Exception {
        bridge.fault("netease", 503, 200, 1);
        JsonNode reply = json(bridge.tencentCallback(RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json"))));
        assertEquals(0, reply.get("ErrorCode").asInt());
        for (int i = 0; i < 100 && bridge.received("netease").size() == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, bridge.received("netease").size(), "redelivered after the 503");
        assertEquals("1", bridge.received("netease").get(0).get("request").get("resendFlag").asText(),
                "a retry is flagged as a resend");
    }

    @Test
    void aWebhookFromAnotherAppIsRefused() {
        JsonNode reply = json(bridge.post("/tencent/callback?SdkAppid=42&CallbackCommand=C2C.CallbackBeforeSendMsg",
                RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json")), "Content-Type", "application/json"));
        assertEquals("FAIL", reply.get("ActionStatus").asText());
        assertEquals(70020, reply.get("ErrorCode").asInt());
        assertEquals(0, bridge.received("netease").size());
    }
}
