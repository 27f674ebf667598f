package io.imbridge.provider.netease;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.HistoryItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NetEase's history lines (querySessionMsg reply, one msgs item, a sendMsgToSomeone form) read as history items. */
class NetEaseHistoryReaderTest {

    final NetEaseProvider netease = new NetEaseProvider();

    @Test
    void aWholeQuerySessionMsgReplyIsItsMessagesInOrder() {
        List<HistoryItem> items = netease.readHistory(Fixtures.json("netease/querySessionMsg-reply.json"));
        assertEquals(3, items.size());

        HistoryItem text = items.get(0);
        assertEquals("1364", text.key());
        assertEquals(0, text.sequence());
        CanonicalMessage m = text.message();
        assertEquals("netease", m.source().vendor());
        assertEquals(Map.of("msgid", "1364", "msgidclient", "c9e6c306-804f-4ec3-b8f0-573778829419"), m.source().ids());
        assertEquals("zhangsan", m.sender());
        assertEquals(List.of("lisi"), m.recipients());
        assertEquals(Conversation.DIRECT, m.conversation());
        assertEquals(1443599631111L, m.sentAt());
        assertEquals(List.of(new Element.Text("hello")), m.elements());
        assertNull(m.customData());

        HistoryItem image = items.get(1);
        assertEquals("1365", image.key());
        assertEquals("lisi", image.message().sender());
        assertEquals(List.of("zhangsan"), image.message().recipients());
        assertEquals(1443599632222L, image.message().sentAt());
        Element.Image i = (Element.Image) image.message().elements().get(0);
        assertEquals("a.png", i.name());
        assertEquals("https://cdn/a.png", i.variants().get(0).url());
        assertEquals(640, i.variants().get(0).width());
        assertEquals(480, i.variants().get(0).height());
        assertEquals(1024L, i.variants().get(0).size());
        assertEquals(Json.parseOrNull("{\"k\":1}"), Json.parseOrNull(image.message().customData()));

        // a message the bridge migrated into NetEase before: its original time comes back out of ext
        HistoryItem custom = items.get(2);
        assertEquals(1262304000000L, custom.message().sentAt());
        assertEquals(Json.parseOrNull("{\"card\":{\"level\":1}}"),
                Json.parseOrNull(((Element.Custom) custom.message().elements().get(0)).data()));
        assertEquals(Json.parseOrNull("{\"k\":2}"), Json.parseOrNull(custom.message().customData()));
    }

    @Test
    void oneMsgsItemIsOneMessageItsSendtimeAlsoAsAString() {
        List<HistoryItem> items = netease.readHistory(Fixtures.json("netease/querySessionMsg-item.json"));
        assertEquals(1, items.size());
        assertEquals("1367", items.get(0).key());
        assertEquals(1443599639999L, items.get(0).message().sentAt());
        assertEquals(List.of(new Element.Location("Office", 39.908, 116.397)), items.get(0).message().elements());
    }

    @ParameterizedTest
    @ValueSource(strings = {"netease/send-seed-form.json", "netease/send-seed-form-string-toaccids.json"})
    void aSendMsgToSomeoneFormIsTheSeedMessageKeyedByItsMsgIdWithoutATime(String fixture) {
        List<HistoryItem> items = netease.readHistory(Fixtures.json(fixture));
        assertEquals(1, items.size());
        HistoryItem item = items.get(0);
        assertEquals("c9e6c306-804f-4ec3-b8f0-573778829419", item.key());
        assertNull(item.message().sentAt());
        assertEquals("zhangsan", item.message().sender());
        assertEquals(List.of("acc1", "acc2"), item.message().recipients());
        assertEquals(new Conversation(Conversation.Kind.CHAT_ROOM, "36"), item.message().conversation());
        assertEquals(List.of(new Element.Text("This is test msg")), item.message().elements());
    }

    @Test
    void theSameLineGivesTheSameBridgeIdInEveryRun() {
        assertEquals(netease.readHistory(Fixtures.json("netease/querySessionMsg-item.json")).get(0).message().id(),
                netease.readHistory(Fixtures.json("netease/querySessionMsg-item.json")).get(0).message().id());
    }

    @Test
    void aNotificationCannotBeMigrated() {
        BridgeException e = assertThrows(BridgeException.class,
                () -> netease.readHistory(Fixtures.json("netease/querySessionMsg-item-notification.json")));
        assertEquals(ErrorCategory.UNSUPPORTED, e.category());
        assertTrue(e.getMessage().contains("type 5"), e.getMessage());
    }

    @Test
    void linesNetEaseWouldRefuseAreRefusedNamingTheField() {
        var item = Fixtures.json("netease/querySessionMsg-item.json");
        item.remove("from");
        assertRefused(item.toString(), ErrorCategory.MALFORMED, "from");

        var image = Fixtures.json("netease/querySessionMsg-item.json").put("type", 1);
        image.putObject("body").put("w", "wide");
        assertRefused(image.toString(), ErrorCategory.MALFORMED, "body.w");

        var form = Fixtures.json("netease/send-seed-form.json");
        form.remove("roomid");
        assertRefused(form.toString(), ErrorCategory.MALFORMED, "roomid");

        assertRefused(Fixtures.json("netease/send-seed-form.json").put("attach", " ").toString(),
                ErrorCategory.EMPTY_MESSAGE, "attach");
        assertRefused("{\"code\":414,\"desc\":\"bad time\",\"msgs\":[]}", ErrorCategory.MALFORMED, "414");
        assertRefused("{\"hello\":1}", ErrorCategory.MALFORMED, "msgs");
        assertRefused("[1]", ErrorCategory.MALFORMED, "JSON object");
    }

    private void assertRefused(String line, ErrorCategory category, String naming) {
        BridgeException e = assertThrows(BridgeException.class, () -> netease.readHistory(Json.parseOrNull(line)));
        assertEquals(category, e.category(), e.getMessage());
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }
}
