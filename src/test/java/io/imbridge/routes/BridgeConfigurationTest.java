package io.imbridge.routes;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configurations a user sets: targets down or misconfigured, mirrors, the accounts file, observability. */
class BridgeConfigurationTest {

    static final String SEED = Fixtures.text("mychat/seed-browser-line.json");

    @Test
    void anUnreachableTargetIsTheCallersServerError() {
        try (RunningBridge b = RunningBridge.start("bridge.openim.url",
                "http://127.0.0.1:" + RunningBridge.freePort() + "/openim")) {
            HttpResponse<String> r = b.mychatGet(SEED);
            assertEquals(500, r.statusCode());
            JsonNode reply = json(r);
            assertEquals("0001", reply.get("cmd").asText());
            assertEquals(21, reply.get("error").asInt());
            assertEquals("myfunc", reply.get("context").asText());
        }
    }

    @Test
    void theBridgesWrongOutboundSecretIsNeverTheCallersAuthError() {
        try (RunningBridge b = RunningBridge.start("bridge.openim.secret", "not-the-sandbox-secret")) {
            HttpResponse<String> r = b.mychatGet(SEED);
            assertEquals(500, r.statusCode());
            assertEquals(21, json(r).get("error").asInt(), "not 5 WrongIntegrationKey");
            assertFalse(r.body().contains("not-the-sandbox-secret"));
            assertEquals(0, b.received("openim").size());
        }
        try (RunningBridge b = RunningBridge.start("bridge.route.openim", "mychat",
                "bridge.mychat.server-key", "not-the-key")) {
            String token = b.openimToken("openIM123");
            JsonNode reply = json(b.openimSend(token, Fixtures.text("openim/send_msg-seed.json")));
            assertEquals(500, reply.get("errCode").asInt(), "not 1002: " + reply);
        }
    }

    @Test
    void aRouteToAnUnknownTargetIsAConfigurationError() {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "nowhere")) {
            HttpResponse<String> r = b.mychatGet(SEED);
            assertEquals(500, r.statusCode());
            assertEquals(21, json(r).get("error").asInt());
        }
    }

    @Test
    void accountsAreTranslatedBothWaysAndTheReplyCarriesTheUin() throws IOException {
        Path csv = Files.createTempFile("accounts", ".csv");
        Files.writeString(csv, "mychat,openim\n17|[email protected]|Bob,u-bob\n5|alice@example.com,u-alice\n");
        try (RunningBridge b = RunningBridge.start("bridge.accounts.file", csv.toString(),
                "bridge.route.mychat", "openim", "bridge.route.openim", "mychat")) {
            String cmd = SEED.replace("\"UserFrom\":0", "\"UserFrom\":\"alice@example.com\"");
            JsonNode reply = json(b.mychatGet(cmd));
            assertEquals(17, reply.get("UINTo").asInt(), reply.toString());
            JsonNode req = b.received("openim").get(0).get("request");
            assertEquals("u-bob", req.get("recvID").asText());
            assertEquals("u-alice", req.get("sendID").asText());

            String token = b.openimToken("openIM123");
            b.openimSend(token, Fixtures.text("openim/send_msg-seed.json").replace("2839678182", "u-bob"));
            JsonNode mychat = b.received("mychat").get(0).get("request");
            assertEquals("17", mychat.get("UserTo").asText());
        } finally {
            Files.delete(csv);
        }
    }

    @Test
    void mirrorsGetTheMessageTooAndTheirFailuresEndAsDeadLettersNotAsTheCallersError() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim,mychat",
                "bridge.delivery.retry-base-ms", "20", "bridge.delivery.max-age-ms", "500", "bridge.queue.poll-ms", "50")) {
            JsonNode reply = json(b.mychatGet(SEED));
            assertEquals("0002", reply.get("cmd").asText());
            awaitSize(b, "mychat", 1);
            assertEquals(1, b.received("openim").size());

            b.clearSandbox("mychat");
            b.fault("mychat", null, 503, 10);
            HttpResponse<String> r = b.mychatGet(SEED);
            assertEquals("0002", json(r).get("cmd").asText(), "the primary's answer, whatever the mirror does");
            JsonNode letters = null;
            for (int i = 0; i < 100; i++) {
                letters = json(b.get("/admin/dead-letters"));
                if (letters.size() > 0) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(1, letters.size(), "dead-lettered after its retries");
            JsonNode letter = letters.get(0);
            assertEquals("mychat", letter.get("target").asText());
            assertEquals("unavailable", letter.get("category").asText());
            assertTrue(letter.get("attempts").asInt() >= 2, "retried before it was given up: " + letter);
            assertEquals("Hello from browser", letter.get("message").get("elements").get(0).get("text").asText());
            assertEquals(0, b.received("mychat").size());
        }
    }

    @Test
    void healthAndPrometheusMetricsWithPerVendorCounters() {
        try (RunningBridge b = RunningBridge.start()) {
            b.mychatGet(SEED);
            b.mychatGet("{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"\"}");
            assertEquals(200, b.get("/observe/health").statusCode());
            assertTrue(b.get("/observe/health").body().contains("UP"));
            String metrics = b.get("/observe/metrics").body();
            assertTrue(metrics.contains("# TYPE"));
            assertTrue(metrics.matches("(?s).*bridge_messages_total\\{[^}]*outcome=\"delivered\"[^}]*source=\"mychat\""
                    + "[^}]*target=\"openim\"[^}]*} 1\\.0.*"), metrics);
            assertTrue(metrics.matches("(?s).*bridge_errors_total\\{[^}]*category=\"empty_message\"[^}]*"
                    + "vendor=\"mychat\"[^}]*} 1\\.0.*"), metrics);
            assertTrue(metrics.contains("routeId=\"mychat-inbound\""), "per-route metrics");
        }
    }

    @Test
    void aKindTheTargetLacksIsDegradedVisiblyNotDropped() {
        try (RunningBridge b = RunningBridge.start("bridge.route.tencent", "mychat")) {
            com.fasterxml.jackson.databind.node.ObjectNode body = Fixtures.json("tencent/sendmsg-seed-sync.json");
            body.putArray("MsgBody").addObject().put("MsgType", "TIMImageElem")
                    .set("MsgContent", Fixtures.json("tencent/elements.json").get("TIMImageElem"));
            assertEquals("OK", json(b.tencentSend(body.toString())).get("ActionStatus").asText());
            assertEquals("[image] https://cdn/a.png", b.received("mychat").get(0).get("request").get("Msg").asText());
            String metrics = b.get("/observe/metrics").body();
            assertTrue(metrics.matches("(?s).*bridge_degraded_elements_total\\{[^}]*kind=\"image\"[^}]*target=\"mychat\"[^}]*} 1\\.0.*"),
                    metrics);
        }
    }

    @Test
    void sandboxesCanBeSwitchedOff() {
        try (RunningBridge b = RunningBridge.start("bridge.sandbox.enabled", "false")) {
            assertEquals(404, b.get("/sandbox/openim/_received").statusCode());
        }
    }

    static void awaitSize(RunningBridge b, String vendor, int n) throws InterruptedException {
        for (int i = 0; i < 100 && b.received(vendor).size() < n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, b.received(vendor).size());
    }
}
