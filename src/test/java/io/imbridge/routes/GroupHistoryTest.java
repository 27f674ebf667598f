package io.imbridge.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group's migrated history delivered into each target's sandbox over real HTTP, as a migration delivers it (the
 * delivery engine's try on a message of history): the group the groups file maps it to, its original time where the
 * target can hold it — Tencent import_group_msg's SendTime (each after the group's newest, else 10004), OpenIM
 * send_msg's sendTime, NetEase's ext and resendFlag, MyChat's text prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupHistoryTest {

    static final String GROUPS = """
            openim,mychat,tencent,netease
            team-7,12,@TGS#_team7,4021
            room-9,13,@TGS#_room9,room:77
            """;
    /** 2020-09-13 12:26:40 UTC, and a minute later. */
    static final long T1 = 1_600_000_000_000L;
    static final long T2 = 1_600_000_060_000L;

    RunningBridge bridge;
    Path groupsFile;

    @BeforeAll
    void start() throws IOException {
        groupsFile = Files.createTempFile("groups", ".csv");
        Files.writeString(groupsFile, GROUPS);
        bridge = RunningBridge.start("bridge.groups.file", groupsFile.toString());
    }

    @AfterAll
    void stop() throws IOException {
        bridge.close();
        Files.deleteIfExists(groupsFile);
    }

    @BeforeEach
    void clear() {
        for (String vendor : List.of("mychat", "tencent", "openim", "netease")) {
            bridge.clearSandbox(vendor);
        }
    }

    /** An OpenIM group's message of history, at {@code place} in its conversation. */
    static CanonicalMessage migrated(String group, String text, long sentAt, long place) {
        CanonicalMessage m = new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, BridgeId.next(),
                new Source("openim", Map.of()), "alice", List.of(), new Conversation(Conversation.Kind.GROUP, group),
                sentAt, System.currentTimeMillis(), List.of(new Element.Text(text)), null, null, null);
        return m.asHistory(BridgeId.derived(sentAt, "openim|" + group + "|" + place), place);
    }

    Exchange deliver(String target, CanonicalMessage m) {
        return bridge.deliverOnce(target, m);
    }

    @Test
    void intoTencentByImportGroupMsgEachAfterTheGroupsNewest() {
        assertEquals(null, deliver("tencent", migrated("team-7", "first", T1, 1)).getException());
        assertEquals(null, deliver("tencent", migrated("team-7", "second", T2, 2)).getException());
        JsonNode got = bridge.received("tencent");
        assertEquals(2, got.size(), got.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode item = got.get(i).get("request");
            assertEquals("import_group_msg", got.get(i).get("api").asText());
            assertEquals("@TGS#_team7", item.get("GroupId").asText());
            assertEquals("alice", item.get("From_Account").asText());
            assertEquals(List.of(T1 / 1000, T2 / 1000).get(i), item.get("SendTime").asLong());
            assertEquals(List.of("first", "second").get(i), item.at("/MsgBody/0/MsgContent/Text").asText());
        }
        // Tencent takes a group's history only later than its newest message (Tencent's page: "later than ... the
        // latest message in the group"): 10004, the message's fault, not retried — also in the same second
        Throwable failure = deliver("tencent", migrated("team-7", "same second", T2 + 400, 3)).getException();
        while (failure != null && !(failure instanceof BridgeException)) {
            failure = failure.getCause(); // the split's wrapping of its call's failure
        }
        BridgeException e = assertInstanceOf(BridgeException.class, failure);
        assertEquals(10004, e.vendorCode(), e.getMessage());
        assertEquals(ErrorCategory.MALFORMED, e.category());
        assertEquals(2, bridge.received("tencent").size());
    }

    @Test
    void intoOpenImAsAGroupSendAtItsOriginalMillisecond() {
        assertEquals(null, deliver("openim", migrated("team-7", "first", T1, 1)).getException());
        JsonNode sent = bridge.received("openim").get(0).get("request");
        assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
        assertEquals("team-7", sent.get("groupID").asText());
        assertEquals(T1, sent.get("sendTime").asLong());
    }

    @Test
    void intoANetEaseTeamAndRoomWithTheOriginalTimeInExt() {
        assertEquals(null, deliver("netease", migrated("team-7", "to the team", T1, 1)).getException());
        assertEquals(null, deliver("netease", migrated("room-9", "to the room", T1, 1)).getException());
        JsonNode got = bridge.received("netease");
        assertEquals(2, got.size(), got.toString());
        JsonNode team = got.get(0).get("request");
        assertEquals("1", team.get("ope").asText(), team.toString());
        assertEquals("4021", team.get("to").asText());
        assertEquals(T1, Json.parseOrNull(team.get("ext").asText()).get("imBridgeSentAt").asLong());
        JsonNode room = got.get(1).get("request");
        assertEquals("77", room.get("roomid").asText(), room.toString());
        assertFalse(room.has("toAccids"));
        assertEquals("1", room.get("resendFlag").asText(), "a resumed migration's resend is deduplicated by msgId");
        assertEquals(T1, Json.parseOrNull(room.get("ext").asText()).get("imBridgeSentAt").asLong());
    }

    @Test
    void intoAMyChatConferenceWithTheTimeLeadingTheText() {
        assertEquals(null, deliver("mychat", migrated("team-7", "first", T1, 1)).getException());
        JsonNode cmd = bridge.received("mychat").get(0).get("request");
        assertEquals("0004", cmd.get("cmd").asText(), cmd.toString());
        assertEquals(12, cmd.get("UID").asLong());
        assertEquals("[2020-09-13 12:26:40 UTC] first", cmd.get("Msg").asText());
        assertTrue(cmd.get("MsgType").asInt() == 1);
    }
}
