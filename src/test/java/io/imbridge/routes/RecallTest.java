package io.imbridge.routes;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

import static io.imbridge.RunningBridge.json;
import static io.imbridge.routes.MirrorsWhateverThePrimaryTest.await;
import static io.imbridge.routes.GroupClients.groupSend;
import static io.imbridge.routes.GroupClients.neteaseMsgSend;
import static io.imbridge.routes.GroupClients.neteaseRoomSend;
import static io.imbridge.routes.GroupClients.tencentGroupSend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recalls over real HTTP: a message sent through the bridge and recalled with the source provider's own recall API
 * is taken back at every target that holds a copy — Tencent's by admin_msgwithdraw (MsgKey) or group_msg_recall
 * (MsgSeq), NetEase's by msg/recall (msgid and timetag) or chatroom/recall (msgId and time), OpenIM's by revoke_msg
 * (the seq search_msg finds for its serverMsgID; the bridge's own search_msg gives the seq of a message sent to it,
 * which its revoke_msg takes) — the copy at MyChat, which cannot recall, reported as staying (with
 * the configured notice sent instead), and a delivery not made yet cancelled. Codes from docs/providers.md (each
 * provider's groups and recall): Tencent 20022 no such message, 20023 already recalled, 90054 bad MsgKey,
 * group_msg_recall's RetCode 10030 not found and 10032 not recallable; NetEase 404 not found, 417 repeated operation;
 * OpenIM 1004 not found, 1001 bad arguments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecallTest {

    static final String GROUPS = """
            tencent,netease,openim,mychat
            @TGS#_support,4021,support,12
            @TGS#_lobby,room:77,lobby,13
            """;
    static final String NOTICE = "This message was recalled by its sender.";

    RunningBridge bridge;
    Path groupsFile;

    @BeforeAll
    void start() throws IOException {
        groupsFile = Files.createTempFile("groups", ".csv");
        Files.writeString(groupsFile, GROUPS);
        bridge = RunningBridge.start(
                "bridge.groups.file", groupsFile.toString(),
                "bridge.route.tencent", "netease,mychat,openim",
                "bridge.route.netease", "tencent,openim",
                "bridge.route.openim", "tencent,netease,mychat",
                "bridge.sandbox.tencent.groups", "@TGS#_support:alice|bob,@TGS#_lobby:alice|bob",
                "bridge.sandbox.netease.teams", "4021:alice|bob",
                "bridge.sandbox.netease.rooms", "77:alice|bob",
                "bridge.sandbox.openim.groups", "support:alice|bob,lobby:alice|bob",
                "bridge.sandbox.mychat.groups", "12:alice|bob,13:alice|bob",
                "bridge.mychat.recall-notice", NOTICE,
                "bridge.queue.poll-ms", "50",
                // a failed mirror waits at least 3 s (backoff base 4 s, -25 % jitter): time to recall it first
                "bridge.delivery.retry-base-ms", "4000");
    }

    @AfterAll
    void stop() throws IOException {
        bridge.close();
        Files.deleteIfExists(groupsFile);
    }

    @BeforeEach
    void clear() {
        for (String vendor : new String[]{"tencent", "netease", "openim", "mychat"}) {
            bridge.clearSandbox(vendor);
        }
    }

    // ---- Tencent one-to-one: admin_msgwithdraw -------------------------------------------------------------------

    @Test
    void aTencentRecallTakesBackTheNetEaseCopyAndSaysWhichCopiesStay() throws Exception {
        JsonNode sent = json(bridge.tencentSend(sendmsg("alice", "bob", "recall me")));
        assertEquals("OK", sent.get("ActionStatus").asText(), sent.toString());
        String msgKey = sent.get("MsgKey").asText();
        JsonNode record = awaitDelivered(msgKey, 3);

        JsonNode recalled = json(withdraw("alice", "bob", msgKey));
        assertEquals("OK", recalled.get("ActionStatus").asText(), recalled.toString());
        assertEquals(0, recalled.get("ErrorCode").asInt());
        // the copy that stays is named: MyChat has no recall
        String info = recalled.get("ErrorInfo").asText();
        assertTrue(info.contains("not recalled at mychat"), info);
        assertFalse(info.contains("netease") || info.contains("openim"), info);

        // NetEase's room copy taken back by chatroom/recall; the others kept, MyChat's recipient told
        JsonNode netease = bridge.received("netease");
        assertEquals(1, netease.size(), netease.toString());
        assertTrue(netease.get(0).path("recalled").asBoolean(), netease.toString());
        JsonNode mychat = bridge.received("mychat");
        assertEquals(2, mychat.size(), "the message, then the notice: " + mychat);
        assertTrue(mychat.get(1).toString().contains(NOTICE), mychat.toString());
        assertFalse(mychat.get(0).path("recalled").asBoolean());
        // OpenIM's copy looked up by search_msg (its seq) and taken back by revoke_msg
        JsonNode openim = bridge.received("openim");
        assertEquals(1, openim.size(), openim.toString());
        assertTrue(openim.get(0).path("recalled").asBoolean(), openim.toString());

        JsonNode after = json(bridge.get("/admin/messages/" + record.get("id").asText()));
        assertEquals("recalled", outcome(after, "netease").get("status").asText(), after.toString());
        assertEquals("degraded", outcome(after, "mychat").get("status").asText());
        assertEquals("recalled", outcome(after, "openim").get("status").asText(), after.toString());
        assertEquals("recalled", delivery(after, "netease").get("status").asText());
        assertEquals("delivered", delivery(after, "mychat").get("status").asText());
        assertTrue(after.get("journey").toString().contains("recall requested"), after.toString());
        assertEquals("tencent", after.path("recall").path("event").path("source").path("vendor").asText());
    }

    @Test
    void aTencentRecallOfAMessageRecalledBeforeUnknownOrMalformedGetsTencentsCodes() throws Exception {
        String msgKey = json(bridge.tencentSend(sendmsg("alice", "bob", "twice"))).get("MsgKey").asText();
        awaitDelivered(msgKey, 3);
        assertEquals(0, json(withdraw("alice", "bob", msgKey)).get("ErrorCode").asInt());

        JsonNode again = json(withdraw("alice", "bob", msgKey));
        assertEquals("FAIL", again.get("ActionStatus").asText());
        assertEquals(20023, again.get("ErrorCode").asInt(), again.toString());
        JsonNode unknown = json(withdraw("alice", "bob", "1_2_3"));
        assertEquals(20022, unknown.get("ErrorCode").asInt(), unknown.toString());
        JsonNode malformed = json(withdraw("alice", "bob", "not-a-key"));
        assertEquals(90054, malformed.get("ErrorCode").asInt(), malformed.toString());
        // a recall is authenticated as a send is: a UserSig that is not one is 70003
        HttpResponse<String> unsigned = bridge.post("/tencent/v4/openim/admin_msgwithdraw?" + RunningBridge
                        .tencentQuery(RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, "forged"),
                "{\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + msgKey + "\"}",
                "Content-Type", "application/json");
        assertEquals(70003, json(unsigned).get("ErrorCode").asInt(), unsigned.body());
    }

    // ---- Tencent groups: group_msg_recall ------------------------------------------------------------------------

    @Test
    void aTencentGroupRecallTakesBackTheTeamCopyEachMsgSeqAnsweredOnItsOwn() throws Exception {
        JsonNode sent = json(tencentGroupSend(bridge, "@TGS#_support", "group recall"));
        assertEquals("OK", sent.get("ActionStatus").asText(), sent.toString());
        long seq = sent.get("MsgSeq").asLong();
        awaitCopies("openim", 1);
        awaitCopies("mychat", 1);

        JsonNode reply = json(groupRecall("@TGS#_support", seq, 987654));
        assertEquals("OK", reply.get("ActionStatus").asText(), reply.toString());
        JsonNode list = reply.get("RecallRetList");
        assertEquals(seq, list.get(0).get("MsgSeq").asLong());
        assertEquals(0, list.get(0).get("RetCode").asInt(), reply.toString());
        assertEquals(987654, list.get(1).get("MsgSeq").asLong());
        assertEquals(10030, list.get(1).get("RetCode").asInt(), "no such message in the group");

        // the team copy recalled by msg/recall at NetEase
        JsonNode netease = bridge.received("netease");
        assertEquals(1, netease.size(), netease.toString());
        assertEquals("1", netease.get(0).path("request").path("ope").asText());
        assertTrue(netease.get(0).path("recalled").asBoolean(), netease.toString());
        // MyChat's conference told instead; OpenIM's group copy revoked in its conversation sg_support (a mirror:
        // recalled at once, or once its delivery is recorded)
        assertTrue(bridge.received("mychat").toString().contains(NOTICE));
        awaitRecalled("openim");
        JsonNode openim = bridge.received("openim");
        assertEquals("support", openim.get(0).path("request").path("groupID").asText(), openim.toString());
        assertEquals("sg_support", openim.get(0).path("conversationID").asText());

        JsonNode again = json(groupRecall("@TGS#_support", seq));
        assertEquals(10032, again.get("RecallRetList").get(0).get("RetCode").asInt(), again.toString());
        JsonNode badList = json(tencentPost("/tencent/v4/group_open_http_svc/group_msg_recall",
                "{\"GroupId\":\"@TGS#_support\",\"MsgSeqList\":[]}"));
        assertEquals(10004, badList.get("ErrorCode").asInt(), badList.toString());
    }

    // ---- NetEase: msg/recall and chatroom/recall -----------------------------------------------------------------

    @Test
    void aNetEaseTeamRecallTakesBackTheTencentGroupCopy() throws Exception {
        JsonNode sent = json(neteaseMsgSend(bridge, 1, "4021", "team recall"));
        assertEquals(200, sent.get("code").asInt(), sent.toString());
        long msgid = sent.get("data").get("msgid").asLong();
        long timetag = sent.get("data").get("timetag").asLong();
        awaitCopies("openim", 1);

        JsonNode reply = json(neteasePost("/netease/nimserver/msg/recall.action", "deleteMsgid=" + msgid
                + "&timetag=" + timetag + "&type=8&from=alice&to=4021"));
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        assertFalse(reply.path("desc").asText("").contains("openim"), reply.toString());
        awaitRecalled("openim");
        JsonNode tencent = bridge.received("tencent");
        assertEquals(1, tencent.size(), tencent.toString());
        assertEquals("@TGS#_support", tencent.get(0).path("request").path("GroupId").asText());
        assertTrue(tencent.get(0).path("recalled").asBoolean(), tencent.toString());

        JsonNode again = json(neteasePost("/netease/nimserver/msg/recall.action", "deleteMsgid=" + msgid
                + "&timetag=" + timetag + "&type=8&from=alice&to=4021"));
        assertEquals(417, again.get("code").asInt(), again.toString());
        JsonNode unknown = json(neteasePost("/netease/nimserver/msg/recall.action",
                "deleteMsgid=1&timetag=1&type=7&from=alice&to=bob"));
        assertEquals(404, unknown.get("code").asInt(), unknown.toString());
        JsonNode badType = json(neteasePost("/netease/nimserver/msg/recall.action",
                "deleteMsgid=1&timetag=1&type=9&from=alice&to=bob"));
        assertEquals(414, badType.get("code").asInt(), badType.toString());
    }

    @Test
    void aNetEaseRoomRecallTakesBackTheTencentGroupCopy() throws Exception {
        String msgId = UUID.randomUUID().toString();
        HttpResponse<String> r = neteasePost("/netease/nimserver/chatroom/sendMsg.action", "roomid=77&msgId=" + msgId
                + "&fromAccid=alice&msgType=0&attach=" + RunningBridge.encode("room recall"));
        JsonNode sent = json(r);
        assertEquals(200, sent.get("code").asInt(), sent.toString());
        long time = Long.parseLong(sent.get("desc").get("time").asText());
        awaitCopies("openim", 1);

        JsonNode reply = json(neteasePost("/netease/nimserver/chatroom/recall.action", "roomid=77&msgTimetag=" + time
                + "&msgId=" + msgId + "&fromAcc=alice&operatorAcc=alice"));
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        JsonNode tencent = bridge.received("tencent");
        assertEquals("@TGS#_lobby", tencent.get(0).path("request").path("GroupId").asText());
        assertTrue(tencent.get(0).path("recalled").asBoolean(), tencent.toString());
        JsonNode missing = json(neteasePost("/netease/nimserver/chatroom/recall.action",
                "roomid=77&msgTimetag=1&msgId=nothing-sent&fromAcc=alice&operatorAcc=alice"));
        assertEquals(404, missing.get("code").asInt(), missing.toString());
    }

    @Test
    void aNetEaseDirectedMessageRecalledByItsMsgIdIsTakenBackAtTencent() throws Exception {
        String msgId = UUID.randomUUID().toString();
        JsonNode sent = json(bridge.neteaseSend("roomid=36&fromAccid=alice&msgType=0&attach=directed&msgId=" + msgId
                + "&toAccids=" + RunningBridge.encode("[\"bob\"]")));
        assertEquals(200, sent.get("code").asInt(), sent.toString());
        long time = Long.parseLong(sent.get("desc").get("time").asText());
        awaitCopies("openim", 1);
        JsonNode reply = json(neteasePost("/netease/nimserver/chatroom/recall.action", "roomid=36&msgTimetag=" + time
                + "&msgId=" + msgId + "&fromAcc=alice&operatorAcc=alice"));
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        // Tencent's one-to-one copy taken back by admin_msgwithdraw with the MsgKey its sendmsg answered
        JsonNode tencent = bridge.received("tencent");
        assertEquals("bob", tencent.get(0).path("request").path("To_Account").asText(), tencent.toString());
        assertTrue(tencent.get(0).path("recalled").asBoolean(), tencent.toString());
    }

    @Test
    void aSendRecalledByItsOwnIdWhileItsPrimaryIsRetriedIsNotTriedAgain() throws Exception {
        // Tencent (the room's primary) fails three tries of 300 ms each: the caller is still waiting for its send
        bridge.post("/sandbox/tencent/_faults", "{\"status\":503,\"delayMs\":300,\"times\":3}",
                "Content-Type", "application/json");
        String msgId = UUID.randomUUID().toString();
        java.util.concurrent.CompletableFuture<JsonNode> send = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> json(bridge.neteaseSend("roomid=36&fromAccid=alice&msgType=0&attach=retried&msgId=" + msgId
                        + "&toAccids=" + RunningBridge.encode("[\"bob\"]"))));
        Thread.sleep(500); // the second try is under way
        JsonNode reply = json(neteasePost("/netease/nimserver/chatroom/recall.action", "roomid=36&msgTimetag="
                + System.currentTimeMillis() + "&msgId=" + msgId + "&fromAcc=alice&operatorAcc=alice"));
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        JsonNode answered = send.get(30, java.util.concurrent.TimeUnit.SECONDS);
        // the third try is not made (without the check the fourth would have reached Tencent and been recalled)
        assertTrue(answered.get("code").asInt() != 200, "the send failed, its message recalled: " + answered);
        assertEquals(0, bridge.received("tencent").size(), bridge.received("tencent").toString());
        assertEquals("recalled", delivery(record(msgId), "tencent").get("status").asText(), record(msgId).toString());
    }

    @Test
    void aNetEaseOneToOneRecallByMsgRecallType7IsTakenBackAtTencent() throws Exception {
        JsonNode sent = json(neteaseMsgSend(bridge, 0, "bob", "one to one"));
        assertEquals(200, sent.get("code").asInt(), sent.toString());
        awaitCopies("openim", 1);
        JsonNode reply = json(neteasePost("/netease/nimserver/msg/recall.action", "deleteMsgid="
                + sent.get("data").get("msgid").asLong() + "&timetag=" + sent.get("data").get("timetag").asLong()
                + "&type=7&from=alice&to=bob&msg=" + RunningBridge.encode("typo")));
        assertEquals(200, reply.get("code").asInt(), reply.toString());
        JsonNode tencent = bridge.received("tencent");
        assertTrue(tencent.get(0).path("recalled").asBoolean(), tencent.toString());
    }

    @Test
    void aTencentGroupRecallTakesBackTheChatRoomCopy() throws Exception {
        long seq = json(tencentGroupSend(bridge, "@TGS#_lobby", "into the lobby")).get("MsgSeq").asLong();
        awaitCopies("openim", 1);
        JsonNode reply = json(groupRecall("@TGS#_lobby", seq));
        assertEquals(0, reply.get("RecallRetList").get(0).get("RetCode").asInt(), reply.toString());
        // the room's copy (chatroom/sendMsg into 77) taken back by chatroom/recall
        JsonNode netease = bridge.received("netease");
        assertEquals("77", netease.get(0).path("request").path("roomid").asText(), netease.toString());
        assertTrue(netease.get(0).path("recalled").asBoolean(), netease.toString());
    }

    // ---- OpenIM: revoke_msg -----------------------------------------------------------------------------------

    @Test
    void anOpenImRevokeOfTheSeqSearchMsgGaveTakesBackEveryCopy() throws Exception {
        String token = bridge.openimToken("openIM123");
        String first = sentServerMsgID(token, "{\"sendID\":\"alice\",\"recvID\":\"bob\",\"sessionType\":1,"
                + "\"contentType\":101,\"clientMsgID\":\"c-first\",\"content\":{\"content\":\"take it back\"}}");
        String second = sentServerMsgID(token, "{\"sendID\":\"bob\",\"recvID\":\"alice\",\"sessionType\":1,"
                + "\"contentType\":101,\"content\":{\"content\":\"the answer\"}}");
        String other = sentServerMsgID(token, "{\"sendID\":\"alice\",\"recvID\":\"carol\",\"sessionType\":1,"
                + "\"contentType\":101,\"content\":{\"content\":\"elsewhere\"}}");
        JsonNode record = awaitDelivered(first, 3);
        awaitDelivered(second, 3);
        awaitDelivered(other, 3);
        // a caller's retry (the same operationID and body) is answered as before and numbered once
        String retried = "{\"sendID\":\"alice\",\"recvID\":\"carol\",\"sessionType\":1,\"contentType\":101,"
                + "\"content\":{\"content\":\"sent twice\"}}";
        String operationID = "op-retried-" + System.nanoTime();
        JsonNode once = json(bridge.post("/openim/msg/send_msg", retried, "Content-Type", "application/json",
                "operationID", operationID, "token", token));
        JsonNode twice = json(bridge.post("/openim/msg/send_msg", retried, "Content-Type", "application/json",
                "operationID", operationID, "token", token));
        assertEquals(once.at("/data/serverMsgID").asText(), twice.at("/data/serverMsgID").asText(), twice.toString());
        awaitDelivered(once.at("/data/serverMsgID").asText(), 3);

        // OpenIM numbers each conversation's messages from 1 (si_ and the two users sorted): search_msg gives them
        JsonNode pair = openimSearch(token, "{\"sendID\":\"alice\",\"recvID\":\"bob\",\"sessionType\":1,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        assertEquals(0, pair.get("errCode").asInt(), pair.toString());
        assertEquals(1, pair.at("/data/chatLogsNum").asInt(), "alice's only, as sendID says: " + pair);
        JsonNode log = pair.at("/data/chatLogs/0/chatLog");
        assertEquals(first, log.get("serverMsgID").asText(), pair.toString());
        assertEquals("c-first", log.get("clientMsgID").asText());
        assertEquals(1, log.get("seq").asLong());
        assertEquals("bob", log.get("recvID").asText());
        assertEquals(101, log.get("contentType").asInt());
        assertEquals("take it back", io.imbridge.canonical.Json.parseOrNull(log.get("content").asText()).get("content").asText(), pair.toString());
        assertFalse(pair.at("/data/chatLogs/0/isRevoked").asBoolean());
        JsonNode answer = openimSearch(token, "{\"sendID\":\"bob\",\"recvID\":\"alice\",\"sessionType\":1,"
                + "\"sendTime\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                + "\",\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        assertEquals(2, answer.at("/data/chatLogs/0/chatLog/seq").asLong(), "the pair's second message: " + answer);
        assertEquals(second, answer.at("/data/chatLogs/0/chatLog/serverMsgID").asText());
        JsonNode elsewhere = openimSearch(token, "{\"sendID\":\"alice\",\"recvID\":\"carol\",\"sessionType\":1,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        assertEquals(2, elsewhere.at("/data/chatLogsNum").asInt(), "the retry numbered once: " + elsewhere);
        assertEquals(1, elsewhere.at("/data/chatLogs/0/chatLog/seq").asLong(), "another conversation: " + elsewhere);
        assertEquals(2, elsewhere.at("/data/chatLogs/1/chatLog/seq").asLong(), elsewhere.toString());
        // all of alice's, a page of one at a time; none on a day it sent nothing
        JsonNode page = openimSearch(token, "{\"sendID\":\"alice\",\"pagination\":{\"pageNumber\":2,"
                + "\"showNumber\":1}}");
        assertEquals(3, page.at("/data/chatLogsNum").asInt(), page.toString());
        assertEquals(1, page.at("/data/chatLogs").size(), page.toString());
        assertEquals(0, openimSearch(token, "{\"sendID\":\"alice\",\"sendTime\":\"2001-01-01\","
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}").at("/data/chatLogsNum").asInt());
        assertEquals(1001, openimSearch(token, "{\"sendID\":\"alice\",\"sendTime\":\"yesterday\","
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}").get("errCode").asInt());

        JsonNode revoked = openimRevoke(token, "si_alice_bob", 1, "alice");
        assertEquals(0, revoked.get("errCode").asInt(), revoked.toString());
        // the copy that stays is named, in OpenIM's detail field: MyChat has no recall
        String detail = revoked.get("errDlt").asText();
        assertTrue(detail.contains("not recalled at mychat"), revoked.toString());
        assertFalse(detail.contains("tencent") || detail.contains("netease"), revoked.toString());
        // the copies at Tencent (admin_msgwithdraw) and NetEase (msg/recall) taken back; MyChat's recipient told
        assertTrue(copy("tencent", "take it back").path("recalled").asBoolean(), bridge.received("tencent").toString());
        assertTrue(copy("netease", "take it back").path("recalled").asBoolean(), bridge.received("netease").toString());
        assertFalse(copy("tencent", "the answer").path("recalled").asBoolean(), "only the seq named");
        assertTrue(bridge.received("mychat").toString().contains(NOTICE), bridge.received("mychat").toString());
        JsonNode after = json(bridge.get("/admin/messages/" + record.get("id").asText()));
        assertEquals("recalled", outcome(after, "tencent").get("status").asText(), after.toString());
        assertEquals("recalled", outcome(after, "netease").get("status").asText(), after.toString());
        assertEquals("degraded", outcome(after, "mychat").get("status").asText(), after.toString());
        assertEquals("openim", after.path("recall").path("event").path("source").path("vendor").asText());
        assertTrue(openimSearch(token, "{\"sendID\":\"alice\",\"recvID\":\"bob\",\"sessionType\":1,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}").at("/data/chatLogs/0/isRevoked")
                .asBoolean(), "search_msg says it was revoked");

        // OpenIM's codes (docs/providers.md#openim-groups-and-recall): 1404 revoked before, 1004 no such seq, 1001
        assertEquals(1404, openimRevoke(token, "si_alice_bob", 1, "alice").get("errCode").asInt());
        assertEquals(1004, openimRevoke(token, "si_alice_bob", 9, "alice").get("errCode").asInt());
        assertEquals(1004, openimRevoke(token, "si_alice_dave", 1, "alice").get("errCode").asInt());
        JsonNode bad = json(bridge.post("/openim/msg/revoke_msg", "{\"conversationID\":\"x\",\"seq\":7,\"userID\":\"a\"}",
                "Content-Type", "application/json", "operationID", "op-" + System.nanoTime(), "token", token));
        assertEquals(1001, bad.get("errCode").asInt(), bad.toString());
        // search_msg is authenticated as send_msg is: a token that is not one is refused (OpenIM's 1501 token error
        // family; the bridge answers send_msg's)
        JsonNode forged = json(bridge.post("/openim/msg/search_msg", "{\"pagination\":{\"pageNumber\":1,"
                + "\"showNumber\":1}}", "Content-Type", "application/json", "operationID", "op-" + System.nanoTime(),
                "token", "forged"));
        JsonNode forgedSend = json(bridge.post("/openim/msg/send_msg", "{}", "Content-Type", "application/json",
                "operationID", "op-" + System.nanoTime(), "token", "forged"));
        assertTrue(forged.get("errCode").asInt() != 0, forged.toString());
        assertEquals(forgedSend.get("errCode").asInt(), forged.get("errCode").asInt(), forged.toString());
    }

    @Test
    void anOpenImNotificationIsNumberedInItsOwnConversation() throws Exception {
        String token = bridge.openimToken("openIM123");
        String chat = sentServerMsgID(token, "{\"sendID\":\"erin\",\"recvID\":\"dave\",\"sessionType\":1,"
                + "\"contentType\":101,\"content\":{\"content\":\"a chat\"}}");
        String notice = sentServerMsgID(token, "{\"sendID\":\"erin\",\"recvID\":\"dave\",\"sessionType\":4,"
                + "\"contentType\":101,\"content\":{\"content\":\"a notification\"}}");
        // OpenIM's conversations: si_dave_erin for the chat, sn_dave_erin for the notification, each from 1
        JsonNode notices = openimSearch(token, "{\"sendID\":\"erin\",\"recvID\":\"dave\",\"sessionType\":4,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        assertEquals(1, notices.at("/data/chatLogsNum").asInt(), notices.toString());
        assertEquals(notice, notices.at("/data/chatLogs/0/chatLog/serverMsgID").asText());
        assertEquals(1, notices.at("/data/chatLogs/0/chatLog/seq").asLong(), notices.toString());
        JsonNode chats = openimSearch(token, "{\"sendID\":\"erin\",\"recvID\":\"dave\",\"sessionType\":1,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        assertEquals(chat, chats.at("/data/chatLogs/0/chatLog/serverMsgID").asText(), chats.toString());
        assertEquals(1, chats.at("/data/chatLogs/0/chatLog/seq").asLong(), chats.toString());
        awaitDelivered(chat, 3);
        assertEquals(0, openimRevoke(token, "sn_dave_erin", 1, "erin").get("errCode").asInt());
        assertEquals(1404, openimRevoke(token, "sn_dave_erin", 1, "erin").get("errCode").asInt(), "that one, revoked");
        assertFalse(copy("tencent", "a chat").path("recalled").asBoolean(), "the chat's seq 1 is another message");
    }

    @Test
    void anOpenImGroupRevokeTakesBackTheMappedGroupsCopies() throws Exception {
        String token = bridge.openimToken("openIM123");
        String sent = sentServerMsgID(token, groupSend("support", "wrong group"));
        awaitDelivered(sent, 3);
        JsonNode found = openimSearch(token, "{\"recvID\":\"support\",\"sessionType\":3,"
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}");
        JsonNode log = found.at("/data/chatLogs/0/chatLog");
        assertEquals(sent, log.get("serverMsgID").asText(), found.toString());
        assertEquals("support", log.get("groupID").asText());
        assertEquals(1, log.get("seq").asLong(), "the group's first message through the bridge: " + found);
        assertEquals("support", log.get("recvID").asText(), "a group message's recvID is its group, as OpenIM's");

        assertEquals(0, openimRevoke(token, "sg_support", 1, "alice").get("errCode").asInt());
        // Tencent's group copy (@TGS#_support) by group_msg_recall, NetEase's team copy (4021) by msg/recall
        assertTrue(copy("tencent", "wrong group").path("recalled").asBoolean(), bridge.received("tencent").toString());
        assertTrue(copy("netease", "wrong group").path("recalled").asBoolean(), bridge.received("netease").toString());
    }

    @Test
    void anOpenImCopyThatCannotBeFoundIsReportedFailedWithTheReason() throws Exception {
        String msgKey = json(bridge.tencentSend(sendmsg("alice", "bob", "gone at openim"))).get("MsgKey").asText();
        JsonNode record = awaitDelivered(msgKey, 3);
        bridge.clearSandbox("openim"); // OpenIM no longer holds it: search_msg finds nothing
        assertEquals(0, json(withdraw("alice", "bob", msgKey)).get("ErrorCode").asInt());
        JsonNode after = json(bridge.get("/admin/messages/" + record.get("id").asText()));
        JsonNode openim = outcome(after, "openim");
        assertEquals("failed", openim.get("status").asText(), after.toString());
        assertEquals("message_unknown", openim.get("category").asText(), after.toString());
        assertTrue(openim.get("detail").asText().contains("search_msg"), after.toString());
        assertEquals("recalled", outcome(after, "netease").get("status").asText());
    }

    /**
     * The OpenIM sandbox's search_msg and revoke_msg as OpenIM answers them
     * (docs/providers.md#openim-groups-and-recall: revoke_msg's 1004 not found, 1404 already revoked, 1002 no right;
     * search_msg's sendTime a day as yyyy-MM-dd): what the bridge's recall of an OpenIM copy is checked against.
     */
    @Test
    void theOpenImSandboxNumbersEachConversationAndAnswersRevokeWithOpenImsCodes() {
        String admin = json(bridge.post("/sandbox/openim/auth/get_admin_token",
                "{\"secret\":\"sandbox-openim-secret\",\"userID\":\"imAdmin\"}", "Content-Type", "application/json",
                "operationID", "op-t")).path("data").path("token").asText();
        long now = System.currentTimeMillis();
        for (String text : new String[]{"one", "two"}) {
            JsonNode sent = json(openimSandbox("send_msg", admin, "{\"sendID\":\"bob\",\"recvID\":\"alice\","
                    + "\"senderPlatformID\":1,\"content\":{\"content\":\"" + text + "\"},\"contentType\":101,"
                    + "\"sessionType\":1,\"sendTime\":" + now + "}"));
            assertEquals(0, sent.get("errCode").asInt(), sent.toString());
        }
        String day = java.time.Instant.ofEpochMilli(now).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        JsonNode found = json(openimSandbox("search_msg", admin, "{\"sendID\":\"bob\",\"recvID\":\"alice\","
                + "\"sessionType\":1,\"sendTime\":\"" + day + "\",\"pagination\":{\"pageNumber\":1,\"showNumber\":1}}"));
        assertEquals(2, found.path("data").path("chatLogsNum").asInt(), found.toString());
        assertEquals(1, found.path("data").path("chatLogs").size(), "one a page: " + found);
        JsonNode first = found.path("data").path("chatLogs").get(0).path("chatLog");
        assertEquals(1, first.path("seq").asLong(), "each conversation numbered from 1: " + found);
        JsonNode second = json(openimSandbox("search_msg", admin, "{\"sendID\":\"bob\",\"recvID\":\"alice\","
                + "\"sendTime\":\"" + day + "\",\"pagination\":{\"pageNumber\":2,\"showNumber\":1}}"));
        assertEquals(2, second.path("data").path("chatLogs").get(0).path("chatLog").path("seq").asLong());
        JsonNode badDay = json(openimSandbox("search_msg", admin, "{\"sendTime\":\"07/12/2026\","
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}"));
        assertEquals(1001, badDay.get("errCode").asInt(), badDay.toString());

        // the conversation id is the two users sorted: si_alice_bob, whichever sent
        String carol = new io.imbridge.provider.openim.OpenImTokens("sandbox-openim-secret").issue("carol", 1,
                now / 1000, 3600);
        JsonNode notHers = json(openimSandbox("revoke_msg", carol,
                "{\"conversationID\":\"si_alice_bob\",\"seq\":1,\"userID\":\"carol\"}"));
        assertEquals(1002, notHers.get("errCode").asInt(), notHers.toString());
        JsonNode revoked = json(openimSandbox("revoke_msg", admin,
                "{\"conversationID\":\"si_alice_bob\",\"seq\":1,\"userID\":\"bob\"}"));
        assertEquals(0, revoked.get("errCode").asInt(), revoked.toString());
        JsonNode again = json(openimSandbox("revoke_msg", admin,
                "{\"conversationID\":\"si_alice_bob\",\"seq\":1,\"userID\":\"bob\"}"));
        assertEquals(1404, again.get("errCode").asInt(), again.toString());
        JsonNode none = json(openimSandbox("revoke_msg", admin,
                "{\"conversationID\":\"si_alice_bob\",\"seq\":3,\"userID\":\"bob\"}"));
        assertEquals(1004, none.get("errCode").asInt(), none.toString());
        JsonNode marked = json(openimSandbox("search_msg", admin, "{\"sendID\":\"bob\",\"recvID\":\"alice\","
                + "\"pagination\":{\"pageNumber\":1,\"showNumber\":10}}"));
        assertTrue(marked.path("data").path("chatLogs").get(0).path("isRevoked").asBoolean(), marked.toString());
        assertFalse(marked.path("data").path("chatLogs").get(1).path("isRevoked").asBoolean(), marked.toString());
    }

    HttpResponse<String> openimSandbox(String api, String token, String body) {
        return bridge.post("/sandbox/openim/msg/" + api, body, "Content-Type", "application/json",
                "operationID", "op-" + System.nanoTime(), "token", token);
    }

    // ---- a recall racing its message's delivery ----------------------------------------------------------------

    @Test
    void aRecallBeforeAMirrorIsDeliveredCancelsItsDelivery() throws Exception {
        // MyChat fails the mirror's first try: it waits at least 3 s for its next
        bridge.fault("mychat", null, 503, 1);
        String msgKey = json(bridge.tencentSend(sendmsg("alice", "bob", "cancel my mirror"))).get("MsgKey").asText();
        String id = json(bridge.get("/admin/messages/" + msgKey)).get("id").asText();
        await("the MyChat mirror's first try failed", () -> delivery(record(id), "mychat").path("attempts").asInt() > 0
                && !"delivered".equals(delivery(record(id), "mychat").path("status").asText()));

        JsonNode recalled = json(withdraw("alice", "bob", msgKey));
        assertEquals(0, recalled.get("ErrorCode").asInt(), recalled.toString());
        assertEquals("cancelled", outcome(record(id), "mychat").get("status").asText());
        // its queue entry, due in 3 s or more, is made due at once and dropped; nothing reaches MyChat
        long recalledAt = System.currentTimeMillis();
        await("the mirror's queue entry dropped", () -> !record(id).get("journey").toString().contains("next try"));
        assertTrue(System.currentTimeMillis() - recalledAt < 2500, "dropped before its retry time");
        Thread.sleep(500);
        assertEquals(0, bridge.received("mychat").size(), bridge.received("mychat").toString());
        assertEquals("recalled", delivery(record(id), "mychat").get("status").asText());
    }

    @Test
    void aMirrorDeliveredWhileItsRecallWasUnderWayIsRecalledOnceRecorded() throws Exception {
        // a second bridge routes Tencent to OpenIM first, NetEase mirrored, NetEase answering after 2 s: the mirror is
        // under way when the recall comes
        Path groups = groupsFile;
        try (RunningBridge b = RunningBridge.start("bridge.groups.file", groups.toString(),
                "bridge.route.tencent", "openim,netease", "bridge.queue.poll-ms", "50")) {
            b.post("/sandbox/netease/_faults", "{\"delayMs\":2000,\"times\":1}", "Content-Type", "application/json");
            String msgKey = json(b.tencentSend(sendmsg("alice", "bob", "recall my slow mirror"))).get("MsgKey")
                    .asText();
            Thread.sleep(700); // the mirror is under way: NetEase answers it after 2 s
            JsonNode recalled = json(b.post("/tencent/v4/openim/admin_msgwithdraw?" + signedQuery(),
                    "{\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + msgKey + "\"}",
                    "Content-Type", "application/json"));
            assertEquals(0, recalled.get("ErrorCode").asInt(), recalled.toString());
            String id = json(b.get("/admin/messages/" + msgKey)).get("id").asText();
            await("the slow mirror's copy recalled once recorded", () -> {
                JsonNode netease = b.received("netease");
                return netease.size() == 1 && netease.get(0).path("recalled").asBoolean();
            });
            // the outcome is written once the copy's recall answered, after the sandbox marked it
            await("the slow mirror's outcome recalled", () -> "recalled".equals(
                    outcome(json(b.get("/admin/messages/" + id)), "netease").path("status").asText()));
            JsonNode after = json(b.get("/admin/messages/" + id));
            assertEquals("recalled", delivery(after, "netease").get("status").asText(), after.toString());
        }
    }

    @Test
    void aTryUnderWayWhenItsRecallCameThatFailsIsNeverMadeAgainNotEvenAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "recall-race-");
        String[] props = {"bridge.data-dir", dir.toString(), "bridge.groups.file", groupsFile.toString(),
                "bridge.route.tencent", "openim,mychat", "bridge.queue.poll-ms", "50",
                // the failed try's next one is due 3–5 s later: after this bridge is closed
                "bridge.delivery.retry-base-ms", "4000"};
        String id;
        try (RunningBridge b = RunningBridge.start(props)) {
            // MyChat's mirror: its first try takes 2 s, then fails (503): under way when the recall comes
            b.post("/sandbox/mychat/_faults", "{\"status\":503,\"delayMs\":2000,\"times\":1}",
                    "Content-Type", "application/json");
            String msgKey = json(b.tencentSend(sendmsg("alice", "bob", "must never arrive"))).get("MsgKey").asText();
            id = json(b.get("/admin/messages/" + msgKey)).get("id").asText();
            Thread.sleep(700); // the mirror's try is under way: MyChat answers it after 2 s
            JsonNode r = json(b.post("/tencent/v4/openim/admin_msgwithdraw?" + signedQuery(),
                    "{\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + msgKey + "\"}",
                    "Content-Type", "application/json"));
            assertEquals(0, r.get("ErrorCode").asInt(), r.toString());
            assertEquals("cancelled", outcome(json(b.get("/admin/messages/" + id)), "mychat").get("status").asText());
            String messageId = id;
            await("the try under way failed", () -> json(b.get("/admin/messages/" + messageId)).get("journey")
                    .toString().contains("\"event\":\"retrying\""));
            // its failure does not reopen the delivery; its queue entry is still there, due in 3–5 s
            JsonNode before = json(b.get("/admin/messages/" + id));
            assertEquals("recalled", delivery(before, "mychat").get("status").asText(), before.toString());
            assertTrue(before.get("journey").toString().contains("next try"), "left for the next start: " + before);
        }
        try (RunningBridge b = RunningBridge.start(props)) {
            String messageId = id;
            // the entry left by the first bridge is taken when due, and dropped: the delivery is closed
            await("the entry taken and dropped", () -> !json(b.get("/admin/messages/" + messageId)).get("journey")
                    .toString().contains("next try"));
            Thread.sleep(500);
            assertEquals(0, b.received("mychat").size(), b.received("mychat").toString());
            JsonNode after = json(b.get("/admin/messages/" + id));
            assertEquals("recalled", delivery(after, "mychat").get("status").asText(), after.toString());
            assertEquals("cancelled", outcome(after, "mychat").get("status").asText(), after.toString());
        }
    }

    @Test
    void aDeadLetteredMirrorOfARecalledMessageIsNotDeliveredByARedrive() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.groups.file", groupsFile.toString(),
                "bridge.route.tencent", "openim,mychat", "bridge.delivery.retry-base-ms", "20",
                "bridge.delivery.max-age-ms", "300", "bridge.queue.poll-ms", "50")) {
            b.fault("mychat", null, 503, 1000);
            String msgKey = json(b.tencentSend(sendmsg("alice", "bob", "recalled, then re-driven"))).get("MsgKey")
                    .asText();
            await("the MyChat mirror dead-lettered", () -> json(b.get("/admin/dead-letters")).size() == 1);
            JsonNode letter = json(b.get("/admin/dead-letters")).get(0);
            JsonNode r = json(b.post("/tencent/v4/openim/admin_msgwithdraw?" + signedQuery(),
                    "{\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + msgKey + "\"}",
                    "Content-Type", "application/json"));
            assertEquals(0, r.get("ErrorCode").asInt(), r.toString());
            String id = letter.get("messageId").asText();
            JsonNode recalled = json(b.get("/admin/messages/" + id));
            assertEquals("not-delivered", outcome(recalled, "mychat").get("status").asText(), recalled.toString());
            assertEquals("unavailable", outcome(recalled, "mychat").get("category").asText(), recalled.toString());

            b.clearSandbox("mychat"); // MyChat accepts again
            HttpResponse<String> redrive = b.post("/admin/dead-letters/" + letter.get("id").asLong() + "/retry", "");
            assertTrue(redrive.statusCode() < 300, redrive.body());
            Thread.sleep(1500); // the queue's poll is 50 ms: its entry is taken and dropped long before
            assertEquals(0, b.received("mychat").size(), b.received("mychat").toString());
            assertEquals("recalled", delivery(json(b.get("/admin/messages/" + id)), "mychat").get("status").asText());
        }
    }

    /** A recall names a message by its source's ids: the MsgKey Tencent gave the bridge for a copy names nothing. */
    @Test
    void aTargetsIdOfACopyDoesNotRecallTheMessage() throws Exception {
        JsonNode sent = json(neteaseMsgSend(bridge, 0, "bob", "from netease"));
        assertEquals(200, sent.get("code").asInt(), sent.toString());
        JsonNode record = awaitDelivered(Long.toString(sent.get("data").get("msgid").asLong()), 2);
        String copyKey = null;
        for (JsonNode id : record.get("ids")) {
            if (id.get("vendor").asText().equals("tencent") && id.get("name").asText().equals("MsgKey")) {
                copyKey = id.get("value").asText();
            }
        }
        assertTrue(copyKey != null, record.toString());
        JsonNode r = json(withdraw("alice", "bob", copyKey));
        assertEquals(20022, r.get("ErrorCode").asInt(), "no message the bridge handed out: " + r);
        assertFalse(bridge.received("tencent").get(0).path("recalled").asBoolean());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String sendmsg(String from, String to, String text) {
        return "{\"SyncOtherMachine\":2,\"From_Account\":\"" + from + "\",\"To_Account\":\"" + to + "\",\"MsgRandom\":"
                + (System.nanoTime() & 0xFFFFFFFL) + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":"
                + "{\"Text\":" + RunningBridge.quote(text) + "}}]}";
    }

    static String signedQuery() {
        return RunningBridge.tencentQuery(RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN,
                TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN,
                        System.currentTimeMillis() / 1000, 3600));
    }

    HttpResponse<String> tencentPost(String path, String body) {
        return bridge.post(path + "?" + signedQuery(), body, "Content-Type", "application/json");
    }

    HttpResponse<String> withdraw(String from, String to, String msgKey) {
        return tencentPost("/tencent/v4/openim/admin_msgwithdraw", "{\"From_Account\":\"" + from
                + "\",\"To_Account\":\"" + to + "\",\"MsgKey\":\"" + msgKey + "\"}");
    }

    HttpResponse<String> groupRecall(String group, long... seqs) {
        StringBuilder list = new StringBuilder();
        for (long s : seqs) {
            list.append(list.isEmpty() ? "" : ",").append("{\"MsgSeq\":").append(s).append('}');
        }
        return tencentPost("/tencent/v4/group_open_http_svc/group_msg_recall", "{\"GroupId\":\"" + group
                + "\",\"MsgSeqList\":[" + list + "],\"Reason\":\"sent to the wrong group\"}");
    }

    HttpResponse<String> neteasePost(String path, String form) {
        String nonce = Long.toHexString(System.nanoTime());
        String cur = Long.toString(System.currentTimeMillis() / 1000);
        return bridge.post(path, form, "Content-Type", "application/x-www-form-urlencoded;charset=utf-8",
                "AppKey", RunningBridge.NETEASE_KEY, "Nonce", nonce, "CurTime", cur,
                "CheckSum", NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur));
    }

    /** Sends {@code body} to the bridge's OpenIM send_msg; answers the serverMsgID it gave. */
    String sentServerMsgID(String token, String body) {
        JsonNode reply = json(bridge.openimSend(token, body));
        assertEquals(0, reply.get("errCode").asInt(), reply.toString());
        return reply.at("/data/serverMsgID").asText();
    }

    JsonNode openimSearch(String token, String body) {
        return json(bridge.post("/openim/msg/search_msg", body, "Content-Type", "application/json", "operationID",
                "op-" + System.nanoTime(), "token", token));
    }

    JsonNode openimRevoke(String token, String conversationID, long seq, String userID) {
        return json(bridge.post("/openim/msg/revoke_msg", "{\"conversationID\":\"" + conversationID + "\",\"seq\":"
                + seq + ",\"userID\":\"" + userID + "\"}", "Content-Type", "application/json", "operationID",
                "op-" + System.nanoTime(), "token", token));
    }

    /** The copy a sandbox holds whose request carries {@code text}. */
    JsonNode copy(String vendor, String text) {
        for (JsonNode c : bridge.received(vendor)) {
            if (c.toString().contains(text)) {
                return c;
            }
        }
        throw new AssertionError("no copy of '" + text + "' at " + vendor + ": " + bridge.received(vendor));
    }

    JsonNode record(String anyId) {
        return json(bridge.get("/admin/messages/" + anyId));
    }

    /** The message's record once {@code n} targets have it delivered. */
    JsonNode awaitDelivered(String anyId, int n) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        await(n + " deliveries of " + anyId, () -> {
            last[0] = record(anyId);
            int delivered = 0;
            for (JsonNode d : last[0].path("deliveries")) {
                delivered += "delivered".equals(d.path("status").asText()) ? 1 : 0;
            }
            return delivered == n;
        });
        return last[0];
    }

    void awaitRecalled(String vendor) throws InterruptedException {
        await("the copy at " + vendor + " recalled", () -> {
            JsonNode copies = bridge.received(vendor);
            return copies.size() == 1 && copies.get(0).path("recalled").asBoolean();
        });
    }

    void awaitCopies(String vendor, int n) throws InterruptedException {
        await(n + " copies at " + vendor, () -> bridge.received(vendor).size() >= n);
    }

    static JsonNode outcome(JsonNode record, String target) {
        for (JsonNode o : record.path("recall").path("outcomes")) {
            if (target.equals(o.path("target").asText())) {
                return o;
            }
        }
        throw new AssertionError("no recall outcome at " + target + ": " + record);
    }

    static JsonNode delivery(JsonNode record, String target) {
        for (JsonNode d : record.path("deliveries")) {
            if (target.equals(d.path("target").asText())) {
                return d;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
