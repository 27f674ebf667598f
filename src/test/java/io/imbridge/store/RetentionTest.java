package io.imbridge.store;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.delivery.DeliveryQueue;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Messages past {@code bridge.store.retention-days} leave the database with their ids and delivery records; a message
 * that still has work pending (a queued delivery, an open dead letter a re-drive needs) stays.
 */
class RetentionTest {

    @Test
    void aMessagePastItsRetentionIsPurgedUnlessWorkIsPending() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.mychat", "openim,tencent", "bridge.queue.poll-ms", "50",
                "bridge.store.retention-days", "0")) {
            assertNotNull(b.context().getRoute("store-purge"), "the purge runs on a schedule");
            String line = Fixtures.text("mychat/seed-browser-line.json");

            json(b.mychatGet(line)); // delivered to both: nothing pending
            await(() -> b.received("tencent").size() == 1);
            b.fault("tencent", 90012, 200, 1); // permanent: an open dead letter
            json(b.mychatGet(line));
            await(() -> b.deadLetters().size() == 1);
            b.fault("tencent", null, 503, 1_000_000); // the mirror stays queued, retried
            json(b.mychatGet(line));
            DeliveryQueue queue = bean(b, "deliveryQueue", DeliveryQueue.class);
            await(() -> queue.size() == 1);

            List<String> ids = bean(b, "bridgeDatabase", BridgeDatabase.class)
                    .query("SELECT id FROM messages ORDER BY id", rs -> rs.getString(1));
            assertEquals(3, ids.size());
            Thread.sleep(5); // received before the cutoff, to the millisecond

            assertEquals(1, bean(b, "retention", Retention.class).purgeReceivedBefore(System.currentTimeMillis()));
            assertEquals(404, b.get("/admin/messages/" + ids.get(0)).statusCode(), "delivered everywhere: purged");
            assertEquals(200, b.get("/admin/messages/" + ids.get(1)).statusCode(), "an open dead letter: kept");
            assertEquals(ids.get(1), b.deadLetters().get(0).get("message").get("id").asText(), "re-drivable");
            assertEquals(200, b.get("/admin/messages/" + ids.get(2)).statusCode(), "still queued: kept");
            assertEquals(List.of(), bean(b, "bridgeDatabase", BridgeDatabase.class).query(
                    "SELECT message_id FROM message_ids WHERE message_id = ? UNION ALL"
                            + " SELECT message_id FROM deliveries WHERE message_id = ?",
                    rs -> rs.getString(1), ids.get(0), ids.get(0)), "its ids and delivery records went with it");
        }
    }

    @Test
    void messagesWithinTheirRetentionAreKept() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.store.retention-days", "30")) {
            json(b.mychatGet(Fixtures.text("mychat/seed-browser-line.json")));
            bean(b, "retention", Retention.class).purge();
            assertEquals(1, bean(b, "bridgeDatabase", BridgeDatabase.class)
                    .query("SELECT COUNT(*) FROM messages", rs -> rs.getInt(1)).get(0));
        }
    }

    @Test
    void idempotencyKeysPastTheirRetentionArePurged() throws Exception {
        try (RunningBridge b = RunningBridge.start("bridge.route.openim", "mychat",
                "bridge.idempotency.retention-hours", "0")) {
            String token = b.openimToken("openIM123");
            String body = Fixtures.text("openim/send_msg-seed.json");
            String[] h = {"Content-Type", "application/json", "operationID", "op-kept-a-while", "token", token};
            json(b.post("/openim/msg/send_msg", body, h));
            json(b.post("/openim/msg/send_msg", body, h));
            assertEquals(1, b.received("mychat").size(), "a retry within the retention is the same request");
            Thread.sleep(5);
            bean(b, "retention", Retention.class).purge();
            json(b.post("/openim/msg/send_msg", body, h));
            assertEquals(2, b.received("mychat").size(), "its key was purged: the same request is new again");
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition c) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 15 s");
            }
            Thread.sleep(50);
        }
    }

    static <T> T bean(RunningBridge b, String name, Class<T> type) {
        return b.context().getRegistry().lookupByNameAndType(name, type);
    }
}
