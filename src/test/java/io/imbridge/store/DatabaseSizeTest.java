package io.imbridge.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.imbridge.RunningBridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disk use of the bridge database is proportional to what it keeps: 10,000 MyChat messages of a few hundred bytes
 * through the running bridge leave the store ({@code bridge.db} and its write-ahead log {@code bridge.db-wal}) within a
 * few KB per message, while running and after a graceful stop. (Issue 9, on H2: 1.66 GB after 8,161 messages, about
 * 200 KB each, and no shrinking at stop.)
 */
class DatabaseSizeTest {

    static final int MESSAGES = 10_000;
    static final int CLIENTS = 16;
    /**
     * After a graceful stop the file holds what is kept: measured 1.6–1.7 KB per message (docs/operations.md), so
     * 4 KB leaves margin. While running it also holds the chunks of the last seconds' commits, not yet reusable or
     * rewritten — an overhead that follows the write rate, not the number of messages: measured 7.8 KB per
     * message at 100 msg/s and 9.9 KB at 130 msg/s, hence 16 KB. (Before: 59 KB per message running, 60 KB after
     * the stop.)
     */
    static final long STOPPED_BYTES_PER_MESSAGE = 4 * 1024;
    static final long RUNNING_BYTES_PER_MESSAGE = 16 * 1024;

    @Test
    void tenThousandMessagesStayWithinAFewKilobytesEach() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.imbridge.TestPostgres.ACTIVE, "the embedded file's size");
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "size-");
        long running;
        try (RunningBridge b = RunningBridge.start("bridge.data-dir", data.toString())) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            long start = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int n = next.getAndIncrement(); n < MESSAGES; n = next.getAndIncrement()) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.base
                                + "/mychat/API/?data=" + RunningBridge.encode(message(n)))).timeout(Duration.ofSeconds(30))
                                .GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && !r.body().contains("\"error\"")) {
                            accepted.incrementAndGet();
                        }
                        if (n % 1000 == 999) {
                            System.out.printf("SIZE after %d messages: %.1f MB (%.2f s)%n", n + 1,
                                    size(data) / 1e6, (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
            running = size(data);
            System.out.printf("SIZE %d messages in %.1f s: %.1f MB, %.2f KB/message while running%n", MESSAGES,
                    (System.nanoTime() - start) / 1e9, running / 1e6, running / 1024.0 / MESSAGES);
            assertEquals(MESSAGES, accepted.get(), "every message answered 0002");
        }
        long stopped = size(data);
        System.out.printf("SIZE after a graceful stop: %.1f MB, %.2f KB/message%n", stopped / 1e6,
                stopped / 1024.0 / MESSAGES);
        assertTrue(running <= MESSAGES * RUNNING_BYTES_PER_MESSAGE, "while running: " + running + " bytes");
        assertTrue(stopped <= MESSAGES * STOPPED_BYTES_PER_MESSAGE, "after the stop: " + stopped + " bytes");
        assertTrue(stopped <= running, "the stop does not grow the file: " + stopped + " > " + running);
    }

    /** The store's file and its write-ahead log (gone after a graceful stop: checkpointed into the file). */
    static long size(Path data) throws java.io.IOException {
        Path wal = data.resolve("bridge.db-wal");
        return Files.size(data.resolve("bridge.db")) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    /** A chat line of a few hundred bytes, each message its own. */
    static String message(int n) {
        return "{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"ServerKey\":\"iddqd\",\"Msg\":\"message " + n
                + ": the quick brown fox jumps over the lazy dog, and the lazy dog lets it, as it does every morning"
                + " when the bridge carries lines like this one between two chat networks\"}";
    }
}
