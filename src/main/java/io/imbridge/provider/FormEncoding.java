package io.imbridge.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} encoding of UTF-8 text, and its decoding. Encoding gives the same output as
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

    /**
     * As {@code URLDecoder.decode(s, UTF_8)}, with its {@link IllegalArgumentException} for a malformed escape. Text of
     * ASCII characters and well-formed escapes — every inbound form and MyChat command — is decoded in one array;
     * anything else goes to {@code URLDecoder}, which makes a string for each run of escapes.
     */
    public static String decode(String s) {
        String ascii = decodeAscii(s);
        return ascii != null ? ascii : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The decoded text, or null when {@code s} holds a non-ASCII character or an escape that is not two hex digits. */
    private static String decodeAscii(String s) {
        int n = s.length();
        byte[] bytes = null;
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == '%' || c == '+') {
                if (bytes == null) {
                    bytes = new byte[n];
                    for (int k = 0; k < i; k++) {
                        bytes[k] = (byte) s.charAt(k);
                    }
                    len = i;
                }
                if (c == '+') {
                    bytes[len++] = ' ';
                    continue;
                }
                int hi = i + 2 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                bytes[len++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (bytes != null) {
                bytes[len++] = (byte) c;
            }
        }
        return bytes == null ? s : new String(bytes, 0, len, StandardCharsets.UTF_8);
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
