package io.imbridge;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code java -jar im-bridge.jar} (no heap flags) within a memory budget. Left alone, the JVM may take a
 * quarter of the machine's memory as heap, and a flood of large request bodies makes it use that. A jar cannot set
 * its own {@code -Xmx}, so the bridge, started without a heap limit, runs itself again in a child JVM with
 * {@code -Xmx} of {@value #MAX_HEAP} (and the parent's own JVM arguments), and behaves as that one process would:
 * same output, the child's exit code, a SIGTERM passed on and waited for, and a killed parent taking the child with
 * it. The parent loads no Camel class, so it costs a few tens of MB.
 */
final class BoundedHeap {

    /** The child's -Xmx; empty: no relaunch. */
    static final String MAX_HEAP = "bridge.jvm.max-heap";
    static final String DEFAULT_MAX_HEAP = "192m";
    /** false: run in this JVM whatever its heap. */
    static final String RELAUNCH = "bridge.jvm.relaunch";
    /** Set on the child: the pid whose death ends the child. */
    static final String PARENT_PID = "bridge.jvm.parent-pid";
    /** Camel's shutdown-timeout is 15 s: the parent waits that and a margin for the child's graceful stop. */
    static final long GRACEFUL_STOP_SECONDS = 20;
    /** How often the child looks for its parent: a restarted bridge needs the port and database within ~1.5 s. */
    static final long PARENT_POLL_MS = 50;

    /** JVM options that bound the heap: given any of them, the user chose, and the bridge runs as started. */
    private static final List<String> HEAP_LIMITS = List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=",
            "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");
    /** Options the JVM reads from the environment; they are among the input arguments too. */
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private BoundedHeap() {
    }

    /**
     * Runs the bridge in a child JVM with a bounded heap when this JVM has none, and returns the child's exit code;
     * empty when this JVM should run the bridge itself (a heap limit given, the relaunch turned off, or this is the
     * child).
     */
    static OptionalInt runBounded(String[] args) throws IOException, InterruptedException {
        String parent = System.getProperty(PARENT_PID);
        if (parent != null) {
            exitWithParent(Long.parseLong(parent));
            return OptionalInt.empty();
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Path properties = Path.of("application.properties");
        String maxHeap = setting(MAX_HEAP, DEFAULT_MAX_HEAP, System.getProperties(), System.getenv(), properties);
        boolean relaunch = !"false".equalsIgnoreCase(
                setting(RELAUNCH, "true", System.getProperties(), System.getenv(), properties).trim());
        if (!relaunch || maxHeap.isBlank() || heapBounded(jvmArgs, System.getenv()) || debugged(jvmArgs)) {
            return OptionalInt.empty();
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder child = new ProcessBuilder(childCommand(java, jvmArgs, maxHeap.trim(),
                ProcessHandle.current().pid(), System.getProperty("java.class.path"), args)).inheritIO();
        // their options are passed on among jvmArgs; read again by the child they would be applied (and printed) twice
        OPTION_VARIABLES.forEach(child.environment()::remove);
        Process bridge = child.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(bridge), "bridge-child-stop"));
        return OptionalInt.of(bridge.waitFor());
    }

    /** Whether the JVM arguments or the JVM's option variables already bound the heap. */
    static boolean heapBounded(List<String> jvmArgs, Map<String, String> env) {
        List<String> given = new ArrayList<>(jvmArgs);
        OPTION_VARIABLES.forEach(v -> given.addAll(Arrays.asList(env.getOrDefault(v, "").trim().split("\\s+"))));
        return given.stream().anyMatch(a -> HEAP_LIMITS.stream().anyMatch(a::startsWith));
    }

    /** A debugger attached to this JVM wants to debug the bridge here, not a child it cannot see. */
    static boolean debugged(List<String> jvmArgs) {
        return jvmArgs.stream().anyMatch(a -> a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp"));
    }

    /**
     * A launcher setting, read before Camel (which reads the same sources later): a system property, else the
     * environment variable (upper case, dots and dashes as underscores), else ./application.properties.
     */
    static String setting(String key, String otherwise, Properties system, Map<String, String> env, Path file) {
        String value = system.getProperty(key);
        if (value == null) {
            value = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null && Files.isRegularFile(file)) {
            Properties defaults = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                defaults.load(in);
            } catch (IOException unreadable) {
                // camel-main reports an unreadable file when it starts
            }
            value = defaults.getProperty(key);
        }
        return value == null ? otherwise : value;
    }

    /** The same java, the same JVM arguments (so -D overrides still apply) and arguments, with the heap bounded. */
    static List<String> childCommand(String java, List<String> jvmArgs, String maxHeap, long parentPid,
            String classPath, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-Xmx" + maxHeap);
        if (jvmArgs.stream().noneMatch(a -> a.matches("-XX:\\+Use\\w+GC"))) {
            // G1's own structures took ~48 MB beside a 256 MB heap under the flood (NMT "GC"), Serial's ~1 MB,
            // and on a small heap its pauses are short
            command.add("-XX:+UseSerialGC");
        }
        command.add("-D" + PARENT_PID + "=" + parentPid);
        command.addAll(List.of("-cp", classPath, Application.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** In the parent, on SIGTERM or SIGINT: the child stops as gracefully as a single process would. */
    private static void stopGracefully(Process bridge) {
        bridge.destroy();
        try {
            if (!bridge.waitFor(GRACEFUL_STOP_SECONDS, TimeUnit.SECONDS)) {
                bridge.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            bridge.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * In the child: when the parent is gone (SIGKILL gives it no chance to stop the child), the child dies at once as
     * if killed itself — no graceful stop — so that the port and the database lock are free for a restart. A killed
     * parent's child is given to another parent; the pid is not asked, as a dead parent not yet reaped still has it.
     */
    private static void exitWithParent(long parentPid) {
        Thread watch = new Thread(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parentPid) {
                try {
                    Thread.sleep(PARENT_POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "bridge-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
