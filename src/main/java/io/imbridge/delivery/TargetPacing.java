package io.imbridge.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target that answers "rate limited" (NetEase 416, Tencent 60007/60011/60018/60019) is given a pause: every call
 * to it waits until the pause ends — its {@code Retry-After}, else {@code bridge.delivery.rate-limited-pause-ms} —
 * so the bridge slows down instead of hammering it (NetEase bans an app for 10 s beyond its limit). Other targets
 * are not affected. The failed message itself is retried as any transient failure is.
 */
@BindToRegistry("targetPacing")
public class TargetPacing {

    private static final Logger LOG = LoggerFactory.getLogger(TargetPacing.class);
    /** The longest pause one answer can impose (a Retry-After of an hour is not waited out call by call). */
    static final long MAX_PAUSE_MS = 60_000;

    @PropertyInject(value = "bridge.delivery.rate-limited-pause-ms", defaultValue = "1000")
    long pauseMs;

    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

    /** The target said "rate limited": calls to it pause; answers how long from now. */
    public long slowDown(String target, Long retryAfterMs) {
        long pause = Math.min(MAX_PAUSE_MS, retryAfterMs != null ? Math.max(retryAfterMs, 0) : pauseMs);
        long until = System.currentTimeMillis() + pause;
        Long before = pausedUntil.get(target);
        pausedUntil.merge(target, until, Math::max);
        if (before == null || before < System.currentTimeMillis()) {
            LOG.warn("target={} is rate limiting: calls to it paused for {} ms", target, pause);
        }
        return pause;
    }

    /** How long calls to the target must still wait, in ms (0 when not paused). */
    public long remainingMs(String target) {
        Long until = pausedUntil.get(target);
        return until == null ? 0 : Math.max(0, until - System.currentTimeMillis());
    }

    /** Waits until the target's pause, if any, is over (before a call to it). */
    public void awaitTurn(String target) throws InterruptedException {
        long wait;
        while (target != null && (wait = remainingMs(target)) > 0) {
            Thread.sleep(wait);
        }
    }
}
