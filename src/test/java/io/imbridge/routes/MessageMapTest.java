package io.imbridge.routes;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The persistent message-ID map: any id a message has anywhere finds it, after a restart too. */
class MessageMapTest {

    @Test
    void anyIdFindsTheWholeRecordAndItSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("im-bridge-idmap");
        String msgKey;
        String neteaseMsgId;
        String bridgeId;
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.route.tencent", "netease")) {
            JsonNode reply = json(b.tencentSend(Fixtures.text("tencent/sendmsg-seed-offline-push.json")));
            msgKey = reply.get("MsgKey").asText();
            neteaseMsgId = b.received("netease").get(0).get("request").get("msgId").asText();
            JsonNode record = json(b.get("/admin/messages/" + RunningBridge.encode(msgKey)));
            bridgeId = record.get("id").asText();
            assertEquals("tencent", record.get("message").get("source").get("vendor").asText());
            assertEquals("hi, beauty", record.get("message").get("elements").get(0).get("text").asText());
            JsonNode delivery = record.get("deliveries").get(0);
            assertEquals("netease", delivery.get("target").asText());
            assertEquals("delivered", delivery.get("status").asText());
            assertEquals("primary", delivery.get("role").asText());
            assertTrue(record.get("ids").toString().contains("\"MsgRandom\""), record.toString());
            assertEquals(bridgeId, json(b.get("/admin/messages/" + neteaseMsgId)).get("id").asText(),
                    "the target's id finds the same message");
            assertEquals(404, b.get("/admin/messages/nothing-like-this").statusCode());
        }
        try (RunningBridge again = RunningBridge.start("bridge.data-dir", data.toString())) {
            assertEquals(bridgeId, json(again.get("/admin/messages/" + RunningBridge.encode(msgKey))).get("id").asText());
            assertEquals(bridgeId, json(again.get("/admin/messages/" + bridgeId)).get("id").asText());
        }
    }

    @Test
    void aFailedPrimaryIsRecordedWithItsReason() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.openim", "mychat")) {
            b.fault("mychat", 3, 200, 1);
            String token = b.openimToken("openIM123");
            JsonNode reply = json(b.post("/openim/msg/send_msg", Fixtures.text("openim/send_msg-seed.json"),
                    "Content-Type", "application/json", "operationID", "op-fails-1", "token", token));
            assertEquals(1004, reply.get("errCode").asInt());
            JsonNode record = json(b.get("/admin/messages/op-fails-1"));
            JsonNode delivery = record.get("deliveries").get(0);
            assertEquals("failed", delivery.get("status").asText());
            assertEquals("recipient_unknown", delivery.get("category").asText());
            assertEquals(3, delivery.get("vendorCode").asInt());
        }
    }

    /**
     * A MyChat target gives no message id, only the recipient's UIN and status: those answer the caller but are not
     * ids of the message — "0" or a UIN does not find every message ever delivered to MyChat.
     */
    @Test
    void factsSharedByManyMessagesAreNotIdsOfTheMessage() throws Exception {
        try (RunningBridge b = RunningBridge.start()) {
            String token = b.openimToken("openIM123");
            for (int i = 0; i < 2; i++) {
                assertEquals(0, json(b.openimSend(token, "{\"sendID\":\"openIMAdmin\",\"recvID\":\"2839678182\","
                        + "\"content\":{\"content\":\"facts " + i + "\"},\"contentType\":101,\"sessionType\":1}"))
                        .path("errCode").asInt(-1));
            }
            JsonNode reply = b.received("mychat");
            assertEquals(2, reply.size());
            assertEquals(404, b.get("/admin/messages/0").statusCode(), "the State 0 of every MyChat reply");
        }
        try (RunningBridge b = RunningBridge.start("bridge.route.netease", "tencent")) {
            for (int i = 0; i < 2; i++) {
                assertEquals(200, json(b.neteaseSend("roomid=36&fromAccid=alice&msgType=0&msgId=room-" + i
                        + "&toAccids=" + RunningBridge.encode("[\"bob\"]") + "&attach=room")).path("code").asInt());
            }
            assertEquals(200, b.get("/admin/messages/room-1").statusCode(), "NetEase's msgId identifies it");
            assertEquals(404, b.get("/admin/messages/36").statusCode(), "the room every message of it was sent in");
        }
    }
}
