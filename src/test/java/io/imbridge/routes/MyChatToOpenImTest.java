package io.imbridge.routes;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.PublishedCodes;
import io.imbridge.provider.openim.OpenImError;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A MyChat client against the bridge, delivering into the OpenIM sandbox (the default route), over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MyChatToOpenImTest {

    RunningBridge bridge;

    @BeforeAll
    void start() {
        // a target's first answer is final here: translation is tested, not retrying (DeliveryFaultsTest)
        bridge = RunningBridge.start("bridge.route.mychat", "openim", "bridge.delivery.sync-deadline-ms", "0");
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("openim");
    }

    @Test
    void theSeedBrowserLineArrivesAtOpenImWithEveryField() {
        HttpResponse<String> r = bridge.mychatGet(Fixtures.text("mychat/seed-browser-line.json"));
        assertEquals(200, r.statusCode());
        JsonNode reply = json(r);
        assertEquals("0002", reply.get("cmd").asText());
        assertEquals("myfunc", reply.get("context").asText());
        assertEquals(0, reply.get("UINTo").asInt());
        assertEquals(0, reply.get("State").asInt());
        assertTrue(r.headers().firstValue("data").isEmpty(), "no inbound parameter echoed as a header");

        JsonNode got = bridge.received("openim");
        assertEquals(1, got.size());
        JsonNode req = got.get(0).get("request");
        assertEquals("0", req.get("sendID").asText());
        assertEquals("[email protected]", req.get("recvID").asText());
        assertEquals(1, req.get("sessionType").asInt());
        assertEquals(101, req.get("contentType").asInt());
        assertEquals("Hello from browser", req.get("content").get("content").asText());
        assertTrue(got.get(0).get("operationID").asText().length() > 10);
    }

    @Test
    void postWithAJsonBodyOrAFormFieldWorksLikeGet() {
        String cmd = Fixtures.text("mychat/seed-browser-line.json");
        assertEquals("0002", json(bridge.post("/mychat/API/", cmd, "Content-Type", "application/json"))
                .get("cmd").asText());
        assertEquals("0002", json(bridge.post("/mychat/API/", "data=" + RunningBridge.encode(cmd),
                "Content-Type", "application/x-www-form-urlencoded")).get("cmd").asText());
        assertEquals(2, bridge.received("openim").size());
    }

    @ParameterizedTest(name = "{0} -> error {1}")
    @CsvSource(delimiter = '|', value = {
            "|67",
            "{\"cmd\":\"0002\"|21",
            "{\"cmd\":\"0002\",\"ServerKey\":\"nope\",\"UserTo\":\"b\",\"Msg\":\"x\",\"context\":\"c1\"}|5",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"  \",\"context\":\"c1\"}|4",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"Msg\":\"x\",\"context\":\"c1\"}|3",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserFrom\":true,\"UserTo\":\"b\",\"Msg\":\"x\",\"context\":\"c1\"}|2",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserFrom\":\"b\",\"UserTo\":\"b\",\"Msg\":\"x\",\"context\":\"c1\"}|17",
            "{\"cmd\":\"0008\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"x\",\"context\":\"c1\"}|21"})
    void badInputGetsMyChatsErrorEnvelopeAndNothingIsSent(String data, int code) {
        HttpResponse<String> r = bridge.mychatGet(data == null ? "" : data);
        assertEquals(200, r.statusCode());
        JsonNode reply = json(r);
        assertEquals("0001", reply.get("cmd").asText());
        assertEquals(code, reply.get("error").asInt());
        if (data != null && data.contains("c1")) {
            assertEquals("c1", reply.get("context").asText(), "context echoed in the error too");
            assertEquals(data.contains("0008") ? "0008" : "0002", reply.get("evocator").asText());
        }
        assertFalse(r.body().contains("Exception"), r.body());
        assertEquals(0, bridge.received("openim").size());
    }

    /**
     * OpenIM's published codes (docs/providers.md#openim-error-codes), but for the token codes, which the bridge renews
     * past.
     */
    static Stream<Arguments> openImCodes() {
        return PublishedCodes.MEANS.get("openim").entrySet().stream()
                .filter(e -> e.getKey() < 1501 || e.getKey() > 1507)
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Every OpenIM code the target may answer comes back as MyChat's code for the same category. */
    @ParameterizedTest(name = "OpenIM {0}")
    @MethodSource("openImCodes")
    void everyOpenImErrorIsTranslatedIntoMyChatsCode(int code, ErrorCategory meaning) {
        bridge.fault("openim", code, 200, 1);
        HttpResponse<String> r = bridge.mychatGet(Fixtures.text("mychat/seed-browser-line.json"));
        ErrorCategory expected = meaning == ErrorCategory.AUTH_FAILED ? ErrorCategory.BRIDGE_CONFIG : meaning;
        JsonNode reply = json(r);
        assertEquals(PublishedCodes.httpStatus("mychat", expected), r.statusCode(), r.body());
        assertEquals("0001", reply.get("cmd").asText());
        assertEquals(PublishedCodes.ANSWERS.get("mychat").get(expected), reply.get("error").asInt());
        assertEquals("myfunc", reply.get("context").asText());
        assertFalse(r.body().contains("sandbox-openim-secret"));
    }

    @Test
    void aRefusedAdminTokenIsRenewedOnceAndTheMessageGoesThroughOnce() {
        bridge.fault("openim", OpenImError.TokenExpiredError.code(), 200, 1);
        JsonNode reply = json(bridge.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
        assertEquals("0002", reply.get("cmd").asText(), reply.toString());
        assertEquals(1, bridge.received("openim").size());
    }

    @Test
    void aTargetAnsweringHttp503IsTheCallersServerError() {
        bridge.fault("openim", null, 503, 1);
        HttpResponse<String> r = bridge.mychatGet(Fixtures.text("mychat/seed-browser-line.json"));
        assertEquals(500, r.statusCode());
        assertEquals(21, json(r).get("error").asInt());
    }
}
