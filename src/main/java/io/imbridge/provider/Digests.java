package io.imbridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

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
        return HexFormat.of().formatHex(digest(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** One digest per algorithm, made once and never used itself: each digest is made on a copy of it. */
    private static final ConcurrentHashMap<String, MessageDigest> PROTOTYPES = new ConcurrentHashMap<>();

    /**
     * A fresh digest, copied from its prototype: {@code MessageDigest.getInstance} looks the algorithm up among the
     * security providers and constructs it reflectively, and a bridged message makes several digests (its calls'
     * keys, OpenIM's body MD5, an idempotency key).
     */
    private static MessageDigest digest(String algorithm) {
        MessageDigest prototype = PROTOTYPES.computeIfAbsent(algorithm, Digests::newDigest);
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest(algorithm);
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
