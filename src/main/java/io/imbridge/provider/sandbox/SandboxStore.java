package io.imbridge.provider.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;

/**
 * What the sandboxes share: the messages each received (newest last, at most {@code bridge.sandbox.keep} per vendor) and the
 * faults a test told it to answer with, answered the same way by every sandbox ({@link #answerFault}). Read API:
 * {@code GET|DELETE /sandbox/<vendor>/_received}; faults: {@code POST /sandbox/<vendor>/_faults} with
 * {@code {"code": N, "times": K, "status": S}}. Both are guarded by the admin check in their routes
 * ({@code routes/sandbox.yaml}), so this provider-layer class knows nothing of administration.
 */
@BindToRegistry(SandboxStore.NAME)
public class SandboxStore {

    /** The bean's name. */
    public static final String NAME = "sandbox";

    /** How many received messages each sandbox keeps (a history migration's test holds more than a day of traffic). */
    @org.apache.camel.PropertyInject(value = "bridge.sandbox.keep", defaultValue = "10000")
    int keep = 10_000;

    /**
     * A kept request as its UTF-8 JSON, read back into a tree only when asked for. Kept as trees, 10,000 requests held
     * about 16 MB that each young collection copied while they aged out (13 ms pauses under load, against 3 ms with
     * 100 kept: BENCHMARKS.md); as bytes they take a fifth of that.
     */
    private record Kept(String key, byte[] json) {
        ObjectNode entry() {
            try {
                return (ObjectNode) Json.MAPPER.readTree(json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("a kept request is no longer JSON", e);
            }
        }
    }

    private final Map<String, Deque<Kept>> received = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Kept>> keyed = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    /** Per vendor, the numbers of the kept requests whose message was recalled. */
    private final Map<String, Set<Long>> recalled = new ConcurrentHashMap<>();

    /**
     * A fault to answer instead of handling a request.
     *
     * @param code   the vendor code to answer (in the vendor's envelope); null for a bare HTTP status
     * @param status the HTTP status
     */
    public record Fault(Integer code, int status, long delayMs) {
        /** A fault that only delays: the request is then handled normally (a slow target, a timeout). */
        public boolean delayOnly() {
            return code == null && status == 0;
        }
    }

    /**
     * The accounts a sandbox's {@code bridge.sandbox.<vendor>.users} property lists (comma-separated); empty: every
     * account exists.
     */
    public static Set<String> accounts(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Stores a request a sandbox accepted; returns its sequence number. */
    public long record(String vendor, JsonNode request, Map<String, String> meta) {
        return record(vendor, request, meta, null);
    }

    /**
     * Stores a request under {@code key} too (the vendor's deduplication key: NetEase's msgId, Tencent's imported
     * MsgSeq/MsgRandom/MsgTimeStamp), so a resend is found without a scan of everything kept.
     */
    public long record(String vendor, JsonNode request, Map<String, String> meta, String key) {
        long n = seq.incrementAndGet();
        ObjectNode entry = Json.object();
        entry.put("seq", n);
        entry.put("vendor", vendor);
        entry.put("receivedAt", System.currentTimeMillis());
        meta.forEach(entry::put);
        entry.set("request", request);
        if (key != null) {
            entry.put("dedupKey", key);
        }
        Kept kept = new Kept(key, Json.bytes(entry));
        Deque<Kept> q = received.computeIfAbsent(vendor, v -> new ArrayDeque<>());
        Map<String, Kept> index = keyed.computeIfAbsent(vendor, v -> new ConcurrentHashMap<>());
        synchronized (q) {
            q.addLast(kept);
            if (key != null) {
                index.put(key, kept);
            }
            if (q.size() > keep) {
                Kept gone = q.removeFirst();
                if (gone.key() != null) {
                    index.remove(gone.key(), gone);
                }
            }
        }
        return n;
    }

    /** The kept request stored under {@code key}, or null. */
    /** How often {@code vendor}'s kept requests were cleared: a sandbox's own state of them goes with them. */
    public long clears(String vendor) {
        return clears.getOrDefault(vendor, 0L);
    }

    private final Map<String, Long> clears = new ConcurrentHashMap<>();

    public ObjectNode recorded(String vendor, String key) {
        Map<String, Kept> index = keyed.get(vendor);
        Kept kept = index == null ? null : index.get(key);
        return kept == null ? null : kept.entry();
    }

    /**
     * Marks the kept request number {@code n} of {@code vendor} as recalled (its {@code _received} entry says
     * {@code "recalled": true}); answers false when it was recalled before.
     */
    public boolean recall(String vendor, long n) {
        return recalled.computeIfAbsent(vendor, v -> ConcurrentHashMap.newKeySet()).add(n);
    }

    /** The first kept request of {@code vendor} that {@code test} accepts, oldest first, or null. */
    public ObjectNode find(String vendor, java.util.function.Predicate<ObjectNode> test) {
        for (ObjectNode entry : received(vendor)) {
            if (test.test(entry)) {
                return entry;
            }
        }
        return null;
    }

    /** The kept requests of {@code vendor}, oldest first, each a tree of its own. */
    public List<ObjectNode> received(String vendor) {
        Deque<Kept> q = received.get(vendor);
        if (q == null) {
            return List.of();
        }
        List<Kept> kept;
        synchronized (q) {
            kept = new ArrayList<>(q);
        }
        List<ObjectNode> out = new ArrayList<>(kept.size());
        Set<Long> gone = recalled.getOrDefault(vendor, Set.of());
        for (Kept k : kept) {
            ObjectNode entry = k.entry();
            if (!gone.isEmpty() && gone.contains(entry.path("seq").asLong())) {
                entry.put("recalled", true);
            }
            out.add(entry);
        }
        return out;
    }

    public void inject(String vendor, Fault fault, int times) {
        Deque<Fault> q = faults.computeIfAbsent(vendor, v -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < times; i++) {
                q.addLast(fault);
            }
        }
    }

    /**
     * The next injected fault for {@code vendor}, or null; a delay is served here (the request then goes on as
     * normal unless the fault also names a code or status).
     */
    public Fault nextFault(String vendor) {
        Deque<Fault> q = faults.get(vendor);
        if (q == null) {
            return null;
        }
        Fault f;
        synchronized (q) {
            f = q.pollFirst();
        }
        if (f != null && f.delayMs() > 0) {
            try {
                Thread.sleep(f.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return f == null || f.delayOnly() ? null : f;
    }

    /** How a sandbox answers an injected vendor code: in its vendor's error envelope. */
    @FunctionalInterface
    public interface FaultEnvelope {
        void reply(Exchange exchange, int code, int status);
    }

    /**
     * Answers the next injected fault of {@code vendor} instead of handling the request, the same way for every
     * sandbox: a bare HTTP status as text, a vendor code in the vendor's envelope. Returns whether it answered
     * (false: no fault, or one that only delayed the request).
     */
    public boolean answerFault(Exchange exchange, String vendor, FaultEnvelope envelope) {
        Fault fault = nextFault(vendor);
        if (fault == null) {
            return false;
        }
        if (fault.code() == null) {
            Exchanges.reply(exchange, fault.status(), "text/plain", "sandbox fault");
        } else {
            envelope.reply(exchange, fault.code(), fault.status());
        }
        return true;
    }

    // ---- the HTTP read and control API ---------------------------------------------------------------------

    public void handleReceived(Exchange exchange) {
        String vendor = exchange.getMessage().getHeader("vendor", String.class);
        if ("DELETE".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
            received.remove(vendor);
            keyed.remove(vendor);
            recalled.remove(vendor);
            faults.remove(vendor);
            clears.merge(vendor, 1L, Long::sum);
            Exchanges.replyJson(exchange, 200, Map.of("cleared", vendor));
            return;
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        received(vendor).forEach(list::add);
        Exchanges.replyJson(exchange, 200, list);
    }

    public void handleFaults(Exchange exchange) {
        String vendor = exchange.getMessage().getHeader("vendor", String.class);
        JsonNode body = Json.parseOrNull(exchange.getMessage().getBody(String.class));
        if (body == null || !body.isObject() || !(body.has("code") || body.has("status") || body.has("delayMs"))) {
            Exchanges.replyJson(exchange, 400, Map.of("error",
                    "expected {\"code\": N, \"status\": S, \"delayMs\": D, \"times\": K}"));
            return;
        }
        Integer code = body.hasNonNull("code") ? body.get("code").asInt() : null;
        int status = body.has("status") || code != null ? body.path("status").asInt(200) : 0;
        int times = Math.max(1, Math.min(10_000, body.path("times").asInt(1)));
        inject(vendor, new Fault(code, status, Math.max(0, Math.min(60_000, body.path("delayMs").asLong(0)))), times);
        Exchanges.replyJson(exchange, 200, Map.of("vendor", vendor, "queued", times));
    }
}
