package io.imbridge.provider.netease;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Element;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.OutboundCall;

import static io.imbridge.RunningBridge.encode;
import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NetEase history over real HTTP into the NetEase sandbox: its querySessionMsg (CommsEase "History"), the provider's
 * paging of it, the sandbox's resend deduplication (resendFlag, docs/providers.md#netease-sandbox) and a migrated
 * message's original time in ext.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetEaseHistoryTest {

    static final String KEY = "sandbox-netease-appkey";
    static final String SECRET = "sandbox-netease-secret";
    static final long T0 = 1_700_000_000_000L;

    RunningBridge bridge;
    NetEaseSandbox sandbox;
    NetEaseProvider netease;
    HistoryApi.Source source;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        bridge = RunningBridge.start();
        sandbox = bridge.context().getRegistry().lookupByNameAndType("neteaseSandbox", NetEaseSandbox.class);
        netease = bridge.context().getRegistry().lookupByNameAndType("netease", NetEaseProvider.class);
        source = new HistoryApi.Source(bridge.base + "/sandbox/netease", Map.of("app-key", KEY, "app-secret", SECRET));
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clearSandbox("netease");
    }

    @AfterEach
    void clock() {
        sandbox.clock = Clock.systemUTC();
    }

    private void at(long millis) {
        sandbox.clock = Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private JsonNode call(String path, String form) {
        return call(path, form, SECRET);
    }

    private JsonNode call(String path, String form, String secret) {
        String nonce = Long.toHexString(System.nanoTime());
        String cur = Long.toString(System.currentTimeMillis() / 1000);
        return json(bridge.post("/sandbox/netease/nimserver" + path, form,
                "Content-Type", "application/x-www-form-urlencoded;charset=utf-8", "AppKey", KEY, "Nonce", nonce,
                "CurTime", cur, "CheckSum", NetEaseCheckSum.of(secret, nonce, cur)));
    }

    private JsonNode send(String from, String to, String text, String msgId, String extra) {
        return call("/chatroom/sendMsgToSomeone.action", "roomid=36&fromAccid=" + from + "&toAccids="
                + encode("[\"" + to + "\"]") + "&msgType=0&attach=" + encode(text) + "&msgId=" + msgId + extra);
    }

    private JsonNode query(String form) {
        return call("/history/querySessionMsg.action", form);
    }

    /** The pair's whole history, paged as a migration pages it: each call made by the provider, sent over HTTP. */
    private List<HistoryItem> pageAll(String a, String b, long since, long until, int[] pages) throws Exception {
        List<HistoryItem> all = new ArrayList<>();
        HistoryApi.Cursor cursor = new HistoryApi.Cursor(a, b, since, until, null);
        while (cursor != null) {
            HistoryApi.Request r = netease.historyRequest(source, cursor);
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(r.url()))
                    .POST(HttpRequest.BodyPublishers.ofString(r.body()));
            r.headers().forEach(req::header);
            HttpResponse<String> answer = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            HistoryApi.Page page = netease.readHistoryPage(cursor, answer.statusCode(), answer.body());
            all.addAll(page.items());
            cursor = page.next();
            pages[0]++;
        }
        return all;
    }

    private static String text(HistoryItem i) {
        return ((Element.Text) i.message().elements().get(0)).text();
    }

    @Test
    void pagingOver300MessagesManyInOneMillisecondGivesEachOnceInOrder() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // 0–39 a millisecond each; 40–119 all in one millisecond, across the first page's end; then threes
            at(i < 40 ? T0 + i : i < 120 ? T0 + 100 : T0 + 200 + i / 3);
            boolean ab = i % 2 == 0;
            String text = "m" + i;
            assertEquals(200, send(ab ? "alice" : "bob", ab ? "bob" : "alice", text, "h-" + i, "").path("code").asInt());
            sent.add(text);
            // another pair at the same times: not this session's history
            send("alice", "carol", "other" + i, "o-" + i, "");
        }
        int[] pages = {0};
        List<HistoryItem> items = pageAll("alice", "bob", 0, Long.MAX_VALUE, pages);
        assertEquals(sent, items.stream().map(NetEaseHistoryTest::text).toList());
        assertEquals(300, new HashSet<>(items.stream().map(HistoryItem::key).toList()).size());
        assertTrue(pages[0] >= 4, "pages: " + pages[0]);
        assertEquals(T0 + 100, items.get(100).message().sentAt());
        assertEquals("bob", items.get(1).message().sender());
        assertEquals(List.of("alice"), items.get(1).message().recipients());

        // a window: [T0 + 100, T0 + 201) holds the 80 of one millisecond and 120–122 (at T0 + 240, 241 …) none
        List<HistoryItem> window = pageAll("bob", "alice", T0 + 100, T0 + 201, pages);
        assertEquals(sent.subList(40, 120), window.stream().map(NetEaseHistoryTest::text).toList());
    }

    @Test
    void overAHundredInOneMillisecondIsRefusedNotLooped() throws Exception {
        at(T0);
        for (int i = 0; i < 101; i++) {
            send("alice", "bob", "same" + i, "s-" + i, "");
        }
        BridgeException e = assertThrows(BridgeException.class,
                () -> pageAll("alice", "bob", 0, Long.MAX_VALUE, new int[1]));
        assertEquals(ErrorCategory.UNSUPPORTED, e.category());
    }

    @Test
    void querySessionMsgAnswersAsNetEaseDoes() {
        at(T0);
        send("alice", "bob", "first", "q-1", "");
        at(T0 + 5);
        send("bob", "alice", "second", "q-2", "");
        String pair = "from=alice&to=bob&begintime=" + T0 + "&endtime=" + (T0 + 10);

        // newest first by default; both directions are one session
        JsonNode reply = query(pair + "&limit=100");
        assertEquals(200, reply.path("code").asInt(), reply.toString());
        assertEquals(2, reply.path("size").asInt());
        JsonNode newest = reply.path("msgs").get(0);
        assertEquals("bob", newest.path("from").asText());
        assertEquals("alice", newest.path("to").asText());
        assertEquals(T0 + 5, newest.path("sendtime").asLong());
        assertEquals(0, newest.path("type").asInt());
        assertEquals("second", newest.path("body").path("msg").asText());
        assertEquals("q-2", newest.path("msgidclient").asText());
        assertTrue(newest.path("msgid").isIntegralNumber());

        JsonNode oldest = query(pair + "&limit=1&reverse=1");
        assertEquals(1, oldest.path("size").asInt());
        assertEquals("first", oldest.path("msgs").get(0).path("body").path("msg").asText());
        assertEquals(0, query(pair + "&limit=100&type=1,100").path("size").asInt());

        assertEquals("bad time", query("from=alice&to=bob&begintime=5&endtime=5&limit=10").path("desc").asText());
        assertEquals(414, query("from=alice&to=bob&begintime=5&endtime=5&limit=10").path("code").asInt());
        assertEquals(414, query(pair + "&limit=101").path("code").asInt());
        assertEquals(414, query(pair + "&limit=0").path("code").asInt());
        assertEquals(414, query(pair + "&limit=10&reverse=3").path("code").asInt());
        assertEquals(414, query("to=bob&begintime=1&endtime=5&limit=10").path("code").asInt());
        assertEquals(403, call("/history/querySessionMsg.action", pair + "&limit=1", "wrong").path("code").asInt());
    }

    @Test
    void aResendOfAnAcceptedMsgIdIsAnsweredAsBeforeAndKeptOnce() {
        at(T0);
        JsonNode first = send("alice", "bob", "once", "r-1", "");
        at(T0 + 1000);
        JsonNode again = send("alice", "bob", "once", "r-1", "&resendFlag=1");
        assertEquals(200, again.path("code").asInt(), again.toString());
        assertEquals(first.path("desc").path("time").asText(), again.path("desc").path("time").asText());
        assertEquals(Long.toString(T0), again.path("desc").path("time").asText());
        assertEquals(1, bridge.received("netease").size());

        // a first send flagged as a resend is simply sent; without the flag a msgId is not deduplicated
        send("alice", "bob", "new", "r-2", "&resendFlag=1");
        send("alice", "bob", "once", "r-1", "");
        assertEquals(3, bridge.received("netease").size());
    }

    @Test
    void aMigratedMessageCarriesItsOriginalTimeInExtAndIsAResend() throws Exception {
        CanonicalMessage seed = NetEaseCodec.toCanonical(NetEaseRequests.validateSend(
                formOf(Fixtures.text("netease/send-seed.form"))), "01TESTID000000000000000000", 3L);
        long original = 1557387418000L;
        CanonicalMessage live = new CanonicalMessage(seed.schemaVersion(), seed.id(), seed.source(), "alice",
                List.of("bob"), seed.conversation(), original, 3L, seed.elements(), seed.options(), "{\"k\":1}",
                Map.of());
        CanonicalMessage history = live.asHistory("01TESTID000000000000000001", 1);

        Map<String, String> liveForm = formOf(netease.outboundCalls(live, 1).get(0).body());
        assertEquals("{\"k\":1}", liveForm.get("ext"));
        assertNull(liveForm.get("resendFlag"));

        Map<String, String> form = formOf(netease.outboundCalls(history, 1).get(0).body());
        assertEquals(Json.parseOrNull("{\"k\":1,\"imBridgeSentAt\":1557387418000}"), Json.parseOrNull(form.get("ext")));
        assertEquals("1", form.get("resendFlag"));
        // customData that is not JSON is wrapped, as for a live message, and the time added
        Map<String, String> wrapped = formOf(netease.outboundCalls(new CanonicalMessage(history.schemaVersion(),
                history.id(), history.source(), "alice", List.of("bob"), history.conversation(), original, 3L,
                history.elements(), history.options(), "plain", Map.of()), 1).get(0).body());
        assertEquals(Json.parseOrNull("{\"customData\":\"plain\",\"imBridgeSentAt\":1557387418000}"),
                Json.parseOrNull(wrapped.get("ext")));

        // delivered to the sandbox twice (a resumed migration): kept once, and its history shows the original time
        at(T0);
        for (int i = 0; i < 2; i++) {
            OutboundCall again = netease.outboundCalls(history, 1).get(0);
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.base
                    + "/sandbox/netease/nimserver/chatroom/sendMsgToSomeone.action"))
                    .POST(HttpRequest.BodyPublishers.ofString(again.body()));
            again.headers().forEach(req::header);
            assertEquals(200, json(http.send(req.build(), HttpResponse.BodyHandlers.ofString())).path("code").asInt());
        }
        assertEquals(1, bridge.received("netease").size());
        List<HistoryItem> back = pageAll("alice", "bob", 0, Long.MAX_VALUE, new int[1]);
        assertEquals(1, back.size());
        assertEquals(original, back.get(0).message().sentAt());
        assertEquals(Json.parseOrNull("{\"k\":1}"), Json.parseOrNull(back.get(0).message().customData()));
    }

    @Test
    void customDataTooLargeForExtWithTheTimeIsRefused() {
        String big = "{\"k\":\"" + "x".repeat(4090) + "\"}";
        CanonicalMessage seed = NetEaseCodec.toCanonical(NetEaseRequests.validateSend(
                formOf(Fixtures.text("netease/send-seed.form"))), "01TESTID000000000000000000", 3L);
        CanonicalMessage m = new CanonicalMessage(seed.schemaVersion(), seed.id(), seed.source(), "alice",
                List.of("bob"), seed.conversation(), 1L, 3L, seed.elements(), seed.options(), big, Map.of())
                .asHistory(seed.id(), 1);
        BridgeException e = assertThrows(BridgeException.class, () -> netease.outboundCalls(m, 1));
        assertEquals(ErrorCategory.TOO_LARGE, e.category());
    }

    static Map<String, String> formOf(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }
}
