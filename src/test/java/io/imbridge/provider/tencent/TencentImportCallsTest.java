package io.imbridge.provider.tencent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.OutboundCall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound body of a migrated message: importmsg as trtc.io/document/35014 describes it (SyncFromOldSystem 2 for
 * history, MsgTimeStamp in seconds), with the MsgSeq and MsgRandom Tencent deduplicates on the same in every run.
 */
class TencentImportCallsTest {

    static final long SENT_AT = 1_556_178_721_987L;

    TencentProvider tencent;

    @BeforeEach
    void provider() {
        tencent = new TencentProvider();
        tencent.sdkAppId = 1400000000L;
        tencent.admin = "administrator";
        tencent.secretKey = "test-key";
        tencent.userSigExpire = 3600;
        tencent.historyAdmin = "administrator";
    }

    /** A NetEase message of migrated history: the 3rd of its conversation. */
    static CanonicalMessage fromNetEase(Conversation conversation) {
        CanonicalMessage m = new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, "01TEMP0000000000000000000X",
                new Source("netease", Map.of("msgid", "987654321")), "alice", List.of("bob"), conversation, SENT_AT,
                SENT_AT + 5, List.of(new Element.Text("hello")), new DeliveryOptions(null, 600, true, true, null,
                List.of("ForbidBeforeSendMsgCallback")), "{\"x\":1}", null);
        return m.asHistory(BridgeId.derived(SENT_AT, "netease|987654321"), 3);
    }

    static long first32BitsOfSha256(String text) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
    }

    @Test
    void aHistoryMessageIsImportedAtItsOriginalSecondWithItsPlaceAsMsgSeq() throws Exception {
        CanonicalMessage m = fromNetEase(Conversation.DIRECT);
        List<OutboundCall> calls = tencent.outboundCalls(m, 1);
        assertEquals(1, calls.size());
        OutboundCall call = calls.get(0);
        assertEquals("importmsg", call.headers().get(TencentProvider.API_HEADER));
        assertEquals("bob", call.recipient());
        assertTrue(call.query().matches("sdkappid=1400000000&identifier=administrator&usersig=[^&]+"
                + "&random=\\d+&contenttype=json"), call.query());

        JsonNode body = Json.parseOrNull(call.body());
        assertEquals(2, body.get("SyncFromOldSystem").asInt(), "history import: no push, no unread count");
        assertEquals("alice", body.get("From_Account").asText());
        assertEquals("bob", body.get("To_Account").asText());
        assertEquals(1_556_178_721L, body.get("MsgTimeStamp").asLong(), "seconds");
        assertEquals(3L, body.get("MsgSeq").asLong(), "the place in its conversation");
        assertEquals(first32BitsOfSha256(m.id()), body.get("MsgRandom").asLong());
        assertEquals(Json.parseOrNull("[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hello\"}}]"),
                body.get("MsgBody"));
        assertEquals("{\"x\":1}", body.get("CloudCustomData").asText());
        for (String liveOnly : List.of("MsgLifeTime", "SyncOtherMachine", "ForbidCallbackControl", "OfflinePushInfo")) {
            assertFalse(body.has(liveOnly), liveOnly + " has no meaning for history");
        }
        assertEquals(8, body.size(), body.toString());

        // every run of the migration derives the same id, so the same three dedup fields
        assertEquals(call.body(), tencent.outboundCalls(fromNetEase(Conversation.DIRECT), 2).get(0).body());
    }

    @Test
    void aMessageFromTencentKeepsItsOwnMsgSeqAndMsgRandom() {
        tencent.historyAdmin = "administrator";
        CanonicalMessage read = tencent.readHistory(Fixtures.json("tencent/importmsg-seed-history.json")).get(0)
                .message();
        CanonicalMessage m = read.asHistory(BridgeId.derived(read.sentAt(), "x"), 41);
        JsonNode body = Json.parseOrNull(tencent.outboundCalls(m, 1).get(0).body());
        assertEquals(827092L, body.get("MsgSeq").asLong());
        assertEquals(1287657L, body.get("MsgRandom").asLong());
        assertEquals(1556178721L, body.get("MsgTimeStamp").asLong());
        assertEquals("lumotuwe1", body.get("From_Account").asText());
        assertEquals("lumotuwe2", body.get("To_Account").asText());
        assertEquals("your cloud custom data", body.get("CloudCustomData").asText());
        assertEquals(Fixtures.json("tencent/importmsg-seed-history.json"), body,
                "a Tencent import passes through to Tencent unchanged");
    }

    @Test
    void aSendmsgBodyFromTencentKeepsItsMsgRandomAndTakesItsPlaceAsMsgSeq() {
        CanonicalMessage read = tencent.readHistory(Fixtures.json("tencent/sendmsg-seed-sync.json")).get(0)
                .message();
        JsonNode body = Json.parseOrNull(tencent.outboundCalls(read.asHistory(read.id(), 5), 1).get(0).body());
        assertEquals(5L, body.get("MsgSeq").asLong());
        assertEquals(1287657L, body.get("MsgRandom").asLong());
    }

    /** A group's history (addressed to a Tencent group by the groups file) goes by the group API's import. */
    @Test
    void historyOfAGroupIsImportedByImportGroupMsg() {
        List<OutboundCall> calls = tencent.outboundCalls(fromNetEase(new Conversation(Conversation.Kind.GROUP,
                "@TGS#_36")), 1);
        assertEquals(1, calls.size());
        assertEquals("import_group_msg", calls.get(0).headers().get(TencentProvider.API_HEADER));
    }

    @ParameterizedTest
    @EnumSource(value = Conversation.Kind.class, names = {"CHAT_ROOM", "CHANNEL"})
    void historyOfARoomOrChannelIsUnsupported(Conversation.Kind kind) {
        BridgeException e = assertThrows(BridgeException.class,
                () -> tencent.outboundCalls(fromNetEase(new Conversation(kind, "36")), 1));
        assertEquals(ErrorCategory.UNSUPPORTED, e.category());
        assertTrue(e.getMessage().contains("importmsg is one-to-one"), e.getMessage());
    }

    @Test
    void historyWithoutItsOriginalTimeIsRefused() {
        CanonicalMessage m = fromNetEase(Conversation.DIRECT);
        CanonicalMessage timeless = new CanonicalMessage(m.schemaVersion(), m.id(), m.source(), m.sender(),
                m.recipients(), m.conversation(), null, m.receivedAt(), m.elements(), m.options(), null, null);
        BridgeException e = assertThrows(BridgeException.class, () -> tencent.outboundCalls(timeless, 1));
        assertEquals(ErrorCategory.MALFORMED, e.category());
        assertTrue(e.getMessage().contains("MsgTimeStamp"));
    }

    @Test
    void aPlaceBeyond32BitsIsRefused() {
        CanonicalMessage m = fromNetEase(Conversation.DIRECT);
        assertEquals(ErrorCategory.UNSUPPORTED, assertThrows(BridgeException.class,
                () -> tencent.outboundCalls(m.asHistory(m.id(), 1L << 32), 1)).category());
        assertEquals(0xFFFFFFFFL, Json.parseOrNull(tencent.outboundCalls(m.asHistory(m.id(), 0xFFFFFFFFL), 1).get(0)
                .body()).get("MsgSeq").asLong());
    }

    @Test
    void aLiveMessageIsStillSentBySendmsg() {
        CanonicalMessage live = new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, BridgeId.next(),
                new Source("netease", Map.of()), "alice", List.of("bob"), Conversation.DIRECT, SENT_AT, SENT_AT,
                List.of(new Element.Text("hello")), null, null, null);
        OutboundCall call = tencent.outboundCalls(live, 1).get(0);
        assertEquals("sendmsg", call.headers().get(TencentProvider.API_HEADER));
        JsonNode body = Json.parseOrNull(call.body());
        assertFalse(body.has("SyncFromOldSystem"));
        assertFalse(body.has("MsgSeq"));
        assertEquals(1556178721L, body.get("MsgTimeStamp").asLong());
    }
}
