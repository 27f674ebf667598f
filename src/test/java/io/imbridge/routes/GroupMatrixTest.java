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

    /**
     * Each target's group refusals (docs/providers.md, groups and recall), with what they mean, and each caller's
     * answer for those meanings on its group API: MyChat 0004's 6 and 7, OpenIM 1201 and 1002, Tencent's group API
     * 10015 and 10007, NetEase's team API 803 and 802, its room API 404 and 403; a caller of the target's own
     * provider gets the target's own code.
     */
    static final Map<String, Map<Integer, String>> GROUP_REFUSALS = Map.of(
            "mychat", Map.of(6, "unknown", 7, "refused"),
            "openim", Map.of(1201, "unknown", 1203, "refused", 1204, "unknown", 1402, "refused", 1403, "refused"),
            "tencent", Map.of(10007, "refused", 10010, "unknown", 10015, "unknown", 10016, "refused",
                    10017, "refused"),
            "netease", Map.of(802, "refused", 803, "unknown", 804, "refused", 13004, "refused"));
    static final Map<String, Map<String, Integer>> CALLER_ANSWERS = Map.of(
            "mychat", Map.of("unknown", 6, "refused", 7),
            "openim", Map.of("unknown", 1201, "refused", 1002),
            "tencent", Map.of("unknown", 10015, "refused", 10007),
            "netease-team", Map.of("unknown", 803, "refused", 802),
            "netease-room", Map.of("unknown", 404, "refused", 403));

    static Stream<Arguments> refusals() {
        return GROUP_REFUSALS.entrySet().stream().flatMap(t -> t.getValue().entrySet().stream().flatMap(code ->
                CALLER_ANSWERS.keySet().stream().map(caller -> Arguments.of(t.getKey(), code.getKey(), code.getValue(),
                        caller))));
    }

    @ParameterizedTest(name = "{0} answers {1} ({2}) -> {3}")
    @MethodSource("refusals")
    void everyTargetsGroupRefusalComesBackInEveryCallersGroupCodes(String target, int code, String meaning,
                                                                   String caller) {
        RunningBridge b = bridges.get(target);
        b.fault(target, code, 200, 1);
        int answered = switch (caller) {
            case "mychat" -> json(b.mychatGet(channelMessage("12", "refused?"))).path("error").asInt();
            case "tencent" -> json(tencentGroupSend(b, "@TGS#_support", "refused?")).path("ErrorCode").asInt();
            case "openim" -> json(b.openimSend(b.openimToken("openIM123"), groupSend("support", "refused?")))
                    .path("errCode").asInt();
            case "netease-room" -> json(neteaseRoomSend(b, "77", "refused?")).path("code").asInt();
            default -> json(neteaseMsgSend(b, 1, "4021", "refused?")).path("code").asInt();
        };
        int expected = caller.startsWith(target) ? code : CALLER_ANSWERS.get(caller).get(meaning);
        assertEquals(expected, answered);
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
