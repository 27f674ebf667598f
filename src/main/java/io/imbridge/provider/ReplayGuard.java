package io.imbridge.provider;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers one-time values (a NetEase Nonce) until they expire, so a captured request cannot be sent again while
 * its timestamp is still accepted. Bounded: past {@code capacity} live entries new values are refused rather than
 * memory growing without end.
 */
public final class ReplayGuard {

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final int capacity;
    private long nextSweep;

    public ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /** Whether {@code key} is new; it is then remembered until {@code expiresAt} (seconds). */
    public boolean firstUse(String key, long expiresAt, long now) {
        sweep(now);
        if (seen.size() >= capacity) {
            return false;
        }
        return seen.putIfAbsent(key, expiresAt) == null;
    }

    private void sweep(long now) {
        synchronized (this) {
            if (now < nextSweep) {
                return;
            }
            nextSweep = now + 10;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) {
                it.remove();
            }
        }
    }
}
