package io.imbridge.provider.openim;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.OutboundCall;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenIM send_msg bodies read as history, and a migrated message's sendTime delivered into the OpenIM sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenImHistoryTest {

    RunningBridge bridge;
    OpenImProvider openim;
    String token;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start();
        openim = bridge.context().getRegistry().lookupByNameAndType("openim", OpenImProvider.class);
        JsonNode r = json(bridge.post("/sandbox/openim/auth/get_admin_token",
                "{\"secret\":\"sandbox-openim-secret\",\"userID\":\"imAdmin\"}",
                "Content-Type", "application/json", "operationID", "op-token"));
        token = r.path("data").path("token").asText();
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
    void theSeedBodyIsOneMessageAtItsSendTimeWithoutAKey() {
        List<HistoryItem> items = openim.readHistory(Fixtures.json("openim/send_msg-seed.json"));
        assertEquals(1, items.size());
        HistoryItem item = items.get(0);
        assertNull(item.key());
        assertEquals(0, item.sequence());
        CanonicalMessage m = item.message();
        assertEquals(1695212630740L, m.sentAt());
        assertEquals("openIMAdmin", m.sender());
        assertEquals(List.of("2839678182"), m.recipients());
        assertEquals(List.of(new Element.Text("hello!!")), m.elements());
        assertEquals("ex", m.customData());
        assertFalse(m.source().ids().containsKey("operationID"));
    }

    @Test
    void aBodyWithAClientMsgIdIsKeyedByIt() {
        HistoryItem item = openim.readHistory(Fixtures.json("openim/send_msg-history-clientMsgID.json")).get(0);
        assertEquals("1ca0e4cf279ad5cce6b28331b2b42092", item.key());
        assertEquals(1679558586210L, item.message().sentAt());
        assertEquals("1ca0e4cf279ad5cce6b28331b2b42092", item.message().source().ids().get("clientMsgID"));
    }

    @Test
    void aSendTimeOfZeroIsNoTime() {
        ObjectNode body = Fixtures.json("openim/send_msg-seed.json").put("sendTime", 0);
        assertNull(openim.readHistory(body).get(0).message().sentAt());
    }

    @Test
    void bodiesOpenImWouldRefuseAreRefusedNamingTheField() {
        ObjectNode noRecv = Fixtures.json("openim/send_msg-seed.json");
        noRecv.remove("recvID");
        assertRefused(noRecv, ErrorCategory.MALFORMED, "recvID");
        ObjectNode empty = Fixtures.json("openim/send_msg-seed.json");
        empty.putObject("content").put("content", " ");
        assertRefused(empty, ErrorCategory.EMPTY_MESSAGE, "content.content");
        assertRefused(Fixtures.json("openim/send_msg-seed.json").put("contentType", 999), ErrorCategory.UNSUPPORTED,
                "contentType");
        assertRefused(Json.parseOrNull("\"text\""), ErrorCategory.MALFORMED, "send_msg");
    }

    private void assertRefused(JsonNode line, ErrorCategory category, String naming) {
        BridgeException e = assertThrows(BridgeException.class, () -> openim.readHistory(line));
        assertEquals(category, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }

    @Test
    void aMigratedMessageAlwaysCarriesSendTime() {
        CanonicalMessage seed = openim.readHistory(Fixtures.json("openim/send_msg-seed.json")).get(0).message();
        // with its source's time
        assertEquals(1695212630740L, delivered(seed.asHistory(seed.id(), 1)).path("sendTime").asLong());

        // without one (a source that has none): the time the bridge read it, never the target's own clock
        CanonicalMessage untimed = new CanonicalMessage(seed.schemaVersion(), seed.id(), seed.source(), seed.sender(),
                seed.recipients(), seed.conversation(), null, 1557387418000L, seed.elements(), seed.options(),
                seed.customData(), seed.vendorFields());
        assertEquals(1557387418000L, delivered(untimed.asHistory(seed.id(), 2)).path("sendTime").asLong());

        // a live message without a time still has none
        assertFalse(delivered(untimed).has("sendTime"));
    }

    /** The send_msg body the provider makes for {@code m}, posted to the sandbox as the delivery posts it. */
    private JsonNode delivered(CanonicalMessage m) {
        bridge.clearSandbox("openim");
        OutboundCall call = openim.outboundCalls(m, 1).get(0);
        JsonNode reply = json(bridge.post("/sandbox/openim/msg/send_msg", call.body(), "Content-Type",
                "application/json", "operationID", call.headers().get("operationID"), "token", token));
        assertEquals(0, reply.path("errCode").asInt(), reply.toString());
        JsonNode got = bridge.received("openim");
        assertEquals(1, got.size());
        return got.get(0).path("request");
    }
}
