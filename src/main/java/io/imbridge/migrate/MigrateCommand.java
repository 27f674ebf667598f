package io.imbridge.migrate;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import io.imbridge.provider.Failures;

/**
 * {@code java -jar im-bridge.jar migrate …}: the bridge's own Camel context — the same properties, routes, codecs,
 * outbound calls, throttles and error tables — started without its HTTP server (so it runs beside a bridge on the
 * same port and data directory), the migration run on it, the context stopped.
 */
public final class MigrateCommand {

    /** How long a stop waits for the messages under way (a target's HTTP timeout is 10 s). */
    static final long STOP_WAIT_SECONDS = 30;

    private MigrateCommand() {
    }

    /** {@code args} as given to the jar, {@code migrate} first. Answers the exit code. */
    public static int run(String[] args) {
        MigrateOptions options;
        try {
            options = MigrateOptions.parse(Arrays.asList(args).subList(1, args.length));
        } catch (MigrateOptions.UsageException e) {
            System.err.println("migrate: " + e.getMessage());
            System.err.println(MigrateOptions.USAGE);
            return 2;
        }
        options.properties().forEach(System::setProperty);
        // the bridge's INFO lines would tear the progress bar: the run speaks for itself
        Configurator.setRootLevel(Level.WARN);
        Main main = io.imbridge.Application.commandMain("migrate");
        main.addOverrideProperty("bridge.migrate.command", "true");
        // its checkpoints in a database file of their own: a bridge may hold bridge.db meanwhile
        main.addOverrideProperty("bridge.store.name", "migration");
        main.addOverrideProperty("bridge.store.close-on-exit", "false");
        if (options.rate() > 0) {
            String key = "bridge." + options.to() + ".max-calls-per-second";
            main.addOverrideProperty(key, String.valueOf(Math.min(options.rate(), targetLimit(key))));
        }
        PrintStream out = System.out;
        MigrationRun[] running = new MigrationRun[1];
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        // Ctrl-C or a TERM: no message is begun after it; those under way end (or are left "in doubt" for --resume),
        // the summary is printed and the context stopped before the JVM exits
        Thread stopper = new Thread(() -> {
            if (running[0] != null) {
                running[0].stop();
            }
            try {
                ended.await(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "migrate-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            main.start();
            running[0] = new MigrationRun(main.getCamelContext(), options, out);
            return running[0].run();
        } catch (MigrateOptions.UsageException e) {
            System.err.println("migrate: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("migrate: failed: " + Failures.reason(e));
            return 1;
        } finally {
            try {
                main.stop();
            } catch (Exception e) {
                System.err.println("migrate: stopping: " + e.getMessage());
            }
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The target's own calls-per-second limit, as the bridge's properties resolve it. */
    private static int targetLimit(String key) {
        return Integer.parseInt(io.imbridge.Application.setting(key, Map.of()).orElse("1000").trim());
    }
}
