package io.imbridge.provider;

import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} encoding of UTF-8 text, the same output as
 * {@code URLEncoder.encode(s, UTF_8)} (letters, digits and {@code .-*_} kept, space as {@code +}, every other byte of
 * the UTF-8 form as {@code %XX} in upper case, a lone surrogate as {@code ?}) in one pass over the bytes, without the
 * JDK encoder's per-run charset encoders and buffers: it runs on every outbound call.
 */
public final class FormEncoding {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final boolean[] KEPT = new boolean[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            KEPT[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            KEPT[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            KEPT[c] = true;
        }
        KEPT['.'] = true;
        KEPT['-'] = true;
        KEPT['*'] = true;
        KEPT['_'] = true;
    }

    private FormEncoding() {
    }

    /** As {@code URLEncoder.encode(s, UTF_8)}. */
    public static String encode(String s) {
        return encode(s, false);
    }

    /** As {@code URLEncoder.encode(s, UTF_8).replace("+", "%20")}: a space as {@code %20}. */
    public static String encodeSpaceAsPercent(String s) {
        return encode(s, true);
    }

    private static String encode(String s, boolean spaceAsPercent) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?', as URLEncoder writes it
        int kept = 0;
        for (byte b : in) {
            if (b >= 0 && (KEPT[b] || (b == ' ' && !spaceAsPercent))) {
                kept++;
            }
        }
        if (kept == in.length && s.indexOf(' ') < 0) {
            return s;
        }
        byte[] out = new byte[kept + (in.length - kept) * 3];
        int o = 0;
        for (byte b : in) {
            if (b >= 0 && KEPT[b]) {
                out[o++] = b;
            } else if (b == ' ' && !spaceAsPercent) {
                out[o++] = '+';
            } else {
                out[o++] = '%';
                out[o++] = HEX[(b >> 4) & 0xF];
                out[o++] = HEX[b & 0xF];
            }
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
