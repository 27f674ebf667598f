package io.imbridge.provider.tencent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
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
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Source;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryItem;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tencent side of a history migration over real HTTP into the Tencent sandbox: importmsg (the delivery of a
 * migrated message, and the sandbox's checks and dedup), admin_getroammsg paged through the HistoryApi.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TencentHistorySandboxTest {

    /** The sandbox's own credentials (application.properties, bridge.sandbox.tencent.*). */
    static final long APP = 1400000000L;
    static final String ADMIN = "administrator";
    static final String KEY = "sandbox-tencent-key";
    static final long T = 1_700_000_000L;

    static final HttpClient HTTP = HttpClient.newHttpClient();

    RunningBridge bridge;
    TencentProvider tencent;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start();
        tencent = bridge.context().getRegistry().lookupByNameAndType(TencentProvider.NAME, TencentProvider.class);
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("tencent");
    }

    HttpResponse<String> sandbox(String command, String body) {
        return sandbox(command, body, KEY);
    }

    HttpResponse<String> sandbox(String command, String body, String key) {
        String sig = TencentUserSig.sign(key, APP, ADMIN, System.currentTimeMillis() / 1000, 3600);
        return bridge.post("/sandbox/tencent/v4/openim/" + command + "?" + RunningBridge.tencentQuery(APP, ADMIN, sig),
                body, "Content-Type", "application/json");
    }

    static ObjectNode importBody(String from, String to, long seq, long random, long time, String text) {
        ObjectNode b = Fixtures.json("tencent/importmsg-seed-history.json");
        b.put("From_Account", from).put("To_Account", to).put("MsgSeq", seq).put("MsgRandom", random)
                .put("MsgTimeStamp", time);
        ((ObjectNode) b.get("MsgBody").get(0).get("MsgContent")).put("Text", text);
        return b;
    }

    void assertOk(HttpResponse<String> r) {
        assertEquals(200, r.statusCode());
        JsonNode reply = json(r);
        assertEquals("OK", reply.get("ActionStatus").asText(), r.body());
        assertEquals(0, reply.get("ErrorCode").asInt());
    }

    // ---- importmsg ---------------------------------------------------------------------------------------------

    @Test
    void theSeedImportIsKeptOnceWhateverItsRepeatsAndDirection() {
        String seed = Fixtures.text("tencent/importmsg-seed-history.json");
        assertOk(sandbox("importmsg", seed));
        assertOk(sandbox("importmsg", seed));
        ObjectNode swapped = Fixtures.json("tencent/importmsg-seed-history.json");
        swapped.put("From_Account", "lumotuwe2").put("To_Account", "lumotuwe1");
        ((ObjectNode) swapped.get("MsgBody").get(0).get("MsgContent")).put("Text", "other content, same message");
        assertOk(sandbox("importmsg", swapped.toString()));

        JsonNode held = bridge.received("tencent");
        assertEquals(1, held.size(), "duplicates are answered OK and not kept again");
        assertEquals("importmsg", held.get(0).get("api").asText());
        assertEquals(Fixtures.json("tencent/importmsg-seed-history.json"), held.get(0).get("request"));

        // another MsgRandom is another message
        ObjectNode other = Fixtures.json("tencent/importmsg-seed-history.json").put("MsgRandom", 1287658);
        assertOk(sandbox("importmsg", other.toString()));
        assertEquals(2, bridge.received("tencent").size());

        // both sides see it, as admin_getroammsg lists it
        for (String[] side : new String[][]{{"lumotuwe1", "lumotuwe2"}, {"lumotuwe2", "lumotuwe1"}}) {
            JsonNode page = json(sandbox("admin_getroammsg", roam(side[0], side[1], 100, 1556178721, 1556178721,
                    null)));
            assertEquals(1, page.get("Complete").asInt());
            assertEquals(2, page.get("MsgCnt").asInt());
            JsonNode item = page.get("MsgList").get(1);
            assertEquals("lumotuwe1", item.get("From_Account").asText());
            assertEquals("lumotuwe2", item.get("To_Account").asText());
            assertEquals(827092L, item.get("MsgSeq").asLong());
            assertEquals(1287657L, item.get("MsgRandom").asLong());
            assertEquals(1556178721L, item.get("MsgTimeStamp").asLong());
            assertEquals(0, item.get("MsgFlagBits").asInt());
            assertEquals("827092_1287657_1556178721", item.get("MsgKey").asText());
            assertEquals("hi, beauty", item.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
            assertEquals("your cloud custom data", item.get("CloudCustomData").asText());
        }
    }

    @Test
    void importmsgIsCheckedAsTencentChecksIt() {
        Map<String, Integer> refused = Map.of(
                "{\"SyncFromOldSystem\":3}", 20001,
                "{\"SyncFromOldSystem\":\"2\"}", 20001,
                "{\"MsgTimeStamp\":null}", 90006,
                "{\"MsgTimeStamp\":1.5}", 90006,
                "{\"MsgRandom\":\"1\"}", 90005,
                "{\"MsgSeq\":-2}", 20001,
                "{\"MsgBody\":{}}", 90007,
                "{\"To_Account\":null}", 90003,
                "{\"From_Account\":null}", 20001);
        refused.forEach((change, code) -> {
            ObjectNode body = Fixtures.json("tencent/importmsg-seed-history.json");
            body.setAll((ObjectNode) Json.parseOrNull(change));
            JsonNode reply = json(sandbox("importmsg", body.toString()));
            assertEquals("FAIL", reply.get("ActionStatus").asText(), change);
            assertEquals(code, reply.get("ErrorCode").asInt(), change + " -> " + reply);
        });
        for (int sync : new int[]{1, 5}) {
            assertOk(sandbox("importmsg", Fixtures.json("tencent/importmsg-seed-history.json")
                    .put("SyncFromOldSystem", sync).put("MsgRandom", sync).toString()));
        }
        assertEquals(90001, json(sandbox("importmsg", "{oops")).get("ErrorCode").asInt());
        assertEquals(70009, json(sandbox("importmsg", Fixtures.text("tencent/importmsg-seed-history.json"), "guess"))
                .get("ErrorCode").asInt(), "the same credential checks as sendmsg");
        assertEquals(2, bridge.received("tencent").size());
    }

    @Test
    void aMigratedMessageIsDeliveredByImportmsgOnceInEveryRunAndDirection() {
        CanonicalMessage m = migrated("alice", "bob", 1);
        DeliveryReport report = deliver(m);
        assertEquals(1, report.receipts().size());
        DeliveryReceipt receipt = report.receipts().get(0);
        JsonNode held = bridge.received("tencent");
        assertEquals(1, held.size());
        assertEquals("importmsg", held.get(0).get("api").asText());
        JsonNode sent = held.get(0).get("request");
        assertEquals(2, sent.get("SyncFromOldSystem").asInt());
        assertEquals("alice", sent.get("From_Account").asText());
        assertEquals("bob", sent.get("To_Account").asText());
        assertEquals(1L, sent.get("MsgSeq").asLong());
        assertEquals(T, sent.get("MsgTimeStamp").asLong());
        assertEquals("hello 1", sent.get("MsgBody").get(0).get("MsgContent").get("Text").asText());
        assertEquals("1_" + sent.get("MsgRandom").asLong() + "_" + T, receipt.ids().get("MsgKey"));
        assertEquals(T * 1000, receipt.sentAt());

        // a second run of the migration: the same id, the same import, kept once; so too the other way round
        deliver(migrated("alice", "bob", 1));
        deliver(migrated("bob", "alice", 1));
        assertEquals(1, bridge.received("tencent").size());

        // a Tencent group's own history (no groups file needed to address it at Tencent): not by importmsg, which is
        // one-to-one, but by the group API's import_group_msg (GroupHistoryTest)
        CanonicalMessage group = new CanonicalMessage(m.schemaVersion(), m.id(),
                new Source("tencent", Map.of()), m.sender(), List.of(),
                new Conversation(Conversation.Kind.GROUP, "g1"), m.sentAt(), m.receivedAt(),
                m.elements(), m.options(), null, null);
        assertNull(send(group).getException());
        JsonNode got = bridge.received("tencent");
        assertEquals(2, got.size());
        assertEquals("import_group_msg", got.get(1).get("api").asText());
    }

    /** A message of another provider's history, at {@code place} in its conversation (its id derived from its key). */
    static CanonicalMessage migrated(String from, String to, long place) {
        CanonicalMessage m = new CanonicalMessage(CanonicalMessage.SCHEMA_VERSION, BridgeId.next(),
                new Source("netease", Map.of("msgid", "m" + place)), from, List.of(to), Conversation.DIRECT,
                T * 1000 + 250, System.currentTimeMillis(), List.of(new Element.Text("hello " + place)), null, null,
                null);
        return m.asHistory(BridgeId.derived(m.sentAt(), "netease|m" + place), place);
    }

    /** What the migration core does: the message delivered through the Tencent delivery route. */
    Exchange send(CanonicalMessage m) {
        return bridge.deliverOnce(TencentProvider.NAME, m);
    }

    DeliveryReport deliver(CanonicalMessage m) {
        Exchange done = send(m);
        if (done.getException() != null) {
            throw new AssertionError(done.getException());
        }
        return done.getMessage().getBody(DeliveryReport.class);
    }

    // ---- admin_getroammsg --------------------------------------------------------------------------------------

    static String roam(String operator, String peer, int max, long min, long maxTime, String lastKey) {
        return new TencentHistory.RoamRequest(operator, peer, max, min, maxTime, lastKey).body().toString();
    }

    @Test
    void pagingThroughTheHistoryApiGivesEveryMessageOnceNewestFirst() {
        Set<String> expected = new HashSet<>();
        // 300 imports of alice and bob, both directions: 171 of them in one second (their MsgSeq repeating, so
        // MsgRandom orders them too), the others a second apart
        for (int i = 0; i < 300; i++) {
            boolean busy = i % 16 < 9;
            long time = busy ? T + 50 : T + i;
            long seq = busy ? i % 5 : i;
            long random = 1000 + (i * 7919L) % 100_000;
            String[] pair = i % 2 == 0 ? new String[]{"alice", "bob"} : new String[]{"bob", "alice"};
            assertOk(sandbox("importmsg", importBody(pair[0], pair[1], seq, random, time, "m" + i).toString()));
            expected.add(TencentHistory.msgKey(seq, random, time));
        }
        // two sent ones in the busy second: listed at the MsgSeq and MsgKey sendmsg answered
        for (int i = 0; i < 2; i++) {
            ObjectNode send = Fixtures.json("tencent/sendmsg-seed-sync.json");
            send.put("From_Account", "bob").put("To_Account", "alice").put("MsgTimeStamp", T + 50)
                    .put("MsgRandom", 77 + i);
            JsonNode reply = json(sandbox("sendmsg", send.toString()));
            assertEquals(T + 50, reply.get("MsgTime").asLong());
            expected.add(reply.get("MsgKey").asText());
        }
        // neither another pair's nor a message before the window
        assertOk(sandbox("importmsg", importBody("alice", "carol", 1, 1, T + 50, "not theirs").toString()));
        assertOk(sandbox("importmsg", importBody("alice", "bob", 1, 1, T - 1, "too early").toString()));
        assertEquals(302, expected.size());

        HistoryApi.Source source = new HistoryApi.Source(bridge.base + "/sandbox/tencent",
                Map.of("sdkappid", Long.toString(APP), "admin", ADMIN, "secret-key", KEY));
        HistoryApi.Cursor cursor = new HistoryApi.Cursor("alice", "bob", T * 1000, Long.MAX_VALUE, null);
        List<HistoryItem> all = new ArrayList<>();
        int pages = 0;
        while (cursor != null) {
            HistoryApi.Page page = page(source, cursor);
            assertTrue(page.items().size() <= TencentHistory.MAX_PAGE_COUNT);
            all.addAll(page.items());
            cursor = page.next();
            pages++;
        }
        assertTrue(pages >= 4, "13 KB pages: " + pages);
        List<String> keys = all.stream().map(HistoryItem::key).toList();
        assertEquals(302, keys.size(), "none repeated");
        assertEquals(expected, new HashSet<>(keys), "none skipped");
        for (int i = 1; i < all.size(); i++) {
            CanonicalMessage newer = all.get(i - 1).message();
            CanonicalMessage older = all.get(i).message();
            assertTrue(newer.sentAt() > older.sentAt() || newer.sentAt().equals(older.sentAt())
                    && (all.get(i - 1).sequence() > all.get(i).sequence() || all.get(i - 1).sequence()
                    == all.get(i).sequence() && Long.parseLong(newer.source().ids().get("MsgRandom"))
                    > Long.parseLong(older.source().ids().get("MsgRandom"))), "newest first at " + i);
        }
        assertEquals((T + 299) * 1000, all.get(0).message().sentAt(), "the newest: the 300th, a second of its own");

        // a window that ends before the busy second holds none of it
        HistoryApi.Page early = page(source, new HistoryApi.Cursor("bob", "alice", T * 1000, (T + 50) * 1000, null));
        assertTrue(early.items().stream().allMatch(h -> h.message().sentAt() < (T + 50) * 1000));
        assertEquals(expected.stream().filter(k -> Long.parseLong(k.split("_")[2]) < T + 50).count(),
                early.items().size());
        assertNull(early.next());
    }

    @Test
    void aPageStopsAtMaxCntAndContinuesFromItsLastMsgKey() {
        for (int i = 0; i < 5; i++) {
            assertOk(sandbox("importmsg", importBody("alice", "bob", i, 9, T, "m" + i).toString()));
        }
        JsonNode first = json(sandbox("admin_getroammsg", roam("bob", "alice", 3, T, T, null)));
        assertEquals(0, first.get("Complete").asInt());
        assertEquals(3, first.get("MsgCnt").asInt());
        assertEquals(T, first.get("LastMsgTime").asLong());
        assertEquals("2_9_" + T, first.get("LastMsgKey").asText());
        assertEquals(List.of(4L, 3L, 2L), seqs(first));
        JsonNode rest = json(sandbox("admin_getroammsg", roam("bob", "alice", 3, T, first.get("LastMsgTime").asLong(),
                first.get("LastMsgKey").asText())));
        assertEquals(1, rest.get("Complete").asInt());
        assertEquals(List.of(1L, 0L), seqs(rest));
        assertEquals("0_9_" + T, rest.get("LastMsgKey").asText());

        // the page's sample request, and its parameters out of range (70402)
        assertOk(sandbox("admin_getroammsg", Fixtures.text("tencent/admin_getroammsg-seed-request.json")));
        for (String change : List.of("{\"MaxCnt\":101}", "{\"MaxCnt\":0}", "{\"MinTime\":1584673201}",
                "{\"Peer_Account\":null}", "{\"LastMsgKey\":\"not-a-key\"}")) {
            ObjectNode body = Fixtures.json("tencent/admin_getroammsg-seed-request.json");
            body.setAll((ObjectNode) Json.parseOrNull(change));
            assertEquals(70402, json(sandbox("admin_getroammsg", body.toString())).get("ErrorCode").asInt(), change);
        }
    }

    static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("MsgList").forEach(i -> out.add(i.get("MsgSeq").asLong()));
        return out;
    }

    @Test
    void theHistoryApisFailuresAreTyped() {
        HistoryApi.Cursor cursor = new HistoryApi.Cursor("alice", "bob", 0, Long.MAX_VALUE, null);
        HistoryApi.Source wrongKey = new HistoryApi.Source(bridge.base + "/sandbox/tencent",
                Map.of("sdkappid", Long.toString(APP), "admin", ADMIN, "secret-key", "guess"));
        BridgeException refused = assertThrows(BridgeException.class, () -> page(wrongKey, cursor));
        assertEquals(ErrorCategory.BRIDGE_CONFIG, refused.category(), "the source's credentials are configuration");
        assertEquals(70009, refused.vendorCode());

        HistoryApi.Source source = new HistoryApi.Source(bridge.base + "/sandbox/tencent",
                Map.of("sdkappid", Long.toString(APP), "admin", ADMIN, "secret-key", KEY));
        bridge.fault("tencent", 60007, 200, 1);
        assertEquals(ErrorCategory.RATE_LIMITED, assertThrows(BridgeException.class, () -> page(source, cursor))
                .category());
        bridge.fault("tencent", 20004, 200, 1);
        assertEquals(ErrorCategory.UNAVAILABLE, assertThrows(BridgeException.class, () -> page(source, cursor))
                .category());
        bridge.fault("tencent", null, 502, 1);
        assertEquals(ErrorCategory.UNAVAILABLE, assertThrows(BridgeException.class, () -> page(source, cursor))
                .category());

        assertEquals(ErrorCategory.BRIDGE_CONFIG, assertThrows(BridgeException.class, () -> tencent.historyRequest(
                new HistoryApi.Source(bridge.base, Map.of("sdkappid", "1", "admin", ADMIN)), cursor)).category());
        HistoryApi.Page empty = page(source, cursor);
        assertEquals(List.of(), empty.items());
        assertNull(empty.next());
        assertEquals(200, tencent.maxHistoryCallsPerSecond());
    }

    @Test
    void theHistoryRequestsWindowIsTheCursorsInWholeSeconds() {
        HistoryApi.Source source = new HistoryApi.Source("https://adminapisgp.im.qcloud.com",
                Map.of("sdkappid", "88888888", "admin", "admin", "secret-key", "k"));
        HistoryApi.Request r = tencent.historyRequest(source,
                new HistoryApi.Cursor("user2", "user1", 1_584_669_600_001L, 1_584_673_200_000L, null));
        assertEquals("https://adminapisgp.im.qcloud.com/v4/openim/admin_getroammsg", r.url());
        assertTrue(r.query().matches("sdkappid=88888888&identifier=admin&usersig=[^&]+&random=\\d+&contenttype=json"),
                r.query());
        assertEquals(null, TencentUserSig.verify(java.net.URLDecoder.decode(r.query().split("usersig=")[1]
                .split("&")[0], java.nio.charset.StandardCharsets.UTF_8), "k", 88888888L, "admin",
                System.currentTimeMillis() / 1000));
        assertEquals(Json.parseOrNull("{\"Operator_Account\":\"user2\",\"Peer_Account\":\"user1\",\"MaxCnt\":100,"
                + "\"MinTime\":1584669601,\"MaxTime\":1584673199}"), Json.parseOrNull(r.body()));

        HistoryApi.Request next = tencent.historyRequest(source, new HistoryApi.Cursor("user2", "user1",
                1_584_669_600_000L, 1_584_673_200_000L, Map.of("LastMsgTime", "1584669680",
                "LastMsgKey", "549396494_2578554_1584669680")));
        assertEquals(Json.parseOrNull("{\"Operator_Account\":\"user2\",\"Peer_Account\":\"user1\",\"MaxCnt\":100,"
                + "\"MinTime\":1584669600,\"MaxTime\":1584669680,\"LastMsgKey\":\"549396494_2578554_1584669680\"}"),
                Json.parseOrNull(next.body()));

        JsonNode open = Json.parseOrNull(tencent.historyRequest(source,
                new HistoryApi.Cursor("user2", "user1", 0, Long.MAX_VALUE, null)).body());
        assertEquals(0, open.get("MinTime").asLong());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(open.get("MaxTime").asLong() > now && open.get("MaxTime").asLong() <= 0xFFFFFFFFL);
    }

    @Test
    void theSeedReplyIsReadAsAPageToContinue() {
        HistoryApi.Cursor cursor = new HistoryApi.Cursor("user2", "user1", 1_584_669_600_000L, 1_584_673_201_000L,
                null);
        HistoryApi.Page page = tencent.readHistoryPage(cursor, 200,
                Fixtures.text("tencent/admin_getroammsg-seed-reply.json"));
        assertEquals(2, page.items().size());
        assertEquals(new HistoryApi.Cursor("user2", "user1", 1_584_669_600_000L, 1_584_673_201_000L,
                Map.of("LastMsgTime", "1584669680", "LastMsgKey", "549396494_2578554_1584669680")), page.next());
    }

    HistoryApi.Page page(HistoryApi.Source source, HistoryApi.Cursor cursor) {
        HistoryApi.Request r = tencent.historyRequest(source, cursor);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.url() + "?" + r.query()))
                .POST(HttpRequest.BodyPublishers.ofString(r.body()));
        r.headers().forEach(b::header);
        try {
            HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return tencent.readHistoryPage(cursor, answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
