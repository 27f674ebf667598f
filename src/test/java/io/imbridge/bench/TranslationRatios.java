package io.imbridge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.infra.Blackhole;

/**
 * A check of {@link TranslationBenchmark}'s ratios on a loaded machine: JMH measures each benchmark in its own time
 * window, so when other processes share the cores the load of one window against another's skews a ratio. Here each
 * path and its baseline alternate in short slices (the same benchmark methods, in one JVM), and a path's ratio is the
 * median of the ratios of neighbouring slices. Not a replacement for the JMH run (no forks, no JMH safeguards), only
 * a load-robust estimate of the ratio.
 * <p>
 * Run: {@code mvn -o -Pbench test-compile exec:exec -Dbench.main=io.imbridge.bench.TranslationRatios -Dbench.args="20 100"}
 * (rounds, milliseconds per slice).
 */
public final class TranslationRatios {

    interface Op {
        void run(TranslationBenchmark b, Blackhole bh) throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] sources = {"mychat", "tencent", "openim", "netease"};
        for (String size : List.of("seed", "4k")) {
            TranslationBenchmark b = new TranslationBenchmark();
            b.size = size;
            b.setUp();
            System.out.printf(Locale.ROOT, "%n| size=%s path | median ratio | min | max |%n|---|---:|---:|---:|%n", size);
            for (String s : sources) {
                Op baseline = op(TranslationBenchmark.class.getMethod("baseline_" + s));
                for (String t : sources) {
                    if (s.equals(t)) {
                        continue;
                    }
                    Op path = op(TranslationBenchmark.class.getMethod(s + "_to_" + t, Blackhole.class));
                    // warm both
                    rate(b, bh, baseline, 1_000_000_000L);
                    rate(b, bh, path, 1_000_000_000L);
                    List<Double> ratios = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        double base1 = rate(b, bh, baseline, sliceNanos);
                        double p = rate(b, bh, path, sliceNanos);
                        double base2 = rate(b, bh, baseline, sliceNanos);
                        ratios.add(p / ((base1 + base2) / 2));
                    }
                    double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    System.out.printf(Locale.ROOT, "| %s → %s | %.2f | %.2f | %.2f |%n", s, t,
                            median(sorted), sorted[0], sorted[sorted.length - 1]);
                }
            }
            b.tearDown();
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Operations per second over one slice. */
    private static double rate(TranslationBenchmark b, Blackhole bh, Op op, long nanos) throws Throwable {
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                op.run(b, bh);
            }
            n += 16;
            now = System.nanoTime();
        } while (now < end);
        return n * 1e9 / (now - start);
    }

    private static Op op(java.lang.reflect.Method m) throws Exception {
        var handle = java.lang.invoke.MethodHandles.lookup().unreflect(m);
        if (m.getParameterCount() == 1) {
            return (b, bh) -> handle.invoke(b, bh);
        }
        return (b, bh) -> bh.consume((byte[]) handle.invoke(b));
    }

    private TranslationRatios() {
    }
}
