package io.imbridge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.imbridge.TestPostgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A conversation's numbers (the seq OpenIM's revoke_msg takes, given by the bridge to the messages sent to it): from 1,
 * each given once however many callers take them at once — on PostgreSQL by two processes' stores sharing it — and
 * each conversation counted on its own. On the embedded SQLite file, on H2 (the store of earlier releases), and on
 * PostgreSQL when the suite runs there.
 */
class ConversationSeqTableTest {

    static final int THREADS = 8;
    static final int EACH = 25;

    @Test
    void numbersAreGivenOnceEachFromOneAndPerConversation() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "seqs-");
        String pg = TestPostgres.ACTIVE ? TestPostgres.newDatabase() : null;
        List<BridgeDatabase> stores = new ArrayList<>();
        try {
            stores.add(open(dir, pg));
            if (pg != null) {
                stores.add(open(dir, pg)); // a second process's store on the same database
            } else {
                BridgeDatabase h2 = open(Files.createTempDirectory(dir, "h2-"), null);
                h2.setUrl("jdbc:h2:file:" + dir.toAbsolutePath().resolve("h2-store"));
                assertEquals(Dialect.H2, h2.dialect());
                assertNumbering(List.of(h2));
                h2.close();
            }
            assertNumbering(stores);
        } finally {
            stores.forEach(BridgeDatabase::close);
        }
    }

    private static void assertNumbering(List<BridgeDatabase> stores) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Long>>> taken = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                BridgeDatabase db = stores.get(t % stores.size());
                ConversationSeqTable seqs = table(db);
                taken.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < EACH; i++) {
                        mine.add(db.transaction(tx -> seqs.next(tx, "openim", "si_alice_bob")));
                    }
                    return mine;
                }));
            }
            Set<Long> all = new TreeSet<>();
            int count = 0;
            for (Future<List<Long>> f : taken) {
                List<Long> mine = f.get();
                count += mine.size();
                all.addAll(mine);
                assertEquals(mine.stream().sorted().toList(), mine, "one caller's numbers rise");
            }
            assertEquals(THREADS * EACH, count);
            assertEquals(LongStream.rangeClosed(1, THREADS * EACH).boxed().collect(Collectors.toCollection(TreeSet::new)),
                    all, "every number from 1, each once");
            BridgeDatabase db = stores.get(0);
            long group = db.transaction(tx -> table(db).next(tx, "openim", "sg_support"));
            long otherVendor = db.transaction(tx -> table(db).next(tx, "tencent", "si_alice_bob"));
            assertEquals(1, group, "its own count");
            assertEquals(1, otherVendor, "another vendor's");
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConversationSeqTable table(BridgeDatabase db) {
        ConversationSeqTable seqs = new ConversationSeqTable();
        seqs.db = db;
        return seqs;
    }

    private static BridgeDatabase open(Path dir, String pg) throws Exception {
        BridgeDatabase db = new BridgeDatabase();
        db.setDataDir(Files.createTempDirectory(dir, "store-").toString());
        if (pg != null) {
            db.setUrl(pg);
            db.setUser("postgres");
        }
        return db;
    }
}
