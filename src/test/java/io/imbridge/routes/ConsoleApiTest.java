package io.imbridge.routes;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's reads over HTTP: the live flow (text only when asked), and what switches the console off. */
class ConsoleApiTest {

    @Test
    void theFlowShowsEachTargetsStateAndTheTextOnlyWhenAsked() throws Exception {
        // OpenIM's calls throttled to one a second: the targets' view tells when calls waited for it
        try (RunningBridge b = RunningBridge.start("bridge.openim.max-calls-per-second", "1")) {
            JsonNode reply = json(b.mychatGet("{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"APIStype\":\"t\","
                    + "\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"Msg\":\"flow text\"}"));
            assertEquals("0002", reply.get("cmd").asText(), reply.toString());
            JsonNode m = json(b.get("/admin/flow")).get("messages").get(0);
            assertEquals("mychat", m.get("source").asText());
            assertEquals("alice", m.get("sender").asText());
            assertEquals("text", m.get("kinds").get(0).asText());
            assertFalse(m.has("text"), m.toString());
            JsonNode openim = m.get("targets").get(0);
            assertEquals("openim", openim.get("target").asText());
            assertEquals("delivered", openim.get("state").asText());
            // OpenIM's send_msg answer carries serverMsgID and clientMsgID (docs/providers.md#openim-api-called)
            JsonNode ids = openim.get("receipts").get(0).get("ids");
            assertTrue(ids.has("serverMsgID") && ids.has("clientMsgID"), ids.toString());
            assertEquals("flow text", json(b.get("/admin/flow?text=true")).get("messages").get(0).get("text").asText());
            // found by OpenIM's id, with its journey
            JsonNode found = json(b.get("/admin/messages/" + ids.get("serverMsgID").asText()));
            assertEquals(m.get("id").asText(), found.get("id").asText());
            assertEquals("accepted", found.get("journey").get(0).get("event").asText());

            JsonNode before = target(b, "openim");
            assertFalse(before.get("throttled").asBoolean(), before.toString());
            for (int i = 0; i < 2; i++) {
                b.mychatGet("{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"APIStype\":\"t\",\"UserFrom\":\"alice\","
                        + "\"UserTo\":\"bob\",\"Msg\":\"throttled " + i + "\"}");
            }
            JsonNode openimCard = target(b, "openim");
            assertTrue(openimCard.get("throttled").asBoolean(), openimCard.toString());
            assertTrue(openimCard.get("throttledCalls").asInt() >= 1, openimCard.toString());
            assertTrue(openimCard.get("longestThrottleWaitMs").asInt() >= 500, openimCard.toString());
            assertFalse(target(b, "mychat").get("throttled").asBoolean(), "no call to MyChat waited");
            assertEquals(0, json(b.get("/admin/targets")).get("openDeadLetters").asInt());
        }
    }

    @Test
    void aMirrorThatFailedATryShowsRetryingWithItsNextTry() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim,tencent",
                "bridge.delivery.retry-base-ms", "4000")) {
            b.fault("tencent", null, 503, 1);
            b.mychatGet("{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"APIStype\":\"t\",\"UserFrom\":\"alice\","
                    + "\"UserTo\":\"bob\",\"Msg\":\"mirror\"}");
            JsonNode tencent = null;
            for (int i = 0; i < 100; i++) {
                for (JsonNode t : json(b.get("/admin/flow")).get("messages").get(0).get("targets")) {
                    if (t.get("target").asText().equals("tencent") && t.get("state").asText().equals("retrying")) {
                        tencent = t;
                    }
                }
                if (tencent != null) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(tencent != null, "the mirror shown retrying");
            assertEquals(1, tencent.get("attempts").asInt(), tencent.toString());
            assertEquals("unavailable", tencent.get("category").asText(), tencent.toString());
            assertTrue(tencent.get("nextTryAt").asLong() > System.currentTimeMillis(), tencent.toString());
            // and once tried again (the sandbox is well), delivered with Tencent's MsgKey
            JsonNode delivered = null;
            for (int i = 0; i < 200 && delivered == null; i++) {
                for (JsonNode t : json(b.get("/admin/flow")).get("messages").get(0).get("targets")) {
                    if (t.get("target").asText().equals("tencent") && t.get("state").asText().equals("delivered")) {
                        delivered = t;
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(delivered != null && delivered.get("receipts").get(0).get("ids").has("MsgKey"),
                    String.valueOf(delivered));
        }
    }

    static JsonNode target(RunningBridge b, String name) {
        for (JsonNode t : json(b.get("/admin/targets")).get("targets")) {
            if (t.get("target").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no target " + name);
    }

    @Test
    void withoutATokenNoOtherSiteNorRenamedHostIsServed() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim",
                "bridge.openim.url", "http://127.0.0.1:1/a-real-openim", "bridge.console.try-url", "http://127.0.0.1:1")) {
            assertEquals(200, b.get("/admin/flow").statusCode());
            // a page of another site driving the browser on this machine: neither reads nor posts
            assertEquals(403, b.get("/admin/flow?text=true", "Origin", "http://evil.example").statusCode());
            assertEquals(403, b.post("/admin/try", "{\"dialect\":\"tencent\",\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}",
                    "Origin", "http://evil.example", "Content-Type", "text/plain").statusCode());
            assertEquals(403, b.get("/console/", "Origin", "http://evil.example").statusCode());
            assertEquals(0, b.received("netease").size(), "nothing sent");
            // a name of another site rebound to 127.0.0.1 (DNS rebinding): refused by its Host
            try (Socket s = new Socket("127.0.0.1", b.port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /admin/flow HTTP/1.1\r\nHost: rebind.evil.example:" + b.port
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
            }
            // Try it never sends to a real vendor: MyChat is routed to an OpenIM that is not the sandbox
            HttpResponse<String> real = b.post("/admin/try",
                    "{\"dialect\":\"mychat\",\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}", "Content-Type", "application/json");
            assertEquals(409, real.statusCode(), real.body());
            assertTrue(json(real).get("error").asText().contains("openim"), real.body());
            // the bridge unreachable at bridge.console.try-url: said in JSON
            HttpResponse<String> down = b.post("/admin/try",
                    "{\"dialect\":\"tencent\",\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}", "Content-Type", "application/json");
            assertEquals(502, down.statusCode(), down.body());
            assertTrue(json(down).has("error"), down.body());
        }
    }

    @Test
    void theConsoleAndTryItCanBeSwitchedOff() {
        try (RunningBridge b = RunningBridge.start("bridge.console.enabled", "false", "bridge.sandbox.enabled",
                "false")) {
            assertEquals(404, b.get("/console/").statusCode());
            // Try it needs the sandboxes
            assertEquals(404, b.post("/admin/try", "{\"dialect\":\"mychat\",\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}",
                    "Content-Type", "application/json").statusCode());
        }
    }
}
