package io.imbridge.provider;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;

/** Exponential backoff with jitter, and the target's {@code Retry-After} when it said one. */
public final class Backoff {

    private Backoff() {
    }

    /**
     * The wait before attempt {@code attempt + 1}: base × 2^(attempt−1), capped, with ±50 % jitter so that many
     * senders do not retry in step; never shorter than the target's Retry-After.
     */
    public static long delayMs(int attempt, long baseMs, long capMs, Long retryAfterMs) {
        long exp = baseMs << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(capMs, exp);
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1) + capped / 4;
        long delay = Math.min(capMs, jittered);
        return retryAfterMs == null ? delay : Math.max(delay, retryAfterMs);
    }

    /** The target's {@code Retry-After} (seconds or an HTTP date) on the answer just read, in ms; null if none. */
    public static Long retryAfterMs(Exchange answered) {
        String v = answered.getMessage().getHeader("Retry-After", String.class);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        if (v.chars().allMatch(Character::isDigit) && v.length() < 9) {
            return Long.parseLong(v) * 1000;
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - System.currentTimeMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
