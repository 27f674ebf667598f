package io.imbridge.provider.mychat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.provider.PublishedCodes;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MyChatCodecTest {

    static CanonicalMessage decode(ObjectNode request, String key) {
        return MyChatCodec.toCanonical(MyChatRequests.validateSend(request, key), "01TESTID000000000000000000", 42L);
    }

    @Test
    void theSeedBrowserLineBecomesACanonicalTextMessage() {
        CanonicalMessage m = decode(Fixtures.json("mychat/seed-browser-line.json"), "iddqd");
        assertEquals("mychat", m.source().vendor());
        assertEquals("0", m.sender());
        assertEquals(List.of("[email protected]"), m.recipients());
        assertEquals(Conversation.DIRECT, m.conversation());
        assertEquals(List.of(new Element.Text("Hello from browser")), m.elements());
        assertNull(m.sentAt());
        assertEquals(42L, m.effectiveSentAt());
        ObjectNode kept = m.vendorFields("mychat");
        assertEquals("mydata", kept.get("APIStype").asText());
        assertEquals("myfunc", kept.get("context").asText());
        assertEquals(false, kept.has("ServerKey"), "the caller's key is never kept");
    }

    @Test
    void roundTripToMyChatGivesBackTheSameCommandWithTheTargetsKey() {
        ObjectNode seed = Fixtures.json("mychat/seed-browser-line.json");
        CanonicalMessage m = decode(seed, "iddqd");
        ObjectNode back = MyChatCodec.toRequest(m, m.recipients().get(0), "target-key", "ignored");
        ObjectNode expected = seed.deepCopy();
        expected.put("ServerKey", "target-key");
        assertEquals(expected, back);
        assertEquals(true, back.get("UserFrom").isNumber(), "a numeric UserFrom stays a number");
    }

    @Test
    void aNonTextMsgTypeRoundTripsAsACustomElement() {
        ObjectNode req = Fixtures.json("mychat/seed-browser-line.json");
        req.put("MsgType", 23).put("Msg", "{\"file\":\"a.txt\"}");
        CanonicalMessage m = decode(req, "iddqd");
        assertEquals(new Element.Custom("{\"file\":\"a.txt\"}", null, null, null, 23), m.elements().get(0));
        ObjectNode back = MyChatCodec.toRequest(m, m.recipients().get(0), "iddqd", "x");
        assertEquals(req, back);
    }

    @Test
    void elementsMyChatCannotCarryBecomeTextLinesNotNothing() {
        CanonicalMessage m = decode(Fixtures.json("mychat/seed-browser-line.json"), "iddqd").withElements(List.of(
                new Element.Text("look"),
                new Element.Image(null, null, "a.png", null, null, null, List.of(new Element.ImageVariant(
                        Element.ImageVariant.Role.ORIGINAL, "https://cdn/a.png", null, null, null, null, null))),
                new Element.Location("Office", 39.9, 116.4),
                new Element.File("https://cdn/f.pdf", null, null, "f.pdf", null, null, null, null)));
        ObjectNode out = MyChatCodec.toRequest(m, "bob", "k", "x");
        assertEquals("look\n[image] a.png https://cdn/a.png\n[location] Office 39.9,116.4\n[file] f.pdf https://cdn/f.pdf",
                out.get("Msg").asText());
        assertEquals(1, out.get("MsgType").asInt());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"cmd\":\"0002\",\"ServerKey\":\"wrong\",\"UserTo\":\"b\",\"Msg\":\"x\"}|5",
            "{\"cmd\":\"0002\",\"UserTo\":\"b\",\"Msg\":\"x\"}|5",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"\"}|4",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\" \\r\\n \"}|4",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\"}|4",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"Msg\":\"x\"}|3",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":{\"a\":1},\"Msg\":\"x\"}|3",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserFrom\":[1],\"UserTo\":\"b\",\"Msg\":\"x\"}|2",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserFrom\":\"Bob\",\"UserTo\":\"bob\",\"Msg\":\"x\"}|17",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserFrom\":17,\"UserTo\":\"17\",\"Msg\":\"x\"}|17",
            "{\"cmd\":\"0008\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"x\"}|21",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":\"x\",\"MsgType\":\"one\"}|21",
            "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"b\",\"Msg\":42}|21"})
    void badCommandsGetMyChatsOwnErrorNumber(String json, int code) {
        BridgeException e = assertThrows(BridgeException.class,
                () -> MyChatRequests.validateSend(MyChatRequests.parse(json), "iddqd"));
        assertEquals(code, e.vendorCode());
        assertEquals(PublishedCodes.MEANS.get("mychat").get(code), e.category());
    }

    @Test
    void emptyOrNonJsonDataIsRefusedWith67Or21() {
        assertEquals(67, assertThrows(BridgeException.class, () -> MyChatRequests.parse("")).vendorCode());
        assertEquals(67, assertThrows(BridgeException.class, () -> MyChatRequests.parse(null)).vendorCode());
        assertEquals(21, assertThrows(BridgeException.class, () -> MyChatRequests.parse("{\"cmd\":")).vendorCode());
        assertEquals(21, assertThrows(BridgeException.class, () -> MyChatRequests.parse("[1]")).vendorCode());
    }

    @Test
    void queryParameterIsReadExactly() {
        assertEquals("{\"a\":\"b c\"}", MyChatRequests.queryParameter("x=1&data=%7B%22a%22%3A%22b%20c%22%7D", "data"));
        assertNull(MyChatRequests.queryParameter("datax=1", "data"));
        assertEquals("", MyChatRequests.queryParameter("data", "data"));
    }

    @Test
    void queryParameterDecodesAsTheJdksUrlDecoderDoes() {
        String[] values = {"%7B%22cmd%22%3A%220002%22%2C%22Msg%22%3A%22Hello%20from%20browser%22%7D", "a+b%2Bc",
            "plain", "", "%E4%BD%A0%E5%A5%BD", "%e4%bd%a0", "%E4a%BD", "%E4+%BD", "caf\u00e9%21", "%+f", "%0",
            "100%", "%zz", "%%41"};
        for (String v : values) {
            String expected;
            try {
                expected = java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                expected = v; // handed on undecoded, for JSON parsing to refuse
            }
            assertEquals(expected, MyChatRequests.queryParameter("data=" + v, "data"), v);
        }
        assertEquals("{\"a\":\"\u4f60 \u597d\"}", MyChatRequests.queryParameter("data=%7B%22a%22%3A%22%E4%BD%A0+%E5%A5%BD%22%7D", "data"));
    }

    @Test
    void a0004IsAMessageIntoItsConferenceAndGoesBackAsThe0004() {
        ObjectNode req = Json.object().put("cmd", "0004").put("UserFrom", "alice").put("UID", 12L)
                .put("Msg", "hello, conference").put("APIStype", "crm").put("context", "c-1").put("ServerKey", "iddqd");
        CanonicalMessage m = decode(req, "iddqd");
        assertEquals(new Conversation(Conversation.Kind.CHANNEL, "12"), m.conversation());
        assertEquals(List.of(), m.recipients());
        assertEquals(true, m.addressedToGroup());
        assertEquals(List.of(new Element.Text("hello, conference")), m.elements());
        ObjectNode back = MyChatCodec.toChannelRequest(m, 12, "iddqd", "ignored");
        assertEquals(req.deepCopy().put("MsgType", 1), back, "a 0004 passing through to MyChat is the same command"
                + " (a text's MsgType said)");
    }

    @ParameterizedTest(name = "{0} -> error {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"Msg\":\"hi\",\"ServerKey\":\"iddqd\"}|6",
            "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"UID\":\"twelve\",\"Msg\":\"hi\",\"ServerKey\":\"iddqd\"}|21",
            "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"UID\":-3,\"Msg\":\"hi\",\"ServerKey\":\"iddqd\"}|21",
            "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"UID\":12,\"Msg\":\" \",\"ServerKey\":\"iddqd\"}|4",
            "{\"cmd\":\"0004\",\"UserFrom\":\"alice\",\"UID\":12,\"Msg\":\"hi\",\"ServerKey\":\"nope\"}|5",
    })
    void a0004IsCheckedAsMyChatChecksIt(String json, int error) {
        BridgeException e = assertThrows(BridgeException.class,
                () -> MyChatRequests.validateSend(MyChatRequests.parse(json), "iddqd"));
        assertEquals(error, e.vendorCode(), e.getMessage());
    }

    @Test
    void aStringUidAndTheBotAsSenderAreAccepted() {
        CanonicalMessage m = decode(Json.object().put("cmd", "0004").put("UID", "12").put("Msg", "from the bot")
                .put("ServerKey", "iddqd"), "iddqd");
        assertEquals("0", m.sender());
        assertEquals("12", m.conversation().id());
    }
}
