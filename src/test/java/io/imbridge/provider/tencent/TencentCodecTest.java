package io.imbridge.provider.tencent;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryOptions;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TencentCodecTest {

    static CanonicalMessage decode(ObjectNode body) {
        TencentRequests.validateSendMsg(body);
        return TencentCodec.fromSendMsg(body, "administrator", "01TESTID000000000000000000", 7L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sendmsg-seed-admin.json", "sendmsg-seed-forbid-callbacks.json",
            "sendmsg-seed-offline-push.json", "sendmsg-seed-sync.json"})
    void everySeedSampleRoundTripsToAnEqualBody(String file) {
        ObjectNode seed = Fixtures.json("tencent/" + file);
        CanonicalMessage m = decode(seed);
        ObjectNode back = TencentCodec.toSendMsg(m, m.recipients().get(0), seed.get("MsgRandom").asLong(), "administrator");
        assertEquals(seed, back);
    }

    @Test
    void theSeedOfflinePushSampleIsReadIntoCanonicalOptions() {
        CanonicalMessage m = decode(Fixtures.json("tencent/sendmsg-seed-offline-push.json"));
        assertEquals("lumotuwe1", m.sender());
        assertEquals(List.of("lumotuwe2"), m.recipients());
        assertEquals(1557387418000L, m.sentAt());
        assertEquals(List.of(new Element.Text("hi, beauty")), m.elements());
        assertEquals(new DeliveryOptions(null, 3600, false, true, new DeliveryOptions.OfflinePush("apns title",
                "The content that is pushed offline", "The passthrough content", "apns.mp3", false, "apns subtitle",
                "www.image.com", "android.mp3"), null), m.options());
        assertEquals("1287657", m.source().ids().get("MsgRandom"));
    }

    @Test
    void theAdminIsTheSenderWhenTheBodyNamesNone() {
        CanonicalMessage m = decode(Fixtures.json("tencent/sendmsg-seed-admin.json"));
        assertEquals("administrator", m.sender());
        assertEquals(List.of("ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"),
                decode(Fixtures.json("tencent/sendmsg-seed-forbid-callbacks.json")).options().forbidCallbacks());
    }

    @Test
    void theSeedCallbackBecomesACanonicalMessage() {
        ObjectNode cb = Fixtures.json("tencent/callback-seed.json");
        CanonicalMessage m = TencentCodec.fromCallback(TencentRequests.validateCallback(cb), "01TESTID000000000000000000", 1L);
        assertEquals("jared", m.sender());
        assertEquals(List.of("John"), m.recipients());
        assertEquals("48374_2837546_1557481126", m.source().ids().get("MsgKey"));
        assertEquals(1557481126000L, m.sentAt());
        assertEquals(true, m.options().onlineOnly());
        assertEquals("your cloud custom data", m.customData());
        assertEquals(List.of(new Element.Text("red packet")), m.elements());
    }

    @Test
    void theSeedModifiedReplysMsgBodyReadsAsTextAndCustom() {
        ObjectNode reply = Fixtures.json("tencent/callback-seed-modified-reply.json");
        assertEquals(List.of(new Element.Text("red packet"),
                new Element.Custom(" LV1", " CustomElement.MemberLevel ", null, null, null)),
                TencentCodec.elements(reply.get("MsgBody")));
    }

    static Stream<String> elementTypes() {
        List<String> types = new ArrayList<>();
        Fixtures.json("tencent/elements.json").fieldNames().forEachRemaining(types::add);
        return types.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementTypes")
    void everyElementTypeRoundTripsLosslessly(String type) {
        ArrayNode body = Json.MAPPER.createArrayNode();
        body.addObject().put("MsgType", type).set("MsgContent", Fixtures.json("tencent/elements.json").get(type));
        List<Element> elements = TencentCodec.elements(body);
        assertEquals(body, TencentCodec.msgBody(elements));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "remove To_Account|90003",
            "To_Account=5|90003",
            "remove MsgRandom|90005",
            "MsgRandom=\"x\"|90005",
            "MsgRandom=-1|90005",
            "MsgTimeStamp=\"now\"|90006",
            "remove MsgBody|90002",
            "MsgBody={}|90007",
            "MsgBody=[]|90002",
            "MsgBody=[{\"MsgType\":\"TIMTextElem\"}]|90010",
            "MsgBody=[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"\"}}]|90002",
            "MsgBody=[{\"MsgType\":\"TIMMagicElem\",\"MsgContent\":{}}]|90010",
            "MsgBody=[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":7}}]|90010",
            "SyncOtherMachine=\"1\"|90031",
            "SyncOtherMachine=3|90031",
            "MsgLifeTime=\"60\"|90044",
            "MsgLifeTime=-1|90026",
            "From_Account=12|60015",
            "ForbidCallbackControl=\"x\"|20001",
            "CloudCustomData={}|20001"})
    void badBodiesGetTencentsFieldCodes(String change, int code) {
        ObjectNode body = Fixtures.json("tencent/sendmsg-seed-sync.json");
        if (change.startsWith("remove ")) {
            body.remove(change.substring(7));
        } else {
            String[] kv = change.split("=", 2);
            body.set(kv[0], Json.parseOrNull(kv[1]));
        }
        BridgeException e = assertThrows(BridgeException.class, () -> TencentRequests.validateSendMsg(body));
        assertEquals(code, e.vendorCode());
    }

    @Test
    void aLifetimeOverSevenDaysIsAcceptedAsTheSeedSays() {
        ObjectNode body = Fixtures.json("tencent/sendmsg-seed-sync.json");
        body.put("MsgLifeTime", 9_999_999);
        TencentRequests.validateSendMsg(body);
        assertEquals(9_999_999, decode(body).options().lifetimeSeconds());
    }

    @Test
    void theWebhookSignIsSha256OfTokenAndTime() {
        // printf %s tok1700000000 | sha256sum
        assertEquals("1f4112aa726e20f097d526ff82863c835ad47a6a34dc4ca14240702535c75dbc",
                TencentRequests.callbackSign("tok", "1700000000"));
    }

    @Test
    void aGroupWebhooksEventFactsAreNotSentOnToAnotherGroup() {
        ObjectNode cb = (ObjectNode) Json.parseOrNull("{\"CallbackCommand\":\"Group.CallbackBeforeSendMsg\","
                + "\"GroupId\":\"@TGS#_a\",\"Type\":\"Community\",\"From_Account\":\"alice\","
                + "\"Operator_Account\":\"alice\",\"Random\":7,\"TopicId\":\"@TGS#_a@TOPIC#_x\","
                + "\"EventTime\":1670574414123,\"MsgBody\":[{\"MsgType\":\"TIMTextElem\","
                + "\"MsgContent\":{\"Text\":\"hi\"}}]}");
        CanonicalMessage m = TencentCodec.fromGroupCallback(TencentRequests.validateGroupCallback(cb),
                "01TESTID000000000000000000", 1L);
        ObjectNode sent = TencentCodec.toSendGroupMsg(m, "@TGS#_b", 9, "administrator");
        java.util.Set<String> fields = new java.util.TreeSet<>();
        sent.fieldNames().forEachRemaining(fields::add);
        assertEquals(new java.util.TreeSet<>(List.of("ForbidCallbackControl", "From_Account", "GroupId", "MsgBody",
                "Random")), fields, sent.toString());
    }
}
