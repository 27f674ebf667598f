package io.imbridge.provider.openim;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.OutboundCall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a copy at OpenIM is found for its recall: search_msg ({sendID, recvID, sessionType, sendTime as yyyy-MM-dd,
 * pagination}, answered {chatLogs: [{chatLog: {serverMsgID, seq, …}, isRevoked}], chatLogsNum}) then revoke_msg
 * ({conversationID, seq, userID}; conversationID si_ + the two users sorted and joined by _, or sg_ + the group).
 */
class OpenImRecallTest {

    /** The seed's send_msg (openIMAdmin → 2839678182), as delivered, and OpenIM's answer to it. */
    static final CanonicalMessage SEED = OpenImCodecTest.decode(Fixtures.json("openim/send_msg-seed.json"));
    static final DeliveryReceipt RECEIPT = new DeliveryReceipt("openim", "2839678182",
            Map.of("serverMsgID", "4bd7cba3c1f0a4c5e6b1e8e1cbb3f5d1", "clientMsgID", "c1"), 1695212630740L);

    @Test
    void aCopyIsLookedUpBySenderRecipientAndTheUtcDayOfItsSendTime() {
        List<OutboundCall> calls = OpenImRecall.searchCalls(SEED, List.of(RECEIPT));
        assertEquals(1, calls.size());
        JsonNode body = Json.parseOrNull(calls.get(0).body());
        assertEquals("openIMAdmin", body.get("sendID").asText());
        assertEquals("2839678182", body.get("recvID").asText());
        assertEquals(1, body.get("sessionType").asInt());
        // 1695212630740 ms is 2023-09-20 12:23:50 UTC
        assertEquals("2023-09-20", body.get("sendTime").asText());
        assertEquals(1, body.get("pagination").get("pageNumber").asInt());
        assertEquals("search_msg", calls.get(0).headers().get("OpenImApi"));
    }

    @Test
    void thePageHoldingTheCopyLeadsToItsRevokeInItsConversation() {
        OutboundCall search = OpenImRecall.searchCalls(SEED, List.of(RECEIPT)).get(0);
        JsonNode page = Json.parseOrNull("{\"errCode\":0,\"data\":{\"chatLogsNum\":2,\"chatLogs\":["
                + "{\"chatLog\":{\"serverMsgID\":\"other\",\"seq\":3},\"isRevoked\":false},"
                + "{\"chatLog\":{\"serverMsgID\":\"4bd7cba3c1f0a4c5e6b1e8e1cbb3f5d1\",\"seq\":4},\"isRevoked\":false}]}}");
        OutboundCall revoke = OpenImRecall.next(page, search);
        JsonNode body = Json.parseOrNull(revoke.body());
        assertEquals("si_2839678182_openIMAdmin", body.get("conversationID").asText());
        assertEquals(4, body.get("seq").asLong());
        assertEquals("openIMAdmin", body.get("userID").asText());
        assertEquals("revoke_msg", revoke.headers().get("OpenImApi"));
        assertFalse(revoke.headers().containsKey("OpenImLooksFor"));
    }

    @Test
    void aPageWithoutTheCopyLeadsToTheNextWhileMoreRemainThenItIsUnknown() {
        OutboundCall search = OpenImRecall.searchCalls(SEED, List.of(RECEIPT)).get(0);
        JsonNode first = Json.parseOrNull("{\"errCode\":0,\"data\":{\"chatLogsNum\":150,\"chatLogs\":["
                + "{\"chatLog\":{\"serverMsgID\":\"other\",\"seq\":1},\"isRevoked\":false}]}}");
        OutboundCall second = OpenImRecall.next(first, search);
        assertEquals(2, Json.parseOrNull(second.body()).get("pagination").get("pageNumber").asInt());
        assertEquals("search_msg", second.headers().get("OpenImApi"));

        JsonNode last = Json.parseOrNull("{\"errCode\":0,\"data\":{\"chatLogsNum\":150,\"chatLogs\":[]}}");
        BridgeException unknown = assertThrows(BridgeException.class, () -> OpenImRecall.next(last, second));
        assertEquals(ErrorCategory.MESSAGE_UNKNOWN, unknown.category());
        assertTrue(unknown.getMessage().contains("4bd7cba3c1f0a4c5e6b1e8e1cbb3f5d1"), unknown.getMessage());
    }

    @Test
    void aCopyRevokedBeforeCountsAsAlreadyRecalled() {
        OutboundCall search = OpenImRecall.searchCalls(SEED, List.of(RECEIPT)).get(0);
        JsonNode page = Json.parseOrNull("{\"errCode\":0,\"data\":{\"chatLogsNum\":1,\"chatLogs\":["
                + "{\"chatLog\":{\"serverMsgID\":\"4bd7cba3c1f0a4c5e6b1e8e1cbb3f5d1\",\"seq\":4},\"isRevoked\":true}]}}");
        assertEquals(ErrorCategory.ALREADY_RECALLED,
                assertThrows(BridgeException.class, () -> OpenImRecall.next(page, search)).category());
    }

    @Test
    void aGroupsConversationIsSgAndItsGroup() {
        assertEquals("sg_support", OpenImRecall.conversationID(3, "alice", "support"));
        assertEquals("si_alice_bob", OpenImRecall.conversationID(1, "bob", "alice"));
    }
}
