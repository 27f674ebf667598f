package io.imbridge.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The digests the vendors' signatures and ids are made of, against the standards' own test vectors. */
class DigestsTest {

    @Test
    void standardVectors() {
        // RFC 1321 (MD5), FIPS 180-2 examples (SHA-1, SHA-256)
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", Digests.hex("MD5", ""));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", Digests.hex("MD5", "abc"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", Digests.hex("SHA-1", "abc"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digests.hex("SHA-256", "abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digests.hex("SHA-256", ""));
        // a digest is fresh each time: nothing of the last text is left in the next
        assertEquals("900150983cd24fb0d6963f7d28e17f72", Digests.hex("MD5", "abc"));
        assertEquals(0xba7816bfL, Digests.u32("abc"));
    }

    @Test
    void manyThreadsAtOnceGetTheSameDigests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!Digests.hex("SHA-256", "abc").equals(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                                || !Digests.hex("MD5", "").equals("d41d8cd98f00b204e9800998ecf8427e")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertEquals(true, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
