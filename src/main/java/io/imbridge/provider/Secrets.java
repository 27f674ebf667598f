package io.imbridge.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets and signatures that take the same time whatever the input. */
public final class Secrets {

    private Secrets() {
    }

    /** Constant-time equality; false when either side is null or the expected value is empty. */
    public static boolean equal(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
