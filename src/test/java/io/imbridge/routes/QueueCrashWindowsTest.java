package io.imbridge.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.store.BridgeDatabase;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The moments between two writes where a killed process could lose a queued delivery: each is either one
 * transaction now, or found and repaired at the next start.
 */
class QueueCrashWindowsTest {

    static final String MIRRORED = "bridge.route.mychat";
    /**
     * For the tests that restart a bridge on its store: on a shared store (the PostgreSQL run) the restarted process
     * takes over what the stopped one left only once that one has been silent for bridge.store.instance-timeout-ms
     * (15 s by default); here a test-sized timeout, so the repair at the next start is seen within seconds. Only one
     * bridge runs at a time, so no live instance is taken for gone.
     */
    static final String HEARTBEAT = "bridge.store.heartbeat-ms";
    static final String HEARTBEAT_MS = "250";
    static final String INSTANCE_TIMEOUT = "bridge.store.instance-timeout-ms";
    static final String INSTANCE_TIMEOUT_MS = "1500";

    static BridgeDatabase db(RunningBridge b) {
        return b.context().getRegistry().lookupByNameAndType("bridgeDatabase", BridgeDatabase.class);
    }

    static List<Long> queueRows(RunningBridge b) {
        return db(b).query("SELECT id FROM delivery_queue ORDER BY id", rs -> rs.getLong(1));
    }

    static void awaitAttempts(RunningBridge b, int atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<Integer> a = db(b).query("SELECT attempts FROM delivery_queue", rs -> rs.getInt(1));
            if (!a.isEmpty() && a.get(0) >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the mirror was not retried " + atLeast + " times");
    }

    @Test
    void aRetriedEntryKeepsItsRowSoNoMomentExistsWithoutIt() throws Exception {
        try (RunningBridge b = RunningBridge.start(MIRRORED, "openim,tencent", "bridge.delivery.retry-base-ms", "50",
                "bridge.delivery.retry-cap-ms", "100", "bridge.queue.poll-ms", "50")) {
            b.fault("tencent", null, 503, 1_000_000);
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            awaitAttempts(b, 1);
            List<Long> first = queueRows(b);
            assertEquals(1, first.size());
            awaitAttempts(b, 4);
            assertEquals(first, queueRows(b), "rescheduled in place, not deleted and inserted again");
        }
    }

    @Test
    void aDeliveryMarkedQueuedButNeverStoredIsQueuedAtTheNextStart() throws Exception {
        Path data = Files.createTempDirectory("im-bridge-window");
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), MIRRORED, "openim,tencent",
                "bridge.queue.poll-ms", "50", HEARTBEAT, HEARTBEAT_MS, INSTANCE_TIMEOUT, INSTANCE_TIMEOUT_MS)) {
            b.fault("tencent", null, 503, 1_000_000);
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            awaitAttempts(b, 1);
            // as if the process had died after marking the mirror queued and before storing its entry
            db(b).update("DELETE FROM delivery_queue");
            db(b).update("UPDATE deliveries SET status = 'queued' WHERE target = 'tencent'");
        }
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), MIRRORED, "openim,tencent",
                "bridge.queue.poll-ms", "50", HEARTBEAT, HEARTBEAT_MS, INSTANCE_TIMEOUT, INSTANCE_TIMEOUT_MS)) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (b.received("tencent").size() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertEquals(1, b.received("tencent").size(), "the mirror arrived once");
            assertEquals(0, b.received("openim").size(), "the primary was not sent again");
        }
    }

    @Test
    void aDeadLetteredEntryLeavesTheQueueAsItBecomesADeadLetter() throws Exception {
        try (RunningBridge b = RunningBridge.start(MIRRORED, "openim,tencent", "bridge.queue.poll-ms", "50")) {
            b.fault("tencent", 90012, 200, 1); // permanent: a dead letter at once
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            long deadline = System.currentTimeMillis() + 15_000;
            while (b.deadLetters().size() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, b.deadLetters().size());
            assertEquals(List.of(), queueRows(b));
        }
    }

    @Test
    void aSecondEntryForADeliveryAlreadyMadeIsDropped() throws Exception {
        try (RunningBridge b = RunningBridge.start(MIRRORED, "openim,tencent", "bridge.queue.poll-ms", "50")) {
            assertEquals("0002", json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
            long deadline = System.currentTimeMillis() + 15_000;
            // the target's copy arrives a moment before the bridge records the delivery: wait for the record
            List<String> delivered = List.of();
            while (delivered.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                delivered = db(b).query("SELECT message_id FROM deliveries WHERE target = 'tencent'"
                        + " AND status = 'delivered'", rs -> rs.getString(1));
            }
            assertEquals(1, delivered.size(), "the mirror's delivery is recorded");
            String id = delivered.get(0);
            // as a recovery on a Kafka queue may: the same delivery queued a second time
            db(b).update("INSERT INTO delivery_queue (message_id, target, role, attempts, not_before, first_at,"
                    + " leased_until) VALUES (?, 'tencent', 'mirror', 0, 0, ?, 0)", id, System.currentTimeMillis());
            deadline = System.currentTimeMillis() + 15_000;
            while (!queueRows(b).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), queueRows(b), "the entry was taken");
            assertEquals(1, b.received("tencent").size(), "and not delivered again");
        }
    }

    @Test
    void aCallersRetryOfARequestUnansweredWhenTheProcessDiedGetsItsAnswer() throws Exception {
        // two recipients: both calls were accepted and recorded, so the recovery makes neither again
        unansweredThenRetried("[\"acc1\",\"acc2\"]", 0);
        // one call: the recovery can't know it arrived and sends it again (at least once), the retry does not
        unansweredThenRetried("[\"acc1\"]", 1);
    }

    void unansweredThenRetried(String toAccids, int resentByRecovery) throws Exception {
        Path data = Files.createTempDirectory("im-bridge-unanswered");
        String form = Fixtures.text("netease/send-seed.form").replace("c9e6c306", "unanswered")
                .replace("[\"acc1\",\"acc2\"]", toAccids);
        JsonNode first;
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.route.netease", "mychat",
                HEARTBEAT, HEARTBEAT_MS, INSTANCE_TIMEOUT, INSTANCE_TIMEOUT_MS)) {
            first = json(b.neteaseSend(form));
            assertEquals(200, first.get("code").asInt(), first.toString());
            // as if the process had died with the delivery under way and its caller unanswered
            db(b).update("UPDATE idempotency SET reply = NULL, status = NULL");
            db(b).update("UPDATE deliveries SET status = 'in-flight'");
        }
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString(), "bridge.route.netease", "mychat",
                "bridge.queue.poll-ms", "50", HEARTBEAT, HEARTBEAT_MS, INSTANCE_TIMEOUT, INSTANCE_TIMEOUT_MS)) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (db(b).query("SELECT 1 FROM deliveries WHERE status = 'delivered'", rs -> 1).isEmpty()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            // (this sandbox is new: it counts from the restart)
            assertEquals(resentByRecovery, b.received("mychat").size(), "calls the recovery made");
            JsonNode retry = json(b.neteaseSend(form + "&resendFlag=1"));
            assertEquals(200, retry.get("code").asInt(), "answered, not refused as a duplicate: " + retry);
            assertEquals(first.get("desc").get("msgid_client"), retry.get("desc").get("msgid_client"));
            Thread.sleep(300);
            assertEquals(resentByRecovery, b.received("mychat").size(), "the retry was answered, not sent again");
        }
    }
}
