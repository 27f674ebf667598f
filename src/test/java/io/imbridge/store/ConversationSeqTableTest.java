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
                // both making the schema of a new database at once: one waits for the other's
                List<Future<?>> starts = new ArrayList<>();
                ExecutorService starting = Executors.newFixedThreadPool(2);
                for (BridgeDatabase store : stores) {
                    starts.add(starting.submit(store::dataSource));
                }
                for (Future<?> started : starts) {
                    started.get(); // throws when a start failed
                }
                starting.shutdown();
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

    @Test
    void aMessageNumberedBeforeKeepsItsNumberAndASearchReadsExactlyItsConversation() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "seqs-");
        BridgeDatabase db = open(dir, TestPostgres.ACTIVE ? TestPostgres.newDatabase() : null);
        try {
            ConversationSeqTable seqs = table(db);
            MessageIdTable ids = new MessageIdTable();
            ids.db = db;
            long first = db.transaction(tx -> seqs.next(tx, "openim", "sg_a"));
            db.atomically(ids.link("openim", "seq", "sg_a#" + first, "m1"));
            // m1 accepted again: as MessageRecords does, the number taken is given back when m1 has one
            long again = db.transaction(tx -> {
                long seq = seqs.next(tx, "openim", "sg_a");
                if (ids.has(tx, "m1", "openim", "seq")) {
                    seqs.giveBack(tx, "openim", "sg_a");
                    return 0L;
                }
                return seq;
            });
            long next = db.transaction(tx -> seqs.next(tx, "openim", "sg_a"));
            assertEquals(1, first);
            assertEquals(0, again, "m1 has its number");
            assertEquals(2, next, "the count left as it was by m1's second acceptance");

            // ids that look like sg_a's to a LIKE or a prefix, and one of another vendor
            db.atomically(ids.link("openim", "seq", "sg_a#3#1", "m3"), ids.link("openim", "seq", "SG_A#4", "m4"),
                    ids.link("openim", "seq", "sg_a_b#1", "m5"), ids.link("openim", "seq", "sg_ab#1", "m6"),
                    ids.link("tencent", "seq", "sg_a#9", "m7"), ids.link("openim", "serverMsgID", "s1", "m1"),
                    ids.link("openim", "seq", "sg_a#2", "m2"));
            var found = ids.numbered("openim", "seq", "sg_a");
            assertEquals(List.of("m1", "m2"), List.copyOf(found.keySet()), found.toString());
            assertEquals("s1", found.get("m1").get("serverMsgID"), "the vendor's other ids of the message come along");
            assertEquals(6, ids.numbered("openim", "seq", null).size(), "all of the vendor's numbered messages");
        } finally {
            db.close();
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
