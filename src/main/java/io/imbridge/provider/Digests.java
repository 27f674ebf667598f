package io.imbridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex digests of UTF-8 text, as the vendors' signatures and ids use them (SHA-1, SHA-256, MD5). */
public final class Digests {

    private Digests() {
    }

    /** The first 32 bits of the SHA-256 of {@code text}: a stable number for an id a vendor wants as a uint32. */
    public static long u32(String text) {
        return Long.parseLong(hex("SHA-256", text).substring(0, 8), 16);
    }

    /** The first 62 bits of the SHA-256 of {@code text}: a stable positive long for an id a vendor wants as one. */
    public static long positiveLong(String text) {
        return Long.parseUnsignedLong(hex("SHA-256", text).substring(0, 16), 16) >>> 2;
    }

    public static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
