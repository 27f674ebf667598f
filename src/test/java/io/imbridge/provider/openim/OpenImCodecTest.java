package io.imbridge.provider.openim;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenImCodecTest {

    static CanonicalMessage decode(ObjectNode body) {
        return OpenImCodec.toCanonical(OpenImRequests.validateSend(body, "op-1"), "01TESTID000000000000000000", 5L);
    }

    @Test
    void theSeedRequestBecomesACanonicalMessageWithEveryFieldCarried() {
        CanonicalMessage m = decode(Fixtures.json("openim/send_msg-seed.json"));
        assertEquals("openim", m.source().vendor());
        assertEquals("op-1", m.source().ids().get("operationID"));
        assertEquals("openIMAdmin", m.sender());
        assertEquals(List.of("2839678182"), m.recipients());
        assertEquals(Conversation.DIRECT, m.conversation());
        assertEquals(List.of(new Element.Text("hello!!")), m.elements());
        assertEquals(1695212630740L, m.sentAt());
        assertEquals(new DeliveryOptions(false, null, null, true,
                new DeliveryOptions.OfflinePush("send message", "", "", "default", true, null, null, null), null),
                m.options());
        assertEquals("ex", m.customData());
    }

    @Test
    void theSeedRoundTripsToAnEqualSendMsgBody() {
        ObjectNode seed = Fixtures.json("openim/send_msg-seed.json");
        CanonicalMessage m = decode(seed);
        List<ObjectNode> back = OpenImCodec.toRequests(m, m.recipients().get(0));
        assertEquals(List.of(seed), back);
    }

    static Stream<String> contentTypes() {
        List<String> types = new java.util.ArrayList<>();
        Fixtures.json("openim/contents.json").fieldNames().forEachRemaining(types::add);
        return types.stream();
    }

    @ParameterizedTest(name = "contentType {0}")
    @MethodSource("contentTypes")
    void everyContentTypeRoundTripsLosslessly(String type) {
        ObjectNode body = Fixtures.json("openim/send_msg-seed.json");
        body.put("contentType", Integer.parseInt(type));
        body.set("content", Fixtures.json("openim/contents.json").get(type));
        CanonicalMessage m = decode(body);
        assertEquals(List.of(body), OpenImCodec.toRequests(m, "2839678182"));
        // and without the kept raw content, from the canonical element alone
        CanonicalMessage fromElsewhere = new CanonicalMessage(1, m.id(), m.source(), m.sender(), m.recipients(),
                m.conversation(), m.sentAt(), m.receivedAt(), m.elements(), m.options(), m.customData(), null);
        assertEquals(body.get("content"), OpenImCodec.toRequests(fromElsewhere, "2839678182").get(0).get("content"));
    }

    @Test
    void aGroupMessageAddressesTheGroupAndSeveralElementsBecomeSeveralMessages() {
        ObjectNode body = Fixtures.json("openim/send_msg-seed.json");
        body.remove("recvID");
        body.put("groupID", "g1").put("sessionType", 3);
        CanonicalMessage m = decode(body);
        assertEquals(new Conversation(Conversation.Kind.GROUP, "g1"), m.conversation());
        CanonicalMessage two = m.withElements(List.of(new Element.Text("a"), new Element.Face(1, "x")));
        List<ObjectNode> out = OpenImCodec.toRequests(two, null);
        assertEquals(2, out.size());
        assertEquals("g1", out.get(1).get("groupID").asText());
        assertEquals(115, out.get(1).get("contentType").asInt());
        assertEquals(false, out.get(0).has("recvID"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "remove sendID|MALFORMED",
            "remove recvID|MALFORMED",
            "sessionType=9|MALFORMED",
            "contentType=\"101\"|MALFORMED",
            "content=\"hi\"|MALFORMED",
            "content={\"content\":\"   \"}|EMPTY_MESSAGE",
            "content={\"content\":5}|MALFORMED",
            "contentType=114|UNSUPPORTED",
            "isOnlineOnly=\"no\"|MALFORMED",
            "sendTime=-5|MALFORMED",
            "ex={\"a\":1}|MALFORMED",
            "contentType=109|MALFORMED"})
    void badBodiesAreArgsErrors(String change, ErrorCategory category) {
        ObjectNode body = Fixtures.json("openim/send_msg-seed.json");
        if (change.startsWith("remove ")) {
            body.remove(change.substring(7));
        } else {
            String[] kv = change.split("=", 2);
            body.set(kv[0], Json.parseOrNull(kv[1]));
        }
        BridgeException e = assertThrows(BridgeException.class, () -> OpenImRequests.validateSend(body, "op"));
        assertEquals(1001, e.vendorCode());
        assertEquals(category, e.category());
    }

    @Test
    void theAdminTokenRequestChecksSecretAndAdminIds() {
        ObjectNode ok = (ObjectNode) Json.parseOrNull("{\"secret\":\"s3\",\"userID\":\"imAdmin\"}");
        assertEquals("imAdmin", OpenImRequests.adminTokenRequest(ok, "s3", java.util.Set.of("imAdmin")));
        assertEquals(1002, assertThrows(BridgeException.class,
                () -> OpenImRequests.adminTokenRequest(ok, "other", java.util.Set.of())).vendorCode());
        assertEquals(1001, assertThrows(BridgeException.class,
                () -> OpenImRequests.adminTokenRequest(ok, "s3", java.util.Set.of("root"))).vendorCode());
    }
}
