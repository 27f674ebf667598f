package io.imbridge.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** FormEncoding writes exactly what URLEncoder writes (it replaced it on the outbound calls). */
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

    private static void check(String s) {
        String jdk = URLEncoder.encode(s, StandardCharsets.UTF_8);
        assertEquals(jdk, FormEncoding.encode(s), s);
        assertEquals(jdk.replace("+", "%20"), FormEncoding.encodeSpaceAsPercent(s), s);
    }
}
