package io.imbridge.routes;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;

import static io.imbridge.RunningBridge.json;
import static io.imbridge.routes.GroupClients.channelMessage;
import static io.imbridge.routes.GroupClients.groupSend;
import static io.imbridge.routes.GroupClients.neteaseMsgSend;
import static io.imbridge.routes.GroupClients.neteaseRoomSend;
import static io.imbridge.routes.GroupClients.tencentGroupSend;
import static io.imbridge.routes.VendorClients.VENDORS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every source's group API × every target's, over real HTTP into the sandboxes: a group message sent through a
 * provider's group API (MyChat 0004, Tencent send_group_msg, OpenIM send_msg with sessionType 3, NetEase
 * chatroom/sendMsg and msg/sendMsg with ope 1) arrives once, from its sender, with its text, in the group the groups
 * file names at the target, through that target's group API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupMatrixTest {

    /** Row 12 has a NetEase chat room, row 16 a NetEase team. */
    static final String GROUPS = """
            mychat,tencent,openim,netease
            12,@TGS#_support,support,room:77
            16,@TGS#_team,team,4021
            """;
    static final Map<String, Map<String, String>> ROWS = Map.of(
            "12", Map.of("mychat", "12", "tencent", "@TGS#_support", "openim", "support", "netease", "room:77"),
            "16", Map.of("mychat", "16", "tencent", "@TGS#_team", "openim", "team", "netease", "4021"));

    final Map<String, RunningBridge> bridges = new HashMap<>();
    Path groupsFile;

    @BeforeAll
    void start() throws IOException {
        groupsFile = Files.createTempFile("groups", ".csv");
        Files.writeString(groupsFile, GROUPS);
        for (String target : VENDORS) {
            Map<String, String> props = new HashMap<>();
            VENDORS.forEach(source -> props.put("bridge.route." + source, target));
            props.put("bridge.groups.file", groupsFile.toString());
            props.put("bridge.delivery.sync-deadline-ms", "0");
            bridges.put(target, RunningBridge.start(props));
        }
    }

    @AfterAll
    void stop() throws IOException {
        bridges.values().forEach(RunningBridge::close);
        Files.deleteIfExists(groupsFile);
    }

    /** Each source API with the rows it can name (NetEase's room is row 12's, its team row 16's). */
    static Stream<Arguments> cases() {
        List<String[]> sources = List.of(new String[]{"mychat", "12"}, new String[]{"mychat", "16"},
                new String[]{"tencent", "12"}, new String[]{"tencent", "16"}, new String[]{"openim", "12"},
                new String[]{"openim", "16"}, new String[]{"netease-room", "12"}, new String[]{"netease-team", "16"});
        return sources.stream().flatMap(s -> VENDORS.stream().map(t -> Arguments.of(s[0], s[1], t)));
    }

    @ParameterizedTest(name = "{0} (row {1}) -> {2}")
    @MethodSource("cases")
    void aGroupMessageFromEverySourceReachesTheMappedGroupAtEveryTarget(String source, String row, String target) {
        RunningBridge b = bridges.get(target);
        b.clearSandbox(target);
        String text = "from " + source + " row " + row + " to " + target;
        Map<String, String> cells = ROWS.get(row);
        switch (source) {
            case "mychat" -> {
                HttpResponse<String> r = b.mychatGet(channelMessage(cells.get("mychat"), text));
                assertEquals("0004", json(r).path("cmd").asText(), r.body());
            }
            case "tencent" -> {
                HttpResponse<String> r = tencentGroupSend(b, cells.get("tencent"), text);
                assertEquals(0, json(r).path("ErrorCode").asInt(-1), r.body());
            }
            case "openim" -> {
                HttpResponse<String> r = b.openimSend(b.openimToken("openIM123"), groupSend(cells.get("openim"), text));
                assertEquals(0, json(r).path("errCode").asInt(-1), r.body());
            }
            case "netease-room" -> {
                HttpResponse<String> r = neteaseRoomSend(b, "77", text);
                assertEquals(200, json(r).path("code").asInt(), r.body());
            }
            default -> {
                HttpResponse<String> r = neteaseMsgSend(b, 1, "4021", text);
                assertEquals(200, json(r).path("code").asInt(), r.body());
            }
        }
        JsonNode got = b.received(target);
        assertEquals(1, got.size(), "once: " + got);
        JsonNode sent = got.get(0).get("request");
        String group = cells.get(target);
        switch (target) {
            case "mychat" -> {
                assertEquals("0004", sent.get("cmd").asText(), sent.toString());
                assertEquals(Long.parseLong(group), sent.get("UID").asLong());
                assertEquals("alice", sent.get("UserFrom").asText());
                assertEquals(text, sent.get("Msg").asText());
            }
            case "tencent" -> {
                assertEquals(group, sent.get("GroupId").asText(), sent.toString());
                assertEquals("alice", sent.get("From_Account").asText());
                assertEquals(text, sent.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
            }
            case "openim" -> {
                assertEquals(3, sent.get("sessionType").asInt(), sent.toString());
                assertEquals(group, sent.get("groupID").asText());
                assertEquals("alice", sent.get("sendID").asText());
                assertEquals(text, sent.get("content").get("content").asText());
            }
            default -> {
                if (group.startsWith("room:")) {
                    assertEquals(group.substring(5), sent.get("roomid").asText(), sent.toString());
                    assertFalse(sent.has("toAccids"), sent.toString());
                    assertEquals("alice", sent.get("fromAccid").asText());
                    assertEquals(text, sent.get("attach").asText());
                } else {
                    assertEquals("1", sent.get("ope").asText(), sent.toString());
                    assertEquals(group, sent.get("to").asText());
                    assertEquals("alice", sent.get("from").asText());
                    assertEquals(text, Json.parseOrNull(sent.get("body").asText()).get("msg").asText());
                }
            }
        }
    }

    /** A group message reaches the primary's group and every mirror's, each in the order the source sent them. */
    @org.junit.jupiter.api.Test
    void aGroupsMessagesReachEveryRoutedTargetOnceInOrder() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.groups.file", groupsFile.toString(),
                "bridge.route.mychat", "openim,tencent,netease")) {
            for (String target : List.of("openim", "tencent", "netease")) {
                b.clearSandbox(target);
            }
            List<String> texts = new java.util.ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                texts.add("message " + i);
                HttpResponse<String> r = b.mychatGet(channelMessage("12", "message " + i));
                assertEquals("0004", json(r).path("cmd").asText(), r.body());
            }
            // the mirrors are delivered from the queue: wait for them
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && (b.received("tencent").size() < 8
                    || b.received("netease").size() < 8)) {
                Thread.sleep(100);
            }
            assertEquals(texts, arrived(b.received("openim"), "/request/content/content"), "the primary, OpenIM");
            assertEquals(texts, arrived(b.received("tencent"), "/request/MsgBody/0/MsgContent/Text"), "Tencent");
            assertEquals(texts, arrived(b.received("netease"), "/request/attach"), "NetEase's room");
        }
    }

    private static List<String> arrived(JsonNode received, String pointer) {
        List<String> texts = new java.util.ArrayList<>();
        received.forEach(e -> texts.add(e.at(pointer).asText()));
        return texts;
    }
}
