package io.imbridge.routes;

import java.util.stream.Stream;

import java.util.Map;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.PublishedCodes;
import io.imbridge.provider.openim.OpenImTokens;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An OpenIM client against the bridge, delivering into the MyChat sandbox, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenImToMyChatTest {

    static final String SECRET = "openIM123";
    RunningBridge bridge;
    String token;

    @BeforeAll
    void start() {
        // a target's first answer is final here: translation is tested, not retrying (DeliveryFaultsTest)
        bridge = RunningBridge.start("bridge.route.openim", "mychat", "bridge.openim.inbound.secret", SECRET,
                "bridge.delivery.sync-deadline-ms", "0");
        token = bridge.openimToken(SECRET);
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("mychat");
    }

    @Test
    void theSeedRequestArrivesAtMyChatAndTheReplyHasOpenImsShape() {
        HttpResponse<String> r = bridge.openimSend(token, Fixtures.text("openim/send_msg-seed.json"));
        assertEquals(200, r.statusCode());
        JsonNode reply = json(r);
        assertEquals(0, reply.get("errCode").asInt());
        assertEquals("", reply.get("errMsg").asText());
        JsonNode data = reply.get("data");
        assertTrue(data.get("serverMsgID").asText().matches("[0-9a-f]{32}"), data.toString());
        assertTrue(data.get("clientMsgID").asText().matches("[0-9a-f]{32}"), data.toString());
        assertEquals(1695212630740L, data.get("sendTime").asLong());

        JsonNode got = bridge.received("mychat");
        assertEquals(1, got.size());
        JsonNode cmd = got.get(0).get("request");
        assertEquals("0002", cmd.get("cmd").asText());
        assertEquals("***", cmd.get("ServerKey").asText(), "checked by the sandbox, never shown");
        assertEquals("openIMAdmin", cmd.get("UserFrom").asText());
        assertEquals("2839678182", cmd.get("UserTo").asText());
        assertEquals("hello!!", cmd.get("Msg").asText());
        assertEquals(1, cmd.get("MsgType").asInt());
    }

    @Test
    void jsonPostedWithAFormContentTypeIsReadAsJson() {
        JsonNode token = json(bridge.post("/openim/auth/get_admin_token", "{\"secret\":\"openIM123\",\"userID\":\"imAdmin\"}",
                "Content-Type", "application/x-www-form-urlencoded", "operationID", "f1"));
        assertEquals(0, token.get("errCode").asInt(), token.toString());
        JsonNode reply = json(bridge.post("/openim/msg/send_msg", Fixtures.text("openim/send_msg-seed.json")
                .replace("hello!!", "a+b %41"), "Content-Type", "application/x-www-form-urlencoded",
                "operationID", "f2", "token", token.get("data").get("token").asText()));
        assertEquals(0, reply.get("errCode").asInt(), reply.toString());
        assertEquals("a+b %41", bridge.received("mychat").get(0).get("request").get("Msg").asText());
    }

    @Test
    void tokenAndHeaderProblemsGetOpenImsCodes() {
        String body = Fixtures.text("openim/send_msg-seed.json");
        assertEquals(1001, json(bridge.post("/openim/msg/send_msg", body, "Content-Type", "application/json",
                "operationID", "1")).get("errCode").asInt(), "no token");
        assertEquals(1001, json(bridge.post("/openim/msg/send_msg", body, "Content-Type", "application/json",
                "token", token)).get("errCode").asInt(), "no operationID");
        assertEquals(1503, json(bridge.openimSend("garbage", body)).get("errCode").asInt());
        String foreign = new OpenImTokens("someone-else").issue("imAdmin", 10, System.currentTimeMillis() / 1000, 60);
        assertEquals(1502, json(bridge.openimSend(foreign, body)).get("errCode").asInt());
        String expired = new OpenImTokens(SECRET).issue("imAdmin", 10, System.currentTimeMillis() / 1000 - 100, 10);
        assertEquals(1501, json(bridge.openimSend(expired, body)).get("errCode").asInt());
        JsonNode wrongSecret = json(bridge.post("/openim/auth/get_admin_token",
                "{\"secret\":\"guess\",\"userID\":\"imAdmin\"}", "Content-Type", "application/json", "operationID", "2"));
        assertEquals(1002, wrongSecret.get("errCode").asInt());
        assertEquals(0, bridge.received("mychat").size());
    }

    @Test
    void aBadBodyIsAnArgsErrorAndNothingIsSent() {
        HttpResponse<String> r = bridge.openimSend(token, "{\"sendID\":\"a\",\"recvID\":\"b\",\"contentType\":101,"
                + "\"sessionType\":1,\"content\":{\"content\":\"\"}}");
        assertEquals(200, r.statusCode());
        assertEquals(1001, json(r).get("errCode").asInt());
        assertEquals("ArgsError", json(r).get("errMsg").asText());
        assertEquals(1001, json(bridge.openimSend(token, "{not json")).get("errCode").asInt());
        assertEquals(0, bridge.received("mychat").size());
    }

    /** OpenIM's errMsg for each code the bridge answers with: the server's own error names (OpenIM's errs package). */
    static final Map<Integer, String> OPENIM_ERRMSG = Map.of(500, "ServerInternalError", 1001, "ArgsError",
            1002, "NoPermissionError", 1003, "DuplicateKeyError", 1004, "RecordNotFoundError",
            1101, "UserIDNotFoundError");

    static Stream<Arguments> myChatCodes() {
        return PublishedCodes.MEANS.get("mychat").entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /**
     * Every MyChat code the target may answer (docs/providers.md#mychat-error-codes) comes back as OpenIM's code for
     * its category.
     */
    @ParameterizedTest(name = "MyChat {0}")
    @MethodSource("myChatCodes")
    void everyMyChatErrorIsTranslatedIntoOpenImsCode(int code, ErrorCategory meaning) {
        bridge.fault("mychat", code, 200, 1);
        JsonNode reply = json(bridge.openimSend(token, Fixtures.text("openim/send_msg-seed.json")));
        ErrorCategory expected = meaning == ErrorCategory.AUTH_FAILED ? ErrorCategory.BRIDGE_CONFIG : meaning;
        int want = PublishedCodes.ANSWERS.get("openim").get(expected);
        assertEquals(want, reply.get("errCode").asInt(), reply.toString());
        assertEquals(OPENIM_ERRMSG.get(want), reply.get("errMsg").asText());
    }

    @Test
    void myChatsHttp500IsOpenImsServerError() {
        bridge.fault("mychat", 21, 500, 1);
        assertEquals(500, json(bridge.openimSend(token, Fixtures.text("openim/send_msg-seed.json")))
                .get("errCode").asInt());
    }
}
