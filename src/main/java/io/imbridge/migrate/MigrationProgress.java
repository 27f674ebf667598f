package io.imbridge.migrate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run's progress on standard error: a progress bar (count, rate, ETA) on a terminal, else a one-line log every
 * {@code intervalMs} (count, percentage, rate, ETA) for a file or a CI log.
 */
final class MigrationProgress implements AutoCloseable {

    private final String task;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private final ProgressBar bar;
    private final ScheduledExecutorService ticker;
    private final PrintStream out;

    private MigrationProgress(String task, long total, boolean terminal, long intervalMs, PrintStream out) {
        this.task = task;
        this.total = total;
        this.out = out;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" msg", 1).showSpeed().setUpdateIntervalMillis(500).setConsumer(
                            new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
            ticker = null;
        } else {
            bar = null;
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "migrate-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::log, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** On a terminal (a console, and standard error not redirected), a bar; else log lines. */
    static MigrationProgress start(String task, long total, long intervalMs) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new MigrationProgress(task, total, terminal, intervalMs, System.err);
    }

    void step() {
        done.incrementAndGet();
        if (bar != null) {
            bar.step();
        }
    }

    long done() {
        return done.get();
    }

    private void log() {
        long n = done.get();
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = n / seconds;
        String eta = rate > 0 && total > n ? format(Duration.ofSeconds((long) ((total - n) / rate))) : "-";
        out.printf("%s: %,d/%,d messages (%d%%), %.1f msg/s, ETA %s%n", task, n, total,
                total == 0 ? 100 : n * 100 / total, rate, eta);
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else {
            ticker.shutdownNow();
            log();
        }
    }
}
