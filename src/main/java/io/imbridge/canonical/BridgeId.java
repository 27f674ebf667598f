package io.imbridge.canonical;

import java.security.SecureRandom;

/**
 * The bridge's message ids: 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by 80 bits
 * that are random per millisecond and counted up within it, so ids sort by creation time and never repeat in a
 * process (the ULID layout).
 */
public final class BridgeId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static long randHigh; // 16 bits
    private static long randLow;  // 64 bits

    private BridgeId() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static synchronized String next(long now) {
        if (now > lastMillis) {
            lastMillis = now;
            randHigh = RANDOM.nextInt(1 << 16);
            randLow = RANDOM.nextLong();
        } else {
            // same (or an earlier, clock stepped back) millisecond: count up so order and uniqueness hold
            randLow++;
            if (randLow == 0) {
                randHigh = (randHigh + 1) & 0xFFFF;
            }
        }
        return encode(lastMillis, randHigh, randLow);
    }

    private static String encode(long millis, long high, long low) {
        char[] out = new char[26];
        // 10 chars of time (50 bits, top 2 zero)
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 16 chars of randomness: 80 bits = high(16) + low(64)
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }

    /**
     * The id of a message whose source gave it a stable key (a migrated message: its source's id): made at
     * {@code millis}, its other 80 bits from the key's SHA-256, so every run of a migration gives the message the same
     * id — and the targets' ids derived from it (NetEase msgId, Tencent MsgRandom) are the same too.
     */
    public static String derived(long millis, String key) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long high = ((h[0] & 0xFFL) << 8) | (h[1] & 0xFFL);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = (low << 8) | (h[i] & 0xFFL);
        }
        return encode(Math.max(0, millis), high, low);
    }

    /** The smallest id made at {@code millis}: every id made earlier sorts before it. */
    public static String firstAt(long millis) {
        return encode(millis, 0, 0);
    }

    /** The millisecond timestamp an id was made at. */
    public static long timestampOf(String id) {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | indexOf(id.charAt(i));
        }
        return t;
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a bridge id");
    }
}
