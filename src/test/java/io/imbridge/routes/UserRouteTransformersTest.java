package io.imbridge.routes;

import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.TransformerKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conversions are Camel's own, usable by name from a route a user writes ({@code routes-user/user-routes.yaml},
 * loaded beside the bridge's routes): canonical JSON unmarshalled with the {@code canonical} data format and turned
 * into a provider's request by its {@code <provider>:outbound-request} transformer, sent over HTTP to a stand-in; a
 * provider's request made canonical by {@code <provider>:send-request}; a refused one answered by
 * {@code <provider>:error}. Expected values are the vendors' documented examples (docs/providers.md), written here.
 */
class UserRouteTransformersTest {

    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        bridge = RunningBridge.start(Map.of(
                "bridge.user-routes-dir", "src/test/resources/routes-user",
                // the Tencent account the user's route signs with
                "bridge.tencent.sdkappid", "1400000777",
                "bridge.tencent.admin", "user-admin",
                "bridge.tencent.secret-key", "user-secret"));
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    /** The request the stand-in got, as it arrived over HTTP. */
    static Exchange standInReceived() {
        ConsumerTemplate consumer = bridge.context().createConsumerTemplate();
        Exchange got = consumer.receive("seda:user-stand-in", 10_000);
        assertNotNull(got, "the user's route sent nothing to the stand-in");
        return got;
    }

    @Test
    void canonicalJsonBecomesTencentsSendmsgRequest() {
        // Tencent sendmsg's "SyncOtherMachine": 1 example, as canonical JSON; a message that came from Tencent keeps
        // its MsgRandom (part of Tencent's dedup key), so the example's MsgRandom is what the request must carry
        String canonical = """
                {"schemaVersion":1,"id":"01JUSERROUTE00000000000001",
                 "source":{"vendor":"tencent","ids":{"MsgRandom":"1287657"}},
                 "sender":"lumotuwe1","recipients":["lumotuwe2"],"conversation":{"kind":"DIRECT"},
                 "sentAt":1557387418000,"receivedAt":1557387419000,
                 "elements":[{"kind":"text","text":"hi, beauty"}],
                 "options":{"syncToSender":true}}""";
        ProducerTemplate producer = bridge.context().createProducerTemplate();
        producer.sendBody("direct:user-canonical-to-tencent", canonical);

        Exchange got = standInReceived();
        JsonNode request = Json.parseOrNull(got.getMessage().getBody(String.class));
        JsonNode seed = Json.parseOrNull("""
                {"SyncOtherMachine":1,"From_Account":"lumotuwe1","To_Account":"lumotuwe2","MsgRandom":1287657,
                 "MsgTimeStamp":1557387418,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}]}""");
        assertEquals(seed, request);
        String uri = got.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        assertTrue(uri.startsWith("/user-stand-in/tencent/v4/openim/sendmsg?"), uri);
        // the query Tencent's sendmsg page names: the app, the admin, its UserSig, a random, contenttype=json
        String query = got.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        assertTrue(query.contains("sdkappid=1400000777&identifier=user-admin&usersig="), query);
        assertTrue(query.contains("&random=") && query.endsWith("&contenttype=json"), query);
    }

    @Test
    void canonicalJsonBecomesOpenImsSendMsgRequest() {
        // OpenIM send_msg's request example as canonical JSON
        String canonical = """
                {"schemaVersion":1,"id":"01JUSERROUTE00000000000002",
                 "source":{"vendor":"mychat","ids":{}},
                 "sender":"openIMAdmin","recipients":["2839678182"],"conversation":{"kind":"DIRECT"},
                 "receivedAt":1695212630740,
                 "elements":[{"kind":"text","text":"hello!!"}],"customData":"ex"}""";
        bridge.context().createProducerTemplate().sendBody("direct:user-canonical-to-openim", canonical);

        Exchange got = standInReceived();
        JsonNode request = Json.parseOrNull(got.getMessage().getBody(String.class));
        assertEquals("openIMAdmin", request.get("sendID").asText(), request.toString());
        assertEquals("2839678182", request.get("recvID").asText());
        assertEquals("hello!!", request.get("content").get("content").asText());
        assertEquals(101, request.get("contentType").asInt());
        assertEquals(1, request.get("sessionType").asInt());
        assertEquals("ex", request.get("ex").asText());
        // every OpenIM call carries an operationID header (docs/providers.md#openim-api-served: required)
        String operationID = got.getMessage().getHeader("operationID", String.class);
        assertFalse(operationID == null || operationID.isBlank());
    }

    @Test
    void tencentsSendmsgRequestBecomesCanonicalJson() {
        // Tencent sendmsg's example verbatim
        String out = bridge.context().createProducerTemplate().requestBody("direct:user-tencent-to-canonical",
                Fixtures.text("tencent/sendmsg-seed-sync.json"), String.class);
        JsonNode m = Json.parseOrNull(out);
        assertEquals("tencent", m.get("source").get("vendor").asText(), out);
        assertEquals("1287657", m.get("source").get("ids").get("MsgRandom").asText());
        assertEquals("lumotuwe1", m.get("sender").asText());
        assertEquals("lumotuwe2", m.get("recipients").get(0).asText());
        assertEquals(1, m.get("recipients").size());
        assertEquals(1557387418000L, m.get("sentAt").asLong());
        assertEquals("text", m.get("elements").get(0).get("kind").asText());
        assertEquals("hi, beauty", m.get("elements").get(0).get("text").asText());
        assertTrue(m.get("options").get("syncToSender").asBoolean());
    }

    @Test
    void neteasesFormBecomesCanonicalJsonAndARefusedOneItsErrorEnvelope() {
        // NetEase sendMsgToSomeone's example request (a directed chat-room message from zhangsan to acc1 and acc2)
        String out = bridge.context().createProducerTemplate().requestBody("direct:user-netease-to-canonical",
                Fixtures.text("netease/send-seed.form").trim(), String.class);
        JsonNode m = Json.parseOrNull(out);
        assertEquals("zhangsan", m.get("sender").asText(), out);
        assertEquals(Json.parseOrNull("[\"acc1\",\"acc2\"]"), m.get("recipients"));
        assertEquals("This is test msg", m.get("elements").get(0).get("text").asText());

        // without fromAccid: docs/providers.md#netease-error-codes, 414 parameter error
        String refused = bridge.context().createProducerTemplate().requestBody("direct:user-netease-to-canonical",
                "roomid=36&msgType=0&attach=hi&msgId=m-1&toAccids=[\"acc1\"]", String.class);
        assertEquals(414, Json.parseOrNull(refused).get("code").asInt(), refused);
    }

    @Test
    void tencentsAnswerBecomesAReceiptOrItsTypedFailure() {
        ProducerTemplate producer = bridge.context().createProducerTemplate();
        // Tencent sendmsg's "Normal response"
        Object receipt = producer.requestBodyAndHeader("direct:user-tencent-answer", """
                {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1572870301,
                 "MsgKey":"89541_2574206_1572870301"}""", Exchange.HTTP_RESPONSE_CODE, 200);
        DeliveryReceipt r = assertInstanceOf(DeliveryReceipt.class, receipt);
        assertEquals("89541_2574206_1572870301", r.ids().get("MsgKey"));
        assertEquals(1572870301000L, r.sentAt());
        // Tencent sendmsg's "Exceptional response": 90001, a malformed request (docs/providers.md#tencent-error-codes)
        CamelExecutionException refused = assertThrows(CamelExecutionException.class, () ->
                producer.requestBodyAndHeader("direct:user-tencent-answer", """
                        {"ActionStatus":"FAIL","ErrorInfo":"Fail to Parse json data of body, Please check it",
                         "ErrorCode":90001}""", Exchange.HTTP_RESPONSE_CODE, 200));
        BridgeException failure = assertInstanceOf(BridgeException.class, refused.getCause());
        assertEquals(ErrorCategory.MALFORMED, failure.category());
        assertEquals(Integer.valueOf(90001), failure.vendorCode());
    }

    @Test
    void everyProvidersConversionsAreRegisteredByName() {
        for (String provider : new String[] {"mychat", "openim", "tencent", "netease"}) {
            for (String shape : new String[] {"send-request", "send-reply", "error", "outbound-request",
                    "outbound-calls", "outbound-reply"}) {
                String name = provider + ":" + shape;
                assertNotNull(bridge.context().getTransformerRegistry()
                        .resolveTransformer(new TransformerKey(new DataType(name))), name);
            }
        }
        for (String provider : new String[] {"mychat", "openim", "tencent", "netease"}) {
            assertNotNull(bridge.context().getTransformerRegistry()
                    .resolveTransformer(new TransformerKey(new DataType(provider + ":recall-outcome"))), provider);
        }
        for (String provider : new String[] {"openim", "tencent", "netease"}) {
            for (String shape : new String[] {"recall-request", "recall-reply"}) {
                assertNotNull(bridge.context().getTransformerRegistry()
                        .resolveTransformer(new TransformerKey(new DataType(provider + ":" + shape))), shape);
            }
        }
        assertNotNull(bridge.context().resolveDataFormat("canonical"));
    }

    @Test
    void aNetEaseRecallFormBecomesACanonicalRecall() {
        // docs/providers.md#netease-groups-and-recall: msg/recall.action's deleteMsgid, timetag, type 8 (a team), from,
        // to, msg
        Object out = bridge.context().createProducerTemplate().requestBody("direct:user-netease-recall",
                "deleteMsgid=4611&timetag=1700000000123&type=8&from=alice&to=4021&msg=oops");
        JsonNode recall = Json.MAPPER.valueToTree(assertInstanceOf(java.util.List.class, out).get(0));
        assertEquals("recall", recall.get("kind").asText(), recall.toString());
        assertEquals("netease", recall.at("/source/vendor").asText());
        assertEquals("4611", recall.at("/source/ids/msgid").asText());
        assertEquals("alice", recall.get("operator").asText());
        assertEquals("GROUP", recall.at("/conversation/kind").asText());
        assertEquals("4021", recall.at("/conversation/id").asText());
        assertEquals("oops", recall.get("reason").asText());
    }
}
