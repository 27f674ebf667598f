package io.imbridge.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.provider.mychat.MyChatCodec;
import io.imbridge.provider.mychat.MyChatRequests;

/**
 * The store alone, as a bridged message uses it: 16 callers at once (the HTTP worker threads), each message written as
 * the bridge writes it — accepted (the message, its primary under way) and delivered (the target's two ids, the
 * delivery with its receipts) — through the same tables and group commit. The embedded SQLite file against the H2
 * file of earlier releases, each with the settings the bridge gives it. Besides JMH's messages per second, each
 * iteration prints the process's CPU per message ({@code STORE cpu}).
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench.args=StoreBenchmark} (BENCHMARKS.md › Store).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(16)
public class StoreBenchmark {

    @Param({"sqlite", "h2"})
    public String engine;

    BridgeDatabase db;
    MessageTable messages;
    DeliveryTable deliveries;
    MessageIdTable ids;
    String seed;
    final LongAdder done = new LongAdder();
    long cpuAtStart;
    long writerAtStart;
    long doneAtStart;

    @Setup
    public void open() throws Exception {
        Path dir = Files.createTempDirectory("store-benchmark-");
        db = new BridgeDatabase();
        db.setDataDir(dir.toString());
        if (engine.equals("h2")) {
            db.setUrl(BridgeDatabase.h2Url(dir, "bridge", true));
            db.setUser("bridge");
        }
        messages = new MessageTable();
        messages.db = db;
        deliveries = new DeliveryTable();
        deliveries.db = db;
        ids = new MessageIdTable();
        ids.db = db;
        seed = Fixtures.text("mychat/seed-browser-line.json");
        db.dialect(); // opened before the first iteration
    }

    @TearDown
    public void close() {
        db.close();
    }

    @Setup(Level.Iteration)
    public void iterationStarts() {
        cpuAtStart = processCpuNanos();
        writerAtStart = writerCpuNanos();
        doneAtStart = done.sum();
    }

    @TearDown(Level.Iteration)
    public void iterationEnds() {
        long n = done.sum() - doneAtStart;
        System.out.printf("%nSTORE cpu %s: %.1f us per message, of which the writer thread %.1f us (%d messages,"
                + " %d writes in %d commits so far)%n", engine, (processCpuNanos() - cpuAtStart) / 1e3 / Math.max(1, n),
                (writerCpuNanos() - writerAtStart) / 1e3 / Math.max(1, n), n, db.writes(), db.commits());
    }

    /** The CPU time of the store's writer thread (its commits: the part of the store no caller can share). */
    static long writerCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("store-writer-")) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** 32 random hex digits, the shape of OpenIM's serverMsgID and clientMsgID. */
    private static String randomHex() {
        byte[] bytes = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** One bridged MyChat → OpenIM message's writes, as MessageRecords makes them. */
    @Benchmark
    public void bridgedMessage() {
        CanonicalMessage m = MyChatCodec.toCanonical(MyChatRequests.validateSend(MyChatRequests.parse(seed), "iddqd"),
                BridgeId.next(), System.currentTimeMillis());
        db.atomically(messages.record(m),
                deliveries.state(m.id(), "openim", Role.PRIMARY, DeliveryStatus.IN_FLIGHT, 1, null));
        // both as OpenIM gives them: 32 random hex digits each, so each link lands on a random leaf of the id map
        String server = randomHex();
        String client = randomHex();
        DeliveryReceipt receipt = new DeliveryReceipt("openim", "bob",
                Map.of("serverMsgID", server, "clientMsgID", client), System.currentTimeMillis());
        db.atomically(ids.link("openim", "serverMsgID", server, m.id()), ids.link("openim", "clientMsgID", client, m.id()),
                deliveries.delivered(m.id(), "openim", Role.PRIMARY, 1, List.of(receipt)));
        done.increment();
    }
}
