package io.imbridge.provider;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;
import io.imbridge.canonical.Json;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each provider's console example sent over real HTTP to the running bridge, as that vendor's client would send it:
 * the vendor's success answer (docs/providers.md), and the message in the routed target's sandbox (default routes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TryItTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningBridge bridge;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start();
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"mychat, openim", "openim, mychat", "tencent, netease", "netease, tencent"})
    void theExampleIsAcceptedAndArrivesAtTheRoutedTarget(String dialect, String target) {
        TryIt provider = bridge.context().getRegistry().lookupByNameAndType(dialect, TryIt.class);
        assertNotNull(provider, dialect + " offers no example");
        bridge.clearSandbox(target);
        String text = "Hello from the console, " + dialect + " \u00e9\u4f60 & ?=+%";

        TryIt.ExampleRequest example = provider.example("alice", "bob", text);
        HttpResponse<String> r = send(example);
        assertEquals(200, r.statusCode(), r.body());
        assertSuccess(dialect, example, json(r));

        JsonNode got = bridge.received(target);
        assertEquals(1, got.size(), got.toString());
        assertArrived(target, got.get(0).get("request"), text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"mychat, openim", "openim, mychat", "tencent, netease", "netease, tencent"})
    void twoTriesOfTheSameTextAreTwoMessages(String dialect, String target) {
        TryIt provider = bridge.context().getRegistry().lookupByNameAndType(dialect, TryIt.class);
        bridge.clearSandbox(target);

        TryIt.ExampleRequest first = provider.example("alice", "bob", "twice");
        TryIt.ExampleRequest second = provider.example("alice", "bob", "twice");
        assertNotEquals(first, second);
        assertSuccess(dialect, first, json(send(first)));
        assertSuccess(dialect, second, json(send(second)));

        JsonNode got = bridge.received(target);
        assertEquals(2, got.size(), got.toString());
        assertArrived(target, got.get(0).get("request"), "twice");
        assertArrived(target, got.get(1).get("request"), "twice");
    }

    private HttpResponse<String> send(TryIt.ExampleRequest example) {
        String uri = bridge.base + example.path() + (example.query() == null ? "" : "?" + example.query());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .method(example.method(), example.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(example.body()));
        example.headers().forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("the example could not be sent", e);
        }
    }

    /** The vendors' success answers as their pages show them (docs/providers.md). */
    private static void assertSuccess(String dialect, TryIt.ExampleRequest example, JsonNode reply) {
        switch (dialect) {
            case "mychat" -> {
                // docs/providers.md#mychat-api-served: GET /API/?data={0002 command}, the key of the browser example;
                // answered with the work result {cmd 0002, context, UINTo, State}
                assertEquals("GET", example.method());
                assertEquals("/mychat/API/", example.path());
                assertTrue(example.query().startsWith("data="), example.query());
                JsonNode command = Json.parseOrNull(URLDecoder.decode(example.query().substring(5),
                        StandardCharsets.UTF_8));
                assertEquals("0002", command.get("cmd").asText());
                assertEquals("iddqd", command.get("ServerKey").asText());
                assertEquals("0002", reply.path("cmd").asText(), reply.toString());
                assertEquals(command.get("context").asText(), reply.path("context").asText());
                assertTrue(reply.has("UINTo") && reply.has("State"), reply.toString());
            }
            case "openim" -> {
                // docs/providers.md#openim-api-served: errCode 0, errMsg "", data {serverMsgID, clientMsgID, sendTime}
                assertEquals("POST", example.method());
                assertEquals("/openim/msg/send_msg", example.path());
                assertFalse(example.headers().get("token").isBlank());
                assertFalse(example.headers().get("operationID").isBlank());
                assertEquals(0, reply.path("errCode").asInt(-1), reply.toString());
                assertEquals("", reply.path("errMsg").asText());
                assertFalse(reply.path("data").path("serverMsgID").asText().isEmpty());
                assertFalse(reply.path("data").path("clientMsgID").asText().isEmpty());
            }
            case "tencent" -> {
                // docs/providers.md#tencent-api-served: ?sdkappid&identifier&usersig&random&contenttype=json;
                // ActionStatus OK, ErrorCode 0
                assertEquals("POST", example.method());
                assertEquals("/tencent/v4/openim/sendmsg", example.path());
                assertTrue(example.query().matches("sdkappid=\\d+&identifier=[^&]+&usersig=[^&]+&random=\\d+"
                        + "&contenttype=json"), example.query());
                assertEquals("OK", reply.path("ActionStatus").asText(), reply.toString());
                assertEquals(0, reply.path("ErrorCode").asInt(-1));
                assertFalse(reply.path("MsgKey").asText().isEmpty());
                assertTrue(reply.path("MsgTime").canConvertToLong());
            }
            case "netease" -> {
                // docs/providers.md#netease-api-served: AppKey, Nonce, CurTime, CheckSum headers on a form
                // post; code 200
                assertEquals("POST", example.method());
                assertEquals("/netease/nimserver/chatroom/sendMsgToSomeone.action", example.path());
                for (String h : new String[]{"AppKey", "Nonce", "CurTime", "CheckSum"}) {
                    assertFalse(example.headers().get(h).isBlank(), h);
                }
                assertEquals(200, reply.path("code").asInt(-1), reply.toString());
            }
            default -> throw new IllegalArgumentException(dialect);
        }
    }

    /** The sender, recipient and text in the request the target's sandbox received, in its own fields. */
    private static void assertArrived(String target, JsonNode request, String text) {
        switch (target) {
            case "openim" -> {
                assertEquals("alice", request.get("sendID").asText());
                assertEquals("bob", request.get("recvID").asText());
                assertEquals(101, request.get("contentType").asInt());
                assertEquals(text, request.get("content").get("content").asText());
            }
            case "mychat" -> {
                assertEquals("alice", request.get("UserFrom").asText());
                assertEquals("bob", request.get("UserTo").asText());
                assertEquals(text, request.get("Msg").asText());
            }
            case "netease" -> {
                assertEquals("alice", request.get("fromAccid").asText());
                assertEquals("[\"bob\"]", request.get("toAccids").asText());
                assertEquals(0, request.get("msgType").asInt());
                assertEquals(text, request.get("attach").asText());
            }
            case "tencent" -> {
                assertEquals("alice", request.get("From_Account").asText());
                assertEquals("bob", request.get("To_Account").asText());
                JsonNode element = request.get("MsgBody").get(0);
                assertEquals("TIMTextElem", element.get("MsgType").asText());
                assertEquals(text, element.get("MsgContent").get("Text").asText());
            }
            default -> throw new IllegalArgumentException(target);
        }
    }
}
