package io.imbridge.routes;

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
    void theFlowShowsEachTargetsStateAndTheTextOnlyWhenAsked() {
        try (RunningBridge b = RunningBridge.start()) {
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
            // OpenIM's send_msg answer carries serverMsgID and clientMsgID (seed page)
            JsonNode ids = openim.get("receipts").get(0).get("ids");
            assertTrue(ids.has("serverMsgID") && ids.has("clientMsgID"), ids.toString());
            assertEquals("flow text", json(b.get("/admin/flow?text=true")).get("messages").get(0).get("text").asText());
            // found by OpenIM's id, with its journey
            JsonNode found = json(b.get("/admin/messages/" + ids.get("serverMsgID").asText()));
            assertEquals(m.get("id").asText(), found.get("id").asText());
            assertEquals("accepted", found.get("journey").get(0).get("event").asText());
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
