package io.imbridge.routes;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;
import io.imbridge.provider.tencent.TencentUserSig;

import static io.imbridge.RunningBridge.json;
import static io.imbridge.routes.GroupClients.channelMessage;
import static io.imbridge.routes.GroupClients.groupCallback;
import static io.imbridge.routes.GroupClients.groupSend;
import static io.imbridge.routes.GroupClients.neteaseMsgSend;
import static io.imbridge.routes.GroupClients.neteaseRoomSend;
import static io.imbridge.routes.GroupClients.tencentGroupSend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group messages over real HTTP: a MyChat client's 0004 into a conference and an OpenIM client's send_msg into a
 * group (sessionType 3), each delivered to the group the groups file maps it to at the other provider, with the
 * sandboxes holding the groups and their members; their refusals come back in the caller's codes (docs/providers.md,
 * groups and recall: MyChat 0004 errors 6 unknown UID, 7 sender not in the conference; OpenIM 1201 group missing, 1203
 * not in the group, 1204 dismissed, 1403 group muted, 1002 no right; Tencent send_group_msg 10007 no permission, 10010
 * group dissolved, 10015 group id not found, 10017 sender muted; NetEase chatroom/sendMsg 404, 403, 13004 muted in the
 * room, msg/sendMsg's team codes 802 no right, 803 no such team, 804 not in the team).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupMessagesTest {

    static final String SECRET = "openIM123";
    /** Each row one bridged group; 13–15 exist to meet each sandbox's refusals. */
    static final String GROUPS = """
            mychat,tencent,openim,netease
            12,@TGS#_support,support,room:77
            13,@TGS#_muted,muted,room:78
            14,@TGS#_gone,gone,room:79
            15,@TGS#_strangers,strangers,room:80
            16,,team,4021
            """;
    /** The same refusals at the Tencent sandbox, for the MyChat caller bridged into Tencent. */
    static final String TENCENT_GROUPS =
            "@TGS#_support:alice|bob,@TGS#_muted:alice:muted,@TGS#_gone::dissolved,@TGS#_strangers:carol";

    RunningBridge bridge;
    /** MyChat's messages into Tencent. */
    RunningBridge intoTencent;
    String token;
    Path groupsFile;

    @BeforeAll
    void start() throws IOException {
        groupsFile = Files.createTempFile("groups", ".csv");
        Files.writeString(groupsFile, GROUPS);
        bridge = RunningBridge.start(
                "bridge.groups.file", groupsFile.toString(),
                "bridge.sandbox.openim.groups",
                "support:alice|bob,muted:alice:muted,gone::dissolved,strangers:carol,team:alice",
                "bridge.sandbox.mychat.groups", "12:alice|bob,13:alice,14::dissolved,15:carol",
                "bridge.route.tencent", "openim", "bridge.route.netease", "openim",
                // a target's first answer is final here: translation is tested, not retrying
                "bridge.delivery.sync-deadline-ms", "0");
        token = bridge.openimToken(SECRET);
        intoTencent = RunningBridge.start("bridge.groups.file", groupsFile.toString(),
                "bridge.sandbox.tencent.groups", TENCENT_GROUPS, "bridge.route.mychat", "tencent",
                "bridge.delivery.sync-deadline-ms", "0");
    }

    @AfterAll
    void stop() throws IOException {
        bridge.close();
        intoTencent.close();
        Files.deleteIfExists(groupsFile);
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("mychat");
        bridge.clearSandbox("openim");
    }

    @Test
    void aMyChatConferenceMessageArrivesInTheMappedOpenImGroup() {
        HttpResponse<String> r = bridge.mychatGet(channelMessage("12", "hello, support team"));
        JsonNode reply = json(r);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("0004", reply.get("cmd").asText(), r.body());
        assertEquals("ctx-12", reply.get("context").asText());
        assertEquals(12, reply.get("UID").asLong());
        // the sender's UIN: no MyChat target answered one, no accounts file, and "alice" is no UIN
        assertEquals(0, reply.get("UINFrom").asLong(), r.body());
        assertFalse(reply.has("UINTo"), "0004's work result names the conference, not a recipient: " + r.body());

        JsonNode got = bridge.received("openim");
        assertEquals(1, got.size(), got.toString());
        JsonNode sent = got.get(0).get("request");
        assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("support", sent.get("groupID").asText());
        assertFalse(sent.hasNonNull("recvID") && !sent.get("recvID").asText().isEmpty(), sent.toString());
        assertEquals("alice", sent.get("sendID").asText());
        assertEquals(101, sent.get("contentType").asInt());
        assertEquals("hello, support team", sent.get("content").get("content").asText());
    }

    @Test
    void anOpenImGroupMessageArrivesInTheMappedMyChatConference() {
        HttpResponse<String> r = bridge.openimSend(token, groupSend("support", "from the OpenIM group"));
        JsonNode reply = json(r);
        assertEquals(0, reply.get("errCode").asInt(), r.body());
        assertTrue(reply.get("data").get("serverMsgID").asText().matches("[0-9a-f]{32}"), r.body());

        JsonNode got = bridge.received("mychat");
        assertEquals(1, got.size(), got.toString());
        JsonNode cmd = got.get(0).get("request");
        assertEquals("0004", cmd.get("cmd").asText(), cmd.toString());
        assertEquals(12, cmd.get("UID").asLong());
        assertTrue(cmd.get("UID").isIntegralNumber(), "UID is an integer: " + cmd);
        assertFalse(cmd.has("UserTo"), cmd.toString());
        assertEquals("alice", cmd.get("UserFrom").asText());
        assertEquals("from the OpenIM group", cmd.get("Msg").asText());
        assertEquals(1, cmd.get("MsgType").asInt());
    }

    @ParameterizedTest(name = "MyChat UID {0} -> MyChat error {1}")
    @CsvSource({
            "13, 7",  // OpenIM 1403 group muted: a refusal, 0004's is 7
            "14, 6",  // OpenIM 1204 dismissed: the group is gone, 6 unknown UID
            "15, 7",  // OpenIM 1203 not in the group
            "99, 6",  // no row in the groups file: no group to deliver to
    })
    void aMyChatCallerGetsTheConferenceCodes(String uid, int error) {
        HttpResponse<String> r = bridge.mychatGet(channelMessage(uid, "anyone?"));
        JsonNode reply = json(r);
        assertEquals("0001", reply.get("cmd").asText(), r.body());
        assertEquals("0004", reply.get("evocator").asText(), r.body());
        assertEquals(error, reply.get("error").asInt(), r.body());
        assertEquals("ctx-" + uid, reply.get("context").asText());
        assertEquals(0, bridge.received("openim").size());
    }

    @ParameterizedTest(name = "OpenIM group {0} -> OpenIM errCode {1}")
    @CsvSource({
            "strangers, 1002", // MyChat 7: alice is not in conference 15, a refusal
            "gone, 1201",      // MyChat 6: conference 14 is dissolved, the group is unknown
            "nowhere, 1201",   // no row in the groups file
    })
    void anOpenImCallerGetsTheGroupCodes(String group, int errCode) {
        HttpResponse<String> r = bridge.openimSend(token, groupSend(group, "anyone?"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(errCode, json(r).get("errCode").asInt(), r.body());
        assertEquals(0, bridge.received("mychat").size());
    }

    @Test
    void openImsOldGroupSessionIsRefusedAsOpenImRefusesIt() {
        HttpResponse<String> r = bridge.openimSend(token, groupSend("support", "old client")
                .replace("\"sessionType\":3", "\"sessionType\":2"));
        // docs/providers.md#openim-api-served: type 2 is refused with 1001
        assertEquals(1001, json(r).get("errCode").asInt(), r.body());
        assertEquals(0, bridge.received("mychat").size());
    }

    @Test
    void aNetEaseTeamCallerWhoseSenderTheTargetDoesNotKnowGetsNetEasesUnknownAccountNotTheTeamsCode() {
        bridge.fault("openim", 1101, 200, 1); // OpenIM: sendID does not exist
        HttpResponse<String> r = neteaseMsgSend(bridge, 1, "4021", "who am I?");
        assertEquals(404, json(r).get("code").asInt(), "an unknown sender, not 803 (no such team): " + r.body());
    }

    @Test
    void theTencentSandboxKeepsARepeatedGroupSendOnce() {
        String sig = TencentUserSig.sign("sandbox-tencent-key", 1400000000L, "administrator",
                System.currentTimeMillis() / 1000, 600);
        String query = RunningBridge.tencentQuery(1400000000L, "administrator", sig);
        bridge.clearSandbox("tencent");
        String body = "{\"GroupId\":\"@TGS#_support\",\"Random\":4242,\"MsgBody\":[{\"MsgType\":\"TIMTextElem\","
                + "\"MsgContent\":{\"Text\":\"once\"}}]}";
        JsonNode first = json(bridge.post("/sandbox/tencent/v4/group_open_http_svc/send_group_msg?" + query, body,
                "Content-Type", "application/json"));
        JsonNode again = json(bridge.post("/sandbox/tencent/v4/group_open_http_svc/send_group_msg?" + query, body,
                "Content-Type", "application/json"));
        assertEquals(0, first.get("ErrorCode").asInt(), first.toString());
        assertEquals(first.get("MsgSeq"), again.get("MsgSeq"), "Tencent drops the same Random and content: " + again);
        assertEquals(1, bridge.received("tencent").size());
    }

    @Test
    void aOneToOneMessageStillGoesToItsRecipient() {
        HttpResponse<String> r = bridge.mychatGet("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\","
                + "\"Msg\":\"just you\",\"ServerKey\":\"iddqd\"}");
        assertEquals("0002", json(r).get("cmd").asText(), r.body());
        JsonNode sent = bridge.received("openim").get(0).get("request");
        assertEquals(1, sent.get("sessionType").asInt());
        assertEquals("bob", sent.get("recvID").asText());
    }

    @Test
    void aTencentGroupMessageArrivesInTheMappedOpenImGroup() {
        HttpResponse<String> r = tencentGroupSend(bridge, "@TGS#_support", "from the Tencent group");
        JsonNode reply = json(r);
        assertEquals("OK", reply.get("ActionStatus").asText(), r.body());
        assertEquals(0, reply.get("ErrorCode").asInt());
        assertTrue(reply.get("MsgSeq").isIntegralNumber(), "send_group_msg answers MsgSeq: " + r.body());
        assertTrue(reply.get("MsgTime").isIntegralNumber(), r.body());

        JsonNode sent = bridge.received("openim").get(0).get("request");
        assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("support", sent.get("groupID").asText());
        assertEquals("alice", sent.get("sendID").asText());
        assertEquals("from the Tencent group", sent.get("content").get("content").asText());
    }

    @Test
    void theGroupWebhooksBridgeAMessageOnceBeforeAndAfterItIsSent() {
        long random = System.nanoTime() & 0xFFFFFFFL;
        HttpResponse<String> before = bridge.tencentCallback(groupCallback("Group.CallbackBeforeSendMsg", random, ""));
        JsonNode reply = json(before);
        assertEquals("OK", reply.get("ActionStatus").asText(), before.body());
        assertEquals(0, reply.get("ErrorCode").asInt(), "0 lets the message through: " + before.body());
        HttpResponse<String> after = bridge.tencentCallback(groupCallback("Group.CallbackAfterSendMsg", random,
                ",\"MsgSeq\":7,\"MsgTime\":1670574414"));
        assertEquals(0, json(after).get("ErrorCode").asInt(), after.body());

        JsonNode got = bridge.received("openim");
        assertEquals(1, got.size(), "the Before and After calls of one message bridge it once: " + got);
        JsonNode sent = got.get(0).get("request");
        assertEquals("support", sent.get("groupID").asText());
        assertEquals(3, sent.get("sessionType").asInt());
        assertEquals("alice", sent.get("sendID").asText());
        assertEquals("said in the group", sent.get("content").get("content").asText());
    }

    @ParameterizedTest(name = "Tencent group {0} -> Tencent ErrorCode {1}")
    @CsvSource({
            "@TGS#_muted, 10007",   // OpenIM 1403 group muted: a refusal
            "@TGS#_gone, 10015",    // OpenIM 1204 dismissed: the group is unknown
            "@TGS#_nowhere, 10015", // no row in the groups file
    })
    void aTencentCallerGetsTheGroupApisCodes(String group, int code) {
        HttpResponse<String> r = tencentGroupSend(bridge, group, "anyone?");
        JsonNode reply = json(r);
        assertEquals(200, r.statusCode());
        assertEquals("FAIL", reply.get("ActionStatus").asText(), r.body());
        assertEquals(code, reply.get("ErrorCode").asInt(), r.body());
        assertEquals(0, bridge.received("openim").size());
    }

    @Test
    void aMyChatConferenceMessageArrivesInTheMappedTencentGroupWithoutCallingTheWebhookBack() {
        intoTencent.clearSandbox("tencent");
        HttpResponse<String> r = intoTencent.mychatGet(channelMessage("12", "to the Tencent group"));
        assertEquals("0004", json(r).get("cmd").asText(), r.body());
        JsonNode got = intoTencent.received("tencent");
        assertEquals(1, got.size(), got.toString());
        JsonNode sent = got.get(0).get("request");
        assertEquals("@TGS#_support", sent.get("GroupId").asText(), sent.toString());
        assertEquals("alice", sent.get("From_Account").asText());
        assertTrue(sent.get("Random").isIntegralNumber());
        assertEquals("TIMTextElem", sent.get("MsgBody").get(0).get("MsgType").asText());
        assertEquals("to the Tencent group", sent.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
        assertEquals("[\"ForbidBeforeSendMsgCallback\",\"ForbidAfterSendMsgCallback\"]",
                sent.get("ForbidCallbackControl").toString());
        assertFalse(sent.has("To_Account"), sent.toString());
    }

    @ParameterizedTest(name = "MyChat UID {0} into Tencent -> MyChat error {1}")
    @CsvSource({
            "13, 7",  // Tencent 10017 sender muted
            "14, 6",  // Tencent 10010 dissolved
            "15, 7",  // Tencent 10007 not in the group
    })
    void tencentsGroupRefusalsComeBackInMyChatsCodes(String uid, int error) {
        HttpResponse<String> r = intoTencent.mychatGet(channelMessage(uid, "anyone?"));
        JsonNode reply = json(r);
        assertEquals("0004", reply.get("evocator").asText(), r.body());
        assertEquals(error, reply.get("error").asInt(), r.body());
    }

    @Test
    void aNetEaseRoomMessageArrivesInTheMappedOpenImGroup() {
        HttpResponse<String> r = neteaseRoomSend(bridge, "77", "from the NetEase room");
        JsonNode reply = json(r);
        assertEquals(200, reply.get("code").asInt(), r.body());
        assertEquals("77", reply.get("desc").get("roomId").asText(), r.body());
        assertEquals("alice", reply.get("desc").get("fromAccount").asText());

        JsonNode sent = bridge.received("openim").get(0).get("request");
        assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("support", sent.get("groupID").asText());
        assertEquals("alice", sent.get("sendID").asText());
        assertEquals("from the NetEase room", sent.get("content").get("content").asText());
    }

    @Test
    void aNetEaseTeamMessageArrivesInTheMappedOpenImGroupAndAOneToOneOneAtItsRecipient() {
        HttpResponse<String> r = neteaseMsgSend(bridge, 1, "4021", "from the NetEase team");
        JsonNode reply = json(r);
        assertEquals(200, reply.get("code").asInt(), r.body());
        assertTrue(reply.get("data").get("msgid").isIntegralNumber(), r.body());
        assertTrue(reply.get("data").get("timetag").isIntegralNumber(), r.body());
        JsonNode sent = bridge.received("openim").get(0).get("request");
        assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("team", sent.get("groupID").asText());
        assertEquals("from the NetEase team", sent.get("content").get("content").asText());

        bridge.clearSandbox("openim");
        r = neteaseMsgSend(bridge, 0, "bob", "just you");
        assertEquals(200, json(r).get("code").asInt(), r.body());
        sent = bridge.received("openim").get(0).get("request");
        assertEquals(1, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("bob", sent.get("recvID").asText());
        assertEquals("just you", sent.get("content").get("content").asText());

        r = neteaseMsgSend(bridge, 1, "4099", "anyone?");
        assertEquals(803, json(r).get("code").asInt(), "a team with no row: " + r.body());
    }

    @Test
    void aNetEaseCallerGetsItsCodesForAnUnmappedRoom() {
        HttpResponse<String> r = neteaseRoomSend(bridge, "99", "anyone?");
        assertEquals(404, json(r).get("code").asInt(), r.body());
        assertEquals(0, bridge.received("openim").size());
    }

    @Test
    void aMyChatConferenceMessageArrivesInTheMappedNetEaseRoom() {
        try (RunningBridge b = intoNetEase()) {
            HttpResponse<String> r = b.mychatGet(channelMessage("12", "to the NetEase room"));
            assertEquals("0004", json(r).get("cmd").asText(), r.body());
            JsonNode got = b.received("netease");
            assertEquals(1, got.size(), got.toString());
            JsonNode form = got.get(0).get("request");
            assertEquals("77", form.get("roomid").asText(), form.toString());
            assertFalse(form.has("toAccids"), "chatroom/sendMsg is the whole room: " + form);
            assertEquals("alice", form.get("fromAccid").asText());
            assertEquals("0", form.get("msgType").asText());
            assertTrue(form.get("attach").asText().contains("to the NetEase room"), form.toString());

            b.clearSandbox("netease");
            r = b.mychatGet(channelMessage("16", "to the NetEase team"));
            assertEquals("0004", json(r).get("cmd").asText(), r.body());
            form = b.received("netease").get(0).get("request");
            assertEquals("1", form.get("ope").asText(), "msg/sendMsg into a team: " + form);
            assertEquals("4021", form.get("to").asText());
            assertEquals("alice", form.get("from").asText());
            assertEquals("0", form.get("type").asText());
            assertEquals("{\"msg\":\"to the NetEase team\"}", form.get("body").asText());

            for (String[] refusal : new String[][]{{"13", "7"}, {"14", "6"}, {"15", "7"}}) {
                // 13004 muted, 404 closed room, 403 not in the room
                JsonNode reply = json(b.mychatGet(channelMessage(refusal[0], "anyone?")));
                assertEquals(Integer.parseInt(refusal[1]), reply.path("error").asInt(), refusal[0] + ": " + reply);
            }
            assertEquals(1, b.received("netease").size());
        }
        try (RunningBridge b = RunningBridge.start("bridge.groups.file", groupsFile.toString(),
                "bridge.route.mychat", "netease", "bridge.sandbox.netease.teams", "4021:carol",
                "bridge.delivery.sync-deadline-ms", "0")) {
            JsonNode reply = json(b.mychatGet(channelMessage("16", "anyone?")));
            assertEquals(7, reply.path("error").asInt(), "804 not in the team, a refusal: " + reply);
        }
    }

    RunningBridge intoNetEase() {
        return RunningBridge.start("bridge.groups.file", groupsFile.toString(), "bridge.route.mychat", "netease",
                "bridge.sandbox.netease.rooms", "77:alice|bob,78:alice:muted,79::dissolved,80:carol",
                "bridge.sandbox.netease.teams", "4021:alice",
                "bridge.delivery.sync-deadline-ms", "0");
    }
}
