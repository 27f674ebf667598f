package io.imbridge.provider;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            long nominal = Math.min(10_000, 100L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                long d = Backoff.delayMs(attempt, 100, 10_000, null);
                assertTrue(d >= nominal * 3 / 4 && d <= Math.min(10_000, nominal * 5 / 4 + 1), attempt + ": " + d);
            }
        }
        assertEquals(10_000, Backoff.delayMs(30, 100, 10_000, null), 2_500);
    }

    @Test
    void retryAfterIsNeverShortened() {
        assertEquals(7_000, Backoff.delayMs(1, 100, 10_000, 7_000L));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            DefaultExchange e = new DefaultExchange(ctx);
            assertNull(Backoff.retryAfterMs(e));
            e.getMessage().setHeader("Retry-After", "3");
            assertEquals(3_000L, Backoff.retryAfterMs(e));
            e.getMessage().setHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10)));
            long ms = Backoff.retryAfterMs(e);
            assertTrue(ms > 8_000 && ms <= 10_000, Long.toString(ms));
            e.getMessage().setHeader("Retry-After", "soon");
            assertNull(Backoff.retryAfterMs(e));
        }
    }
}
