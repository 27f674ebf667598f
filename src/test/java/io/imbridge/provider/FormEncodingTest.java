package io.imbridge.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** FormEncoding writes exactly what URLEncoder writes, and reads exactly what URLDecoder reads (it replaced both). */
class FormEncodingTest {

    @Test
    void sameAsUrlEncoder() {
        List<String> samples = List.of("", "abc", "a b", "a+b", " ", "~!@#$%^&*()_+-=[]{}|;':\",./<>?`",
                "{\"cmd\":\"0002\",\"Msg\":\"Hello from browser\"}", "Привет 你好 😀", "\uD800", "x\uDC00y",
                "\uD83D\uDE00\uD83D", "\u0000\u007F\u0080\u00FF", "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS8kr");
        for (String s : samples) {
            check(s);
        }
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            char[] c = new char[random.nextInt(24)];
            for (int i = 0; i < c.length; i++) {
                int kind = random.nextInt(4);
                c[i] = (char) (kind == 0 ? random.nextInt(128) : kind == 1 ? random.nextInt(0x800)
                        : kind == 2 ? 0xD800 + random.nextInt(0x800) : random.nextInt(0x10000));
            }
            check(new String(c));
        }
    }

    @Test
    void decodesAsUrlDecoder() {
        List<String> samples = List.of("", "plain", "a+b%2Bc", "%7B%22Msg%22%3A%22Hello%20from%20browser%22%7D",
                "%E4%BD%A0+%E5%A5%BD", "%e4%bd%a0", "%E4a%BD", "caf\u00e9%21", "%+f", "%0", "100%", "%zz", "%%41");
        for (String s : samples) {
            checkDecoded(s);
        }
        Random random = new Random(7);
        String alphabet = "%+aZ09-_.~&=\u00e9\u4f60";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(16); i > 0; i--) {
                b.append(random.nextInt(3) == 0 ? "%" + Integer.toHexString(random.nextInt(256))
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            checkDecoded(b.toString());
        }
    }

    private static void checkDecoded(String s) {
        String jdk;
        try {
            jdk = URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            try {
                FormEncoding.decode(s);
            } catch (IllegalArgumentException refused) {
                return;
            }
            throw new AssertionError("accepted what URLDecoder refuses: " + s);
        }
        assertEquals(jdk, FormEncoding.decode(s), s);
    }

    private static void check(String s) {
        String jdk = URLEncoder.encode(s, StandardCharsets.UTF_8);
        assertEquals(jdk, FormEncoding.encode(s), s);
        assertEquals(jdk.replace("+", "%20"), FormEncoding.encodeSpaceAsPercent(s), s);
    }
}
