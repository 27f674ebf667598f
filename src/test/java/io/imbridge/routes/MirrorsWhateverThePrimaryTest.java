package io.imbridge.routes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.store.BridgeDatabase;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accepted message reaches its mirrors whatever becomes of the primary — down while the caller waits, slower
 * than a webhook's answer, failing under the webhook's allow policy, rate limiting, or under way when the process
 * died — because the mirrors are queued durably before the primary is tried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorsWhateverThePrimaryTest {

    static final String MYCHAT = Fixtures.text("mychat/seed-browser-line.json");
    static final String CALLBACK = Fixtures.text("tencent/callback-seed.json");
    /** Quick queue retries, so a primary that comes back is reached within the test. */
    static final String[] QUICK_QUEUE = {"bridge.delivery.retry-base-ms", "50", "bridge.delivery.retry-cap-ms", "100",
            "bridge.queue.poll-ms", "50"};

    /**
     * The bridge of the webhook cases (Tencent's callback, OpenIM primary, NetEase mirror): one for the class, each
     * case beginning with both sandboxes cleared (what they received and any fault left) and nothing under way.
     */
    private RunningBridge webhooks;

    RunningBridge webhookBridge() {
        if (webhooks == null) {
            webhooks = RunningBridge.start(with("bridge.route.tencent", "openim,netease"));
        }
        webhooks.clearSandbox("openim");
        webhooks.clearSandbox("netease");
        return webhooks;
    }

    @AfterAll
    void stopWebhookBridge() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    static String[] with(String... pairs) {
        String[] all = new String[QUICK_QUEUE.length + pairs.length];
        System.arraycopy(QUICK_QUEUE, 0, all, 0, QUICK_QUEUE.length);
        System.arraycopy(pairs, 0, all, QUICK_QUEUE.length, pairs.length);
        return all;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the mirror's copy, then a little longer to see that no second one comes. */
    static void mirrorArrivesOnce(RunningBridge b, String mirror) throws InterruptedException {
        await("the mirror " + mirror + " got the message", () -> b.received(mirror).size() >= 1);
        Thread.sleep(300);
        assertEquals(1, b.received(mirror).size(), "once");
    }

    @Test
    void primaryNotListeningWhileTheCallerWaits() throws Exception {
        // OpenIM's address answers nothing (connection refused): the MyChat caller gets its server error, HTTP 500
        // with error 21, and the mirror still gets the message
        int closed = RunningBridge.freePort();
        try (RunningBridge b = RunningBridge.start(with("bridge.route.mychat", "openim,tencent",
                "bridge.openim.url", "http://127.0.0.1:" + closed + "/openim"))) {
            HttpResponse<String> r = b.mychatGet(MYCHAT);
            assertEquals(500, r.statusCode(), r.body());
            assertEquals(21, json(r).get("error").asInt(), r.body());
            mirrorArrivesOnce(b, "tencent");
            assertEquals("Hello from browser", b.received("tencent").get(0).get("request").get("MsgBody").get(0)
                    .get("MsgContent").get("Text").asText());
        }
    }

    @Test
    void primaryFailingWhileTheCallerWaits() throws Exception {
        try (RunningBridge b = RunningBridge.start(with("bridge.route.mychat", "openim,tencent"))) {
            b.fault("openim", null, 503, 1_000_000);
            HttpResponse<String> r = b.mychatGet(MYCHAT);
            assertEquals(500, r.statusCode(), r.body());
            mirrorArrivesOnce(b, "tencent");
            assertEquals(0, b.received("openim").size());
        }
    }

    /** The primary (OpenIM) given {@code fault}: Tencent is answered 0 within its timeout, the mirror gets it once. */
    static void webhookAnsweredInTimeWhileThePrimaryIs(RunningBridge b, String fault) throws InterruptedException {
        b.post("/sandbox/openim/_faults", fault, "Content-Type", "application/json");
        long started = System.currentTimeMillis();
        JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(CALLBACK)));
        assertTrue(System.currentTimeMillis() - started < 2000, "answered within Tencent's timeout");
        assertEquals(0, reply.get("ErrorCode").asInt(), reply.toString());
        mirrorArrivesOnce(b, "netease");
    }

    @Test
    void webhookAnsweredBeforeASlowPrimaryEnds() throws Exception {
        RunningBridge b = webhookBridge();
        webhookAnsweredInTimeWhileThePrimaryIs(b, "{\"delayMs\":4000,\"times\":1}");
        await("the slow primary ended", () -> b.received("openim").size() >= 1);
        Thread.sleep(300);
        assertEquals(1, b.received("openim").size());
    }

    @Test
    void webhookAnsweredBeforeASlowPrimaryThatThenFails() throws Exception {
        // the try outlives Tencent's answer and then fails: nobody is left to tell, so it is queued and retried
        RunningBridge b = webhookBridge();
        webhookAnsweredInTimeWhileThePrimaryIs(b, "{\"delayMs\":2500,\"status\":503,\"times\":1}");
        await("the failed primary, retried from the queue", () -> b.received("openim").size() >= 1);
        Thread.sleep(300);
        assertEquals(1, b.received("openim").size());
    }

    @Test
    void webhookAllowedAfterThePrimaryFailed() throws Exception {
        // the case found from outside: the primary down for a while, Tencent answered 0, the mirror never got it
        RunningBridge b = webhookBridge();
        b.fault("openim", null, 503, 40);
        JsonNode reply = json(b.tencentCallback(RunningBridge.newMessage(CALLBACK)));
        assertEquals(0, reply.get("ErrorCode").asInt(), reply.toString());
        mirrorArrivesOnce(b, "netease");
        // and the primary, queued, once it is back
        await("the primary got it once back", () -> b.received("openim").size() >= 1);
        Thread.sleep(300);
        assertEquals(1, b.received("openim").size());
    }

    @Test
    void primaryRateLimitingPastTheDeadline() throws Exception {
        // NetEase 416 (rate limited) on every call: the MyChat caller is answered as accepted, the primary queued
        try (RunningBridge b = RunningBridge.start(with("bridge.route.mychat", "netease,openim",
                "bridge.delivery.rate-limited-pause-ms", "200"))) {
            b.fault("netease", 416, 200, 20);
            JsonNode reply = json(b.mychatGet(MYCHAT));
            assertEquals("0002", reply.get("cmd").asText(), reply.toString());
            mirrorArrivesOnce(b, "openim");
            await("the primary got it once the limit passed", () -> b.received("netease").size() >= 1);
        }
    }

    @Test
    void primaryUnderWayWhenTheProcessDied() throws Exception {
        Path data = Files.createTempDirectory("im-bridge-mirrors");
        String[] config = with("bridge.data-dir", data.toString(), "bridge.route.mychat", "openim,tencent");
        String id;
        try (RunningBridge b = RunningBridge.start(config)) {
            b.fault("tencent", null, 503, 1_000_000); // the mirror can't be reached before the "crash" either
            b.fault("openim", null, 503, 1_000_000);
            assertEquals(500, b.mychatGet(MYCHAT).statusCode());
            BridgeDatabase db = QueueCrashWindowsTest.db(b);
            id = db.query("SELECT id FROM messages", rs -> rs.getString(1)).get(0);
            // as if the process had died while the primary was under way, before the mirror's entry was stored
            db.update("UPDATE deliveries SET status = 'in-flight' WHERE target = 'openim'");
            db.update("DELETE FROM delivery_queue");
            db.update("DELETE FROM deliveries WHERE target = 'tencent'");
        }
        try (RunningBridge b = RunningBridge.start(config)) {
            b.fault("openim", null, 503, 1_000_000); // still down after the restart
            mirrorArrivesOnce(b, "tencent");
            JsonNode record = json(b.get("/admin/messages/" + id));
            assertEquals(id, record.get("id").asText());
        }
    }

    @Test
    void manyWebhookMessagesWhileThePrimaryIsDown() throws Exception {
        // six messages in the primary's outage, as in the report: every one reaches the mirror and, later, the primary
        RunningBridge b = webhookBridge();
        b.fault("openim", null, 503, 60);
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[6];
        for (int i = 0; i < calls.length; i++) {
            String body = RunningBridge.newMessage(CALLBACK).replace("red packet", "outage " + i);
            calls[i] = client.sendAsync(HttpRequest.newBuilder(URI.create(b.base + "/tencent/callback?SdkAppid="
                            + RunningBridge.TENCENT_APP + "&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json"
                            + "&ClientIP=127.0.0.1&OptPlatform=RESTAPI"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> assertEquals(0, json(r).get("ErrorCode").asInt(), r.body()));
        }
        CompletableFuture.allOf(calls).get();
        await("six mirrored", () -> b.received("netease").size() >= 6);
        await("six at the primary once it is back", () -> b.received("openim").size() >= 6);
        Thread.sleep(300);
        assertEquals(6, b.received("netease").size());
        assertEquals(6, b.received("openim").size());
    }
}
