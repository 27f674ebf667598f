package io.imbridge.provider.netease;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetEaseCodecTest {

    static Map<String, String> seedForm() {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : Fixtures.text("netease/send-seed.form").split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    static CanonicalMessage decode(Map<String, String> form) {
        return NetEaseCodec.toCanonical(NetEaseRequests.validateSend(form), "01TESTID000000000000000000", 3L);
    }

    @Test
    void theSeedCurlFormBecomesACanonicalChatRoomMessage() {
        CanonicalMessage m = decode(seedForm());
        assertEquals("zhangsan", m.sender());
        assertEquals(List.of("acc1", "acc2"), m.recipients());
        assertEquals(new Conversation(Conversation.Kind.CHAT_ROOM, "36"), m.conversation());
        assertEquals(List.of(new Element.Text("This is test msg")), m.elements());
        assertEquals("c9e6c306-804f-4ec3-b8f0-573778829419", m.source().ids().get("msgId"));
    }

    @Test
    void theSeedRoundTripsToTheSameFormKeepingItsMsgId() {
        Map<String, String> seed = seedForm();
        List<Map<String, String>> forms = NetEaseCodec.toForms(decode(seed), 36, false);
        assertEquals(List.of(seed), forms.stream().map(LinkedHashMap::new).toList().stream()
                .map(f -> (Map<String, String>) f).toList());
    }

    static Stream<String> msgTypes() {
        List<String> types = new ArrayList<>();
        Fixtures.json("netease/attaches.json").fieldNames().forEachRemaining(types::add);
        return types.stream();
    }

    @ParameterizedTest(name = "msgType {0}")
    @MethodSource("msgTypes")
    void everyMsgTypeRoundTripsLosslessly(String type) {
        JsonNode a = Fixtures.json("netease/attaches.json").get(type);
        Map<String, String> form = seedForm();
        form.put("msgType", type);
        form.put("attach", a.isTextual() ? a.asText() : a.toString());
        CanonicalMessage m = decode(form);
        assertEquals(form, NetEaseCodec.toForms(m, 36, false).get(0));
        // and without the kept raw attach, from the canonical element alone
        Element e = m.elements().get(0);
        String rebuilt = NetEaseCodec.attach(e);
        assertEquals(a.isTextual() ? a.asText() : a, a.isTextual() ? rebuilt : Json.parseOrNull(rebuilt));
    }

    @Test
    void recipientsAreChunkedByHundredAndMsgIdsAreDeterministic() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            many.add("u" + i);
        }
        CanonicalMessage m = decode(seedForm()).withParties("zhangsan", many);
        List<Map<String, String>> forms = NetEaseCodec.toForms(m, 36, true);
        assertEquals(3, forms.size());
        assertEquals(100, Json.parseOrNull(forms.get(0).get("toAccids")).size());
        assertEquals(30, Json.parseOrNull(forms.get(2).get("toAccids")).size());
        assertEquals("1", forms.get(0).get("resendFlag"));
        assertEquals(forms.get(1).get("msgId"), NetEaseCodec.toForms(m, 36, true).get(1).get("msgId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "remove roomid|MALFORMED",
            "roomid=abc|MALFORMED",
            "remove msgId|MALFORMED",
            "remove fromAccid|MALFORMED",
            "toAccids=acc1|MALFORMED",
            "toAccids=[]|MALFORMED",
            "toAccids=[1,2]|MALFORMED",
            "msgType=7|UNSUPPORTED",
            "attach=|EMPTY_MESSAGE",
            "resendFlag=2|MALFORMED",
            "ext=not json|MALFORMED",
            "env=123456789012345678901234567890123|TOO_LARGE"})
    void badFormsAre414(String change, ErrorCategory category) {
        Map<String, String> form = seedForm();
        if (change.startsWith("remove ")) {
            form.remove(change.substring(7));
        } else {
            String[] kv = change.split("=", 2);
            form.put(kv[0], kv[1]);
        }
        BridgeException e = assertThrows(BridgeException.class, () -> NetEaseRequests.validateSend(form));
        assertEquals(414, e.vendorCode());
        assertEquals(category, e.category());
    }

    /** A NUL cannot be kept by the shared store (PostgreSQL text): found by EndpointFuzzTest on PostgreSQL. */
    @ParameterizedTest
    @CsvSource({"msgId", "fromAccid", "toAccids"})
    void idsWithAControlCharacterAre414(String field) {
        Map<String, String> form = seedForm();
        form.put(field, field.equals("toAccids") ? "[\"bo\\u0000b\"]" : "a\u0000b");
        BridgeException e = assertThrows(BridgeException.class, () -> NetEaseRequests.validateSend(form));
        assertEquals(414, e.vendorCode());
        assertEquals(ErrorCategory.MALFORMED, e.category());
    }

    @Test
    void limitsOfTheSeedPage() {
        Map<String, String> form = seedForm();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("u" + i);
        }
        form.put("toAccids", Json.write(many));
        assertEquals(ErrorCategory.TOO_LARGE, assertThrows(BridgeException.class,
                () -> NetEaseRequests.validateSend(form)).category());
        Map<String, String> big = seedForm();
        big.put("attach", "x".repeat(4097));
        assertEquals(414, assertThrows(BridgeException.class, () -> NetEaseRequests.validateSend(big)).vendorCode());
        big.put("attach", "x".repeat(4096));
        NetEaseRequests.validateSend(big);
    }

    /**
     * An attach is the ordinary message API's body JSON (docs/providers.md#netease-message-types): its sizes and
     * dimensions are integers, its names strings. A number past its range is refused, not truncated; a number where a
     * string belongs is refused, not turned into text.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|{\"url\":\"u\",\"w\":4294967297}|attach.w is out of range",
            "3|{\"url\":\"u\",\"h\":-2147483649}|attach.h is out of range",
            "1|{\"url\":\"u\",\"name\":123}|attach.name must be a string",
            "6|{\"url\":7}|attach.url must be a string",
            "2|{\"url\":\"u\",\"size\":1.5}|attach.size must be an integer"})
    void attachFieldsAreReadByTheirTypes(String msgType, String attach, String why) {
        Map<String, String> form = seedForm();
        form.put("msgType", msgType);
        form.put("attach", attach);
        BridgeException e = assertThrows(BridgeException.class, () -> NetEaseRequests.validateSend(form));
        assertEquals(414, e.vendorCode());
        assertEquals(ErrorCategory.MALFORMED, e.category());
        assertEquals(why, e.getMessage());
    }

    @Test
    void checkSumIsLowercaseSha1OfSecretNonceAndCurTime() {
        // printf %s secret11451207708 | sha1sum
        assertEquals("36f6d631e77b8b34918fc08369dafc5d8a273968", NetEaseCheckSum.of("secret", "1", "1451207708"));
    }

    /** A msg/sendMsg form (docs/providers.md#netease-api-served: from, ope, to, type, body; optional ext, option,
     * pushcontent, payload). */
    static Map<String, String> teamForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("from", "zhangsan");
        form.put("ope", "1");
        form.put("to", "4021");
        form.put("type", "0");
        form.put("body", "{\"msg\":\"hello team\"}");
        form.put("option", "{\"push\":false}");
        form.put("pushcontent", "new message");
        return form;
    }

    @Test
    void aTeamsMessageRoundTripsToTheSameTeamForm() {
        CanonicalMessage m = NetEaseCodec.toCanonical(NetEaseRequests.validateMsgSend(teamForm()),
                "01TESTID000000000000000000", 3L);
        assertEquals(new Conversation(Conversation.Kind.GROUP, "4021"), m.conversation());
        assertEquals(List.of(new Element.Text("hello team")), m.elements());
        assertEquals(List.of(teamForm()), NetEaseCodec.toTeamForms(m, "4021"), "lossless to a team");
    }

    @Test
    void fieldsOnlyOneApiTakesAreNotSentToTheOther() {
        // a team's push options are not chat-room fields
        CanonicalMessage fromTeam = NetEaseCodec.toCanonical(NetEaseRequests.validateMsgSend(teamForm()),
                "01TESTID000000000000000000", 3L);
        Map<String, String> room = NetEaseCodec.toForms(fromTeam.inConversation(
                new Conversation(Conversation.Kind.CHAT_ROOM, "36")), 36, false).get(0);
        assertFalse(room.containsKey("option") || room.containsKey("pushcontent"), room.toString());
        // a chat room's resend flag and route are not msg/sendMsg fields
        Map<String, String> seed = seedForm();
        seed.put("resendFlag", "1");
        seed.put("route", "1");
        CanonicalMessage fromRoom = decode(seed);
        Map<String, String> team = NetEaseCodec.toTeamForms(fromRoom.inConversation(
                new Conversation(Conversation.Kind.GROUP, "4021")), "4021").get(0);
        assertFalse(team.containsKey("resendFlag") || team.containsKey("route") || team.containsKey("roomid"),
                team.toString());
        assertEquals("{\"msg\":\"This is test msg\"}", team.get("body"));
    }
}
