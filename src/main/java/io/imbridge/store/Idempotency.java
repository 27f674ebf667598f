package io.imbridge.store;

import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;

/**
 * Requests the bridge already accepted are answered with the original reply and delivered once: NetEase's msgId per
 * sender, Tencent webhook retries of a MsgKey, Tencent REST MsgRandom + sender + recipient + MsgTimeStamp, an OpenIM
 * operationID reused with the same body (each vendor's {@link Provider#idempotencyKey}). The keys and replies live in
 * the bridge database for {@code bridge.idempotency.retention-hours}. (Camel's idempotent consumer keeps keys only;
 * a duplicate here must get the first reply back, so the reply is stored with its key.)
 */
@BindToRegistry("idempotency")
public class Idempotency {

    /** Rows written before this instance existed were written by an earlier process. */
    private final long createdAt = System.currentTimeMillis();
    /** Keys up to this length are stored as they are (readable when debugging); the column holds 512. */
    static final int MAX_PLAIN_KEY = 256;

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;

    @PropertyInject(value = "bridge.idempotency.retention-hours", defaultValue = "24")
    long retentionHours;
    /** How long a duplicate waits for the first request's answer while that one is still being delivered. */
    @PropertyInject(value = "bridge.idempotency.wait-ms", defaultValue = "3000")
    long waitMs;

    static final String CLAIM = "INSERT INTO idempotency (idem_key, message_id, created_at) VALUES (?, ?, ?)";
    static final String RELEASED_MESSAGE = "SELECT message_id FROM idempotency WHERE idem_key = ? AND released";
    static final String RECLAIM = "UPDATE idempotency SET released = FALSE, created_at = ? WHERE idem_key = ? AND released";
    static final String SELECT_REPLY = "SELECT status, content_type, reply FROM idempotency WHERE idem_key = ?";
    static final String RELEASE_UNANSWERED = "UPDATE idempotency SET released = TRUE WHERE reply IS NULL AND NOT released"
            + " AND created_at < ?";
    static final String SET_REPLY = "UPDATE idempotency SET status = ?, content_type = ?, reply = ? WHERE idem_key = ?";
    static final String RELEASE = "UPDATE idempotency SET released = TRUE WHERE idem_key = ? AND reply IS NULL";
    /** Keys past their retention, a batch at a time (the {@code store-purge} route runs it, see {@link Retention}). */
    static final String DELETE_EXPIRED = "DELETE FROM idempotency WHERE created_at < ? FETCH FIRST ? ROWS ONLY";

    /** A stored reply. */
    record Reply(int status, String contentType, String body) {
    }

    /** Claims the request's key: new requests go on; a known one will be answered with the first reply. */
    public void claim(Exchange exchange) throws InterruptedException {
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        Provider vendor = exchange.getContext().getRegistry().lookupByNameAndType(source, Provider.class);
        CanonicalMessage m = Exchanges.message(exchange);
        String key = storedKey(vendor.idempotencyKey(exchange, m));
        if (key == null) {
            return;
        }
        if (db.insertIfAbsent(CLAIM,
                key, m.id(), System.currentTimeMillis())) {
            exchange.setProperty(Exchanges.IDEMPOTENCY_KEY, key);
            return;
        }
        long deadline = System.currentTimeMillis() + waitMs;
        while (true) {
            List<String> given = db.query(RELEASED_MESSAGE,
                    rs -> rs.getString(1), key);
            if (!given.isEmpty() && db.update(RECLAIM, System.currentTimeMillis(), key) == 1) {
                // an earlier try failed and gave its key back: this one goes on as the same message, so the calls
                // that try got accepted are not made again (and the ids derived from the bridge id stay the same)
                exchange.setProperty(Exchanges.MESSAGE, m.withId(given.get(0)));
                exchange.setProperty(Exchanges.IDEMPOTENCY_KEY, key);
                exchange.setProperty(Exchanges.RESUMED, true);
                return;
            }
            List<Reply> replies = db.query(SELECT_REPLY,
                    rs -> new Reply(rs.getInt(1), rs.getString(2), rs.getString(3)), key);
            if (replies.isEmpty()) {
                claim(exchange); // removed meanwhile (retention): new after all
                return;
            }
            if (replies.get(0).body() != null) {
                exchange.setProperty(Exchanges.REPLAY, replies.get(0));
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new BridgeException(ErrorCategory.DUPLICATE, "the same request is still being delivered");
            }
            Thread.sleep(50);
        }
    }

    /**
     * The key as stored: callers choose its parts (a NetEase msgId, Tencent account names), so a long one is kept as
     * its SHA-256 — the same request still finds it, and no length a caller picks can fail the insert.
     */
    static String storedKey(String key) {
        if (key == null || key.length() <= MAX_PLAIN_KEY) {
            return key;
        }
        return "sha256:" + Digests.hex("SHA-256", key);
    }

    /**
     * At start: a request the last process claimed and never answered (it died mid-delivery) gives its key back, so
     * the caller's retry continues that message — answered from its delivery if the recovery already made it — instead
     * of waiting for a reply that will never be stored.
     */
    public void releaseUnanswered() {
        int n = db.update(RELEASE_UNANSWERED,
                createdAt);
        if (n > 0) {
            org.slf4j.LoggerFactory.getLogger(Idempotency.class)
                    .warn("{} requests unanswered at the last stop: their retries continue the same messages", n);
        }
    }

    /** Whether the request is to be delivered (not an answered duplicate). */
    public boolean isNew(Exchange exchange) {
        return exchange.getProperty(Exchanges.REPLAY) == null;
    }

    /** Stores the reply just made for the request's key. */
    public void remember(Exchange exchange) {
        String key = exchange.getProperty(Exchanges.IDEMPOTENCY_KEY, String.class);
        if (key == null) {
            return;
        }
        var msg = exchange.getMessage();
        db.update(SET_REPLY,
                msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                msg.getHeader(Exchange.CONTENT_TYPE, "application/json", String.class), msg.getBody(String.class), key);
    }

    /** Answers a duplicate with the first request's reply. */
    public void replay(Exchange exchange) {
        Reply r = exchange.getProperty(Exchanges.REPLAY, Reply.class);
        if (r != null) {
            Exchanges.reply(exchange, r.status(), r.contentType(), r.body());
        }
    }

    /**
     * A request that failed gives its key back, so the caller's retry is a new attempt — of the same message: the
     * key keeps the bridge id the retry will take over.
     */
    public void release(Exchange exchange) {
        String key = exchange.getProperty(Exchanges.IDEMPOTENCY_KEY, String.class);
        if (key != null) {
            db.update(RELEASE, key);
        }
    }

    /** Removes the keys older than {@code bridge.idempotency.retention-hours}; answers how many. */
    int purgeExpired(long now, int batch) {
        return db.deleteInBatches(DELETE_EXPIRED, batch, now - retentionHours * 3_600_000L);
    }
}
