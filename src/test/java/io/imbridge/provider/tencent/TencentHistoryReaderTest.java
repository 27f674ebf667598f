package io.imbridge.provider.tencent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

/**
 * The history reader on every line shape, the expected values taken from Tencent's pages: the admin_getroammsg
 * sample reply and MsgList item (trtc.io/document/35478), the importmsg sample (35014), the sendmsg samples (34919;
 * docs/providers.md#tencent-vendor-pages).
 */
class TencentHistoryReaderTest {

    TencentProvider tencent;

    @BeforeEach
    void provider() {
        tencent = new TencentProvider();
        tencent.historyAdmin = "administrator";
    }

    List<HistoryItem> read(String fixture) {
        return tencent.readHistory(Fixtures.json("tencent/" + fixture));
    }

    @Test
    void aWholeGetRoamMsgReplyGivesItsMessagesInTheOrderListed() {
        List<HistoryItem> items = read("admin_getroammsg-seed-reply.json");
        assertEquals(2, items.size(), "MsgCnt says 12, the page lists two (the sample elides the rest)");

        HistoryItem first = items.get(0);
        CanonicalMessage m = first.message();
        assertEquals("tencent", m.source().vendor());
        assertEquals(Map.of("MsgKey", "549396494_2578554_1584669680", "MsgSeq", "549396494", "MsgRandom", "2578554"),
                m.source().ids());
        assertEquals("user1", m.sender());
        assertEquals(List.of("user2"), m.recipients());
        assertEquals(Conversation.DIRECT, m.conversation());
        assertEquals(1584669680_000L, m.sentAt());
        assertEquals(List.of(new Element.Text("msg 1")), m.elements());
        assertNull(m.customData());
        assertEquals("549396494_2578554_1584669680", first.key());
        assertEquals(549396494L, first.sequence());

        HistoryItem second = items.get(1);
        assertEquals("user2", second.message().sender());
        assertEquals(List.of("user1"), second.message().recipients());
        assertEquals(1584669689_000L, second.message().sentAt());
        assertEquals(List.of(new Element.Text("msg 2")), second.message().elements());
        assertEquals("1054803289_7201_1584669689", second.key());
        assertEquals(1054803289L, second.sequence());
    }

    @Test
    void oneMsgListItemIsOneMessageWithItsCloudCustomData() {
        List<HistoryItem> items = read("admin_getroammsg-seed-item.json");
        assertEquals(1, items.size());
        CanonicalMessage m = items.get(0).message();
        assertEquals("user1", m.sender());
        assertEquals(List.of("user2"), m.recipients());
        assertEquals(1584669601_000L, m.sentAt());
        assertEquals(List.of(new Element.Text("msg 13")), m.elements());
        assertEquals("your cloud custom data", m.customData());
        assertEquals("1456_23287_1584669601", items.get(0).key());
        assertEquals(1456L, items.get(0).sequence());
        assertEquals("1456", m.source().ids().get("MsgSeq"));
        assertEquals("23287", m.source().ids().get("MsgRandom"));
    }

    @Test
    void anImportmsgBodyIsKeyedByItsPairSeqRandomAndTimeBothDirectionsAlike() {
        HistoryItem item = read("importmsg-seed-history.json").get(0);
        CanonicalMessage m = item.message();
        assertEquals("lumotuwe1", m.sender());
        assertEquals(List.of("lumotuwe2"), m.recipients());
        assertEquals(1556178721_000L, m.sentAt());
        assertEquals(List.of(new Element.Text("hi, beauty")), m.elements());
        assertEquals("your cloud custom data", m.customData());
        assertEquals(Map.of("MsgSeq", "827092", "MsgRandom", "1287657"), m.source().ids());
        assertEquals("lumotuwe1|lumotuwe2|827092_1287657_1556178721", item.key());
        assertEquals(827092L, item.sequence());

        // Tencent deduplicates the same three with sender and recipient swapped: the same message, the same key
        ObjectNode swapped = Fixtures.json("tencent/importmsg-seed-history.json");
        swapped.put("From_Account", "lumotuwe2").put("To_Account", "lumotuwe1");
        assertEquals(item.key(), tencent.readHistory(swapped).get(0).key());
        assertEquals(item.message().id(), tencent.readHistory(swapped).get(0).message().id(),
                "the same key, the same derived id");

        // the real-time import (5) is read alike
        assertEquals(item.key(), read("importmsg-seed-realtime.json").get(0).key());
    }

    @Test
    void aSendmsgBodyHasNoSeqAndTheSourceAdminSendsWhenItNamesNoSender() {
        HistoryItem sync = read("sendmsg-seed-sync.json").get(0);
        assertEquals("lumotuwe1", sync.message().sender());
        assertEquals(List.of("lumotuwe2"), sync.message().recipients());
        assertEquals(1557387418_000L, sync.message().sentAt());
        assertEquals(Map.of("MsgRandom", "1287657"), sync.message().source().ids());
        assertEquals("lumotuwe1|lumotuwe2|_1287657_1557387418", sync.key());
        assertEquals(0L, sync.sequence());

        HistoryItem admin = read("sendmsg-seed-admin.json").get(0);
        assertEquals("administrator", admin.message().sender());
        assertEquals("administrator|lumotuwe2|_1287657_1557387418", admin.key());

        ObjectNode noTime = Fixtures.json("tencent/sendmsg-seed-sync.json");
        noTime.remove("MsgTimeStamp");
        HistoryItem timeless = tencent.readHistory(noTime).get(0);
        assertNull(timeless.message().sentAt());
        assertEquals("lumotuwe1|lumotuwe2|_1287657_", timeless.key());
    }

    @Test
    void aMessageWithoutMsgRandomOrKeyHasNoKey() {
        assertNull(TencentHistory.pairKey("a", "b", 1L, null, 2L));
    }

    @Test
    void theLinesFileReadsLineByLine() {
        List<HistoryItem> all = new ArrayList<>();
        for (String line : Fixtures.text("tencent/history-lines.jsonl").split("\n")) {
            all.addAll(tencent.readHistory(Json.parseOrNull(line)));
        }
        assertEquals(List.of("549396494_2578554_1584669680", "1054803289_7201_1584669689", "1456_23287_1584669601",
                "lumotuwe1|lumotuwe2|827092_1287657_1556178721", "lumotuwe1|lumotuwe2|_1287657_1557387418",
                "administrator|lumotuwe2|_1287657_1557387418"), all.stream().map(HistoryItem::key).toList());
    }

    /** A line Tencent would refuse: refused with the code Tencent answers, naming the field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "importmsg-seed-history.json|SyncFromOldSystem|3|MALFORMED|20001|SyncFromOldSystem",
            "importmsg-seed-history.json|MsgTimeStamp|\"yesterday\"|MALFORMED|90006|MsgTimeStamp",
            "importmsg-seed-history.json|MsgTimeStamp|null|MALFORMED|90006|MsgTimeStamp",
            "importmsg-seed-history.json|MsgRandom|-1|MALFORMED|90005|MsgRandom",
            "importmsg-seed-history.json|MsgSeq|4294967296|MALFORMED|20001|MsgSeq",
            "importmsg-seed-history.json|From_Account|null|MALFORMED|20001|From_Account",
            "importmsg-seed-history.json|To_Account|7|MALFORMED|90003|To_Account",
            "importmsg-seed-history.json|MsgBody|{}|MALFORMED|90007|MsgBody",
            "importmsg-seed-history.json|MsgBody|[{\"MsgType\":\"TIMMagicElem\",\"MsgContent\":{}}]|UNSUPPORTED|90010|TIMMagicElem",
            "importmsg-seed-history.json|MsgBody|[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"\"}}]|MALFORMED|90002|Text",
            "importmsg-seed-history.json|CloudCustomData|{}|MALFORMED|20001|CloudCustomData",
            "admin_getroammsg-seed-item.json|MsgKey|12|MALFORMED|20001|MsgKey",
            "admin_getroammsg-seed-item.json|MsgTimeStamp|null|MALFORMED|90006|MsgTimeStamp",
            "admin_getroammsg-seed-reply.json|MsgList|{}|MALFORMED|20001|MsgList",
            "admin_getroammsg-seed-reply.json|ErrorCode|90001|MALFORMED|20001|ErrorCode",
            "sendmsg-seed-sync.json|MsgRandom|null|MALFORMED|90005|MsgRandom",
            "sendmsg-seed-sync.json|SyncOtherMachine|3|MALFORMED|90031|SyncOtherMachine"})
    void aLineTencentWouldRefuseIsRefused(String fixture, String field, String value, ErrorCategory category,
                                          int code, String named) {
        ObjectNode line = Fixtures.json("tencent/" + fixture);
        line.set(field, Json.parseOrNull(value));
        BridgeException e = assertThrows(BridgeException.class, () -> tencent.readHistory(line));
        assertEquals(category, e.category(), e.getMessage());
        assertEquals(code, e.vendorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void aLineThatIsNoObjectIsRefused() {
        JsonNode array = Json.parseOrNull("[1]");
        BridgeException e = assertThrows(BridgeException.class, () -> tencent.readHistory(array));
        assertEquals(ErrorCategory.MALFORMED, e.category());
        assertEquals(90001, e.vendorCode());
    }

    @Test
    void theLinesCredentialsAreNotChecked() {
        ObjectNode line = Fixtures.json("tencent/importmsg-seed-history.json");
        line.put("usersig", "not checked").put("sdkappid", "1");
        assertEquals(1, tencent.readHistory(line).size());
    }
}
