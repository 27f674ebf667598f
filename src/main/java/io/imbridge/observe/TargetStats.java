package io.imbridge.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.BindToRegistry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.imbridge.support.ContextBean;

/**
 * What the console shows per target, kept by this instance since it started: deliveries, failures, calls and the
 * calls that waited at the target's throttle per {@value #BUCKET_SECONDS} s over the last {@value #BUCKETS} buckets,
 * the p99 of a delivery's time over the last minute (the Micrometer timer {@code bridge_delivery_seconds}, on
 * {@code /metrics} too; approximate, to its histogram's precision), and failures by canonical category. Fed by
 * {@link Events} and by the throttle step of {@code provider-deliver}.
 */
@BindToRegistry("targetStats")
public class TargetStats extends ContextBean {

    public static final int BUCKET_SECONDS = 10;
    public static final int BUCKETS = 60;

    /** A target's counts: ring buckets indexed by epoch bucket number modulo {@link #BUCKETS}. */
    private static final class Counts {
        final AtomicLongArray delivered = new AtomicLongArray(BUCKETS);
        final AtomicLongArray failed = new AtomicLongArray(BUCKETS);
        /** Calls made to the target, those of them that waited at its throttle, and the longest such wait (ms). */
        final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
        final AtomicLongArray throttled = new AtomicLongArray(BUCKETS);
        final AtomicLongArray longestWait = new AtomicLongArray(BUCKETS);
        /** The epoch bucket each slot holds now (a slot of an older bucket reads as 0). */
        final AtomicLongArray slotOf = new AtomicLongArray(BUCKETS);
        final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
        volatile Timer latency;

        void add(AtomicLongArray counts, long bucket) {
            counts.incrementAndGet(claim(bucket));
        }

        /** The slot of {@code bucket}, cleared first when it held an older bucket. */
        int claim(long bucket) {
            int slot = (int) (bucket % BUCKETS);
            if (slotOf.get(slot) != bucket) {
                synchronized (this) {
                    if (slotOf.get(slot) != bucket) {
                        // the slot held a bucket older than the window: cleared before it is claimed
                        delivered.set(slot, 0);
                        failed.set(slot, 0);
                        calls.set(slot, 0);
                        throttled.set(slot, 0);
                        longestWait.set(slot, 0);
                        slotOf.set(slot, bucket);
                    }
                }
            }
            return slot;
        }

        long[] series(AtomicLongArray counts, long lastBucket) {
            long[] out = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                long bucket = lastBucket - (BUCKETS - 1) + i;
                int slot = (int) (bucket % BUCKETS);
                out[i] = bucket >= 0 && slotOf.get(slot) == bucket ? counts.get(slot) : 0;
            }
            return out;
        }
    }

    private final ConcurrentMap<String, Counts> targets = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** The target accepted a delivery that took {@code tookMs}. */
    public void delivered(String target, long tookMs) {
        Counts c = counts(target);
        c.add(c.delivered, bucketNow());
        latency(target, c).record(Duration.ofMillis(Math.max(0, tookMs)));
    }

    /**
     * A wait at the throttle shorter than this is the throttle's own cost or the machine's scheduling (seen: 7 ms for
     * a lone call under load), not a wait for the target's limit.
     */
    static final long THROTTLE_WAIT_MS = 50;

    /** A call to the target passed its throttle: counted, and when it had to wait for the target's calls/s, as throttled. */
    public void callMade(String target, long waitedMs) {
        Counts c = counts(target);
        int slot = c.claim(bucketNow());
        c.calls.incrementAndGet(slot);
        if (waitedMs >= THROTTLE_WAIT_MS) {
            c.throttled.incrementAndGet(slot);
            c.longestWait.accumulateAndGet(slot, waitedMs, Math::max);
        }
    }

    /** A delivery to the target failed (a try, or for good) in {@code category}. */
    public void failed(String target, String category) {
        Counts c = counts(target);
        c.add(c.failed, bucketNow());
        c.errors.computeIfAbsent(category, k -> new LongAdder()).increment();
    }

    /**
     * One target's view: per-bucket series (oldest first, the last is the current bucket) of deliveries, failures,
     * calls, calls that waited at the throttle and the longest wait; the p99 in ms (null without a delivery in the last
     * minute); failures by category since start.
     */
    public record View(long lastBucketStart, long[] delivered, long[] failed, long[] calls, long[] throttled,
                       long[] longestWaitMs, Double p99Ms, Map<String, Long> errors) {
    }

    public View view(String target) {
        Counts c = targets.get(target);
        long now = bucketNow();
        long start = now * BUCKET_SECONDS * 1000;
        if (c == null) {
            return new View(start, new long[BUCKETS], new long[BUCKETS], new long[BUCKETS], new long[BUCKETS],
                    new long[BUCKETS], null, Map.of());
        }
        Map<String, Long> errors = new TreeMap<>();
        c.errors.forEach((k, v) -> errors.put(k, v.sum()));
        Double p99 = null;
        Timer t = c.latency;
        long[] delivered = c.series(c.delivered, now);
        long lastMinute = 0;
        for (int i = BUCKETS - 60 / BUCKET_SECONDS; i < BUCKETS; i++) {
            lastMinute += delivered[i];
        }
        // the timer's window is about a minute: without a delivery in the last one it has nothing to say
        if (t != null && lastMinute > 0) {
            for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.99 && !Double.isNaN(v.value())) {
                    p99 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
        }
        return new View(start, delivered, c.series(c.failed, now), c.series(c.calls, now), c.series(c.throttled, now),
                c.series(c.longestWait, now), p99, errors);
    }

    /** The targets seen so far. */
    public Set<String> seen() {
        return new java.util.TreeSet<>(targets.keySet());
    }

    private Counts counts(String target) {
        return targets.computeIfAbsent(target, k -> new Counts());
    }

    private Timer latency(String target, Counts c) {
        Timer t = c.latency;
        if (t == null) {
            synchronized (c) {
                if (c.latency == null) {
                    c.latency = Timer.builder("bridge_delivery_seconds")
                            .description("from the start of a delivery's exchange (the caller's request, or the"
                                    + " queue's take) to the target's acceptance")
                            .tag("target", target).publishPercentiles(0.99).percentilePrecision(2)
                            .distributionStatisticExpiry(Duration.ofMinutes(1)).distributionStatisticBufferLength(3)
                            .register(registry());
                }
                t = c.latency;
            }
        }
        return t;
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            Set<MeterRegistry> found = getCamelContext() == null ? Set.of()
                    : getCamelContext().getRegistry().findByType(MeterRegistry.class);
            r = found.isEmpty() ? new SimpleMeterRegistry() : found.iterator().next();
            registry = r;
        }
        return r;
    }

    private static long bucketNow() {
        return System.currentTimeMillis() / (BUCKET_SECONDS * 1000L);
    }

    /** For the page: the view as plain values. */
    public static Map<String, Object> asMap(View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bucketSeconds", BUCKET_SECONDS);
        out.put("lastBucketStart", v.lastBucketStart());
        out.put("delivered", v.delivered());
        out.put("failed", v.failed());
        out.put("calls", v.calls());
        out.put("throttled", v.throttled());
        out.put("longestThrottleWaitMs", v.longestWaitMs());
        out.put("p99Ms", v.p99Ms());
        out.put("errors", v.errors());
        return out;
    }
}
