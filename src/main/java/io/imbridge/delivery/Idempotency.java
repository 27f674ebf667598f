package io.imbridge.delivery;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Provider;
import io.imbridge.provider.Providers;
import io.imbridge.provider.SendApi;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.IdempotencyTable;

/**
 * Requests the bridge already accepted are answered with the original reply and delivered once: NetEase's msgId per
 * sender, Tencent webhook retries of a MsgKey, Tencent REST MsgRandom + sender + recipient + MsgTimeStamp, an OpenIM
 * operationID reused with the same body (each provider's {@link SendApi#idempotencyKey}). The keys and replies live
 * in the bridge database ({@link IdempotencyTable}) for {@code bridge.idempotency.retention-hours}. (Camel's
 * idempotent consumer keeps keys only; a duplicate here must get the first reply back, so the reply is stored with
 * its key.)
 */
@BindToRegistry("idempotency")
public class Idempotency {

    /** Rows written before this instance existed were written by an earlier process. */
    private final long createdAt = System.currentTimeMillis();
    /** Keys up to this length are stored as they are (readable when debugging); the column holds 512. */
    static final int MAX_PLAIN_KEY = 256;

    @BeanInject("idempotencyTable")
    IdempotencyTable table;
    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("messageRecords")
    MessageRecords records;
    @BeanInject("providers")
    Providers providers;

    /** How long a duplicate waits for the first request's answer while that one is still being delivered. */
    @PropertyInject(value = "bridge.idempotency.wait-ms", defaultValue = "3000")
    long waitMs;

    /** Claims the request's key: new requests go on; a known one will be answered with the first reply. */
    public void claim(Exchange exchange) throws InterruptedException {
        exchange.setProperty(Exchanges.CLAIMED, Boolean.TRUE);
        String source = exchange.getProperty(Exchanges.SOURCE, String.class);
        Provider provider = providers.named(source);
        CanonicalMessage m = Exchanges.message(exchange);
        String key = provider instanceof SendApi api ? storedKey(api.idempotencyKey(exchange, m)) : null;
        if (key == null) {
            return;
        }
        if (table.claim(key, m.id())) {
            exchange.setProperty(Exchanges.IDEMPOTENCY_KEY, key);
            return;
        }
        long deadline = System.currentTimeMillis() + waitMs;
        while (true) {
            String given = table.reclaim(key);
            if (given != null) {
                // an earlier try failed and gave its key back: this one goes on as the same message, so the calls
                // that try got accepted are not made again (and the ids derived from the bridge id stay the same)
                exchange.setProperty(Exchanges.MESSAGE, m.withId(given));
                exchange.setProperty(Exchanges.IDEMPOTENCY_KEY, key);
                exchange.setProperty(Exchanges.RESUMED, true);
                return;
            }
            IdempotencyTable.Reply reply = table.reply(key);
            if (reply == null) {
                claim(exchange); // removed meanwhile (retention): new after all
                return;
            }
            if (reply.body() != null) {
                exchange.setProperty(Exchanges.REPLAY, reply);
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
        releaseOrphaned();
    }

    /**
     * The {@code store-instances} route's step on a shared store: the unanswered keys of instances that stopped since
     * are given back too (on the embedded file there are none but at the start).
     */
    public void releaseGoneInstances() {
        if (db.dialect().shared()) {
            releaseOrphaned();
        }
    }

    private void releaseOrphaned() {
        int n = table.releaseUnansweredBefore(createdAt);
        if (n > 0) {
            LoggerFactory.getLogger(Idempotency.class)
                    .warn("{} requests unanswered when their process stopped: their retries continue the same messages", n);
        }
    }


    /**
     * The reply just made, in one commit: stored for the request's key (a repeat is answered with it) and the ids it
     * handed out linked to the message.
     */
    public void remember(Exchange exchange) {
        List<BridgeDatabase.Update> writes = new ArrayList<>(4);
        records.replied(exchange, writes);
        String key = exchange.getProperty(Exchanges.IDEMPOTENCY_KEY, String.class);
        if (key != null) {
            var msg = exchange.getMessage();
            writes.add(table.reply(key, msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                    msg.getHeader(Exchange.CONTENT_TYPE, "application/json", String.class), Exchanges.replyText(exchange)));
        }
        if (!writes.isEmpty()) {
            db.atomically(writes.toArray(BridgeDatabase.Update[]::new));
        }
    }

    /** Answers a duplicate with the first request's reply. */
    public void replay(Exchange exchange) {
        IdempotencyTable.Reply r = exchange.getProperty(Exchanges.REPLAY, IdempotencyTable.Reply.class);
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
            table.release(key);
        }
    }
}
