package io.imbridge.provider.mychat;

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
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.OutboundCall;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MyChat 0002 commands read as history, and a migrated message's time prefix delivered into the MyChat sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MyChatHistoryTest {

    RunningBridge bridge;
    MyChatProvider mychat;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start();
        mychat = bridge.context().getRegistry().lookupByNameAndType("mychat", MyChatProvider.class);
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
    void theSeedsBrowserCommandIsOneMessageWithoutKeyOrTimeItsServerKeyUnchecked() {
        List<HistoryItem> items = mychat.readHistory(Fixtures.json("mychat/seed-browser-line.json"));
        assertEquals(1, items.size());
        HistoryItem item = items.get(0);
        assertNull(item.key());
        assertEquals(0, item.sequence());
        CanonicalMessage m = item.message();
        assertNull(m.sentAt());
        assertEquals("0", m.sender());
        assertEquals(List.of("[email protected]"), m.recipients());
        assertEquals(List.of(new Element.Text("Hello from browser")), m.elements());
    }

    @Test
    void commandsMyChatWouldRefuseAreRefusedNamingTheField() {
        assertRefused(Fixtures.json("mychat/seed-browser-line.json").put("Msg", "  \n"), ErrorCategory.EMPTY_MESSAGE,
                "empty");
        assertRefused(Fixtures.json("mychat/seed-browser-line.json").put("UserTo", ""), ErrorCategory.RECIPIENT_UNKNOWN,
                "UserTo");
        assertRefused(Fixtures.json("mychat/seed-browser-line.json").put("cmd", "0008"), ErrorCategory.MALFORMED,
                "cmd");
        // a 0004 into a conference names it by UID
        assertRefused(Fixtures.json("mychat/seed-browser-line.json").put("cmd", "0004"),
                ErrorCategory.RECIPIENT_UNKNOWN, "UID");
        assertRefused(Fixtures.json("mychat/seed-browser-line.json").put("MsgType", "one"), ErrorCategory.MALFORMED,
                "MsgType");
    }

    @Test
    void aConferencesLineIsAMessageIntoIt() {
        List<HistoryItem> items = mychat.readHistory(Fixtures.json("mychat/seed-browser-line.json").put("cmd", "0004")
                .put("UID", 12));
        CanonicalMessage m = items.get(0).message();
        assertEquals(new io.imbridge.canonical.Conversation(io.imbridge.canonical.Conversation.Kind.CHANNEL, "12"),
                m.conversation());
        assertEquals(List.of(), m.recipients());
        assertEquals(List.of(new Element.Text("Hello from browser")), m.elements());
    }

    private void assertRefused(ObjectNode line, ErrorCategory category, String naming) {
        BridgeException e = assertThrows(BridgeException.class, () -> mychat.readHistory(line));
        assertEquals(category, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }

    @Test
    void aMigratedMessageLeadsItsTextWithItsOriginalTimeInUtcOnce() {
        CanonicalMessage seed = mychat.readHistory(Fixtures.json("mychat/seed-browser-line.json")).get(0).message();
        // the Tencent seed's MsgTimeStamp 1557387418 is 2019-05-09 07:36:58 UTC
        CanonicalMessage timed = new CanonicalMessage(seed.schemaVersion(), seed.id(), seed.source(), "alice",
                List.of("bob"), seed.conversation(), 1557387418123L, 5L,
                List.of(new Element.Text("hello"), new Element.Location("Office", 39.908, 116.397)), seed.options(),
                null, seed.vendorFields());
        assertEquals("[2019-05-09 07:36:58 UTC] hello\n[location] Office 39.908,116.397",
                delivered(timed.asHistory(seed.id(), 1)).path("Msg").asText());
        // live, or history without an original time: the text unchanged
        assertEquals("hello\n[location] Office 39.908,116.397", delivered(timed).path("Msg").asText());
        CanonicalMessage untimed = new CanonicalMessage(timed.schemaVersion(), timed.id(), timed.source(), "alice",
                List.of("bob"), timed.conversation(), null, 5L, timed.elements(), timed.options(), null,
                timed.vendorFields());
        assertEquals("hello\n[location] Office 39.908,116.397",
                delivered(untimed.asHistory(seed.id(), 1)).path("Msg").asText());
    }

    @Test
    void aTypedMsgIsNotPrefixed() {
        CanonicalMessage seed = mychat.readHistory(Fixtures.json("mychat/seed-browser-line.json")
                .put("MsgType", 23).put("Msg", "{\"k\":1}")).get(0).message();
        CanonicalMessage timed = new CanonicalMessage(seed.schemaVersion(), seed.id(), seed.source(), "alice",
                List.of("bob"), seed.conversation(), 1557387418123L, 5L, seed.elements(), seed.options(), null,
                seed.vendorFields());
        JsonNode got = delivered(timed.asHistory(seed.id(), 1));
        assertEquals("{\"k\":1}", got.path("Msg").asText());
        assertEquals(23, got.path("MsgType").asInt());
    }

    /** The 0002 command the provider makes for {@code m}, sent to the sandbox as the delivery sends it. */
    private JsonNode delivered(CanonicalMessage m) {
        bridge.clearSandbox("mychat");
        OutboundCall call = mychat.outboundCalls(m, 1).get(0);
        JsonNode reply = json(bridge.get("/sandbox/mychat/API/?" + call.query()));
        assertEquals("0002", reply.path("cmd").asText(), reply.toString());
        JsonNode got = bridge.received("mychat");
        assertEquals(1, got.size());
        return got.get(0).path("request");
    }
}
