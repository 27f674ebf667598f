package io.imbridge.bus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import io.imbridge.canonical.Json;
import io.imbridge.delivery.Router;
import io.imbridge.provider.Failures;

/**
 * {@code java -jar im-bridge.jar replay --from-time <instant> | --from-offset <n> [--target <vendor>]...}: what
 * {@code POST /admin/bus/replay} does, on the bridge's own Camel context — the same properties, store, deliveries and
 * Kafka settings — started without its HTTP server and without the bus's consumer groups (it delivers what it
 * replays, nothing else), the replay run on it, the context stopped. Prints the endpoint's answer as one JSON line.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: java -jar im-bridge.jar replay (--from-time <ISO-8601 instant|epoch ms> | --from-offset <offset>)
                     [--target <mychat|tencent|openim|netease>]... [-D<property>=<value> ...]""";
    private static final List<String> TARGETS = List.of("mychat", "tencent", "openim", "netease");

    private ReplayCommand() {
    }

    /** The command's arguments: a start (a time in epoch ms, or an offset of every partition), targets, properties. */
    record Options(Long fromTimeMs, Long fromOffset, List<String> targets, Map<String, String> properties) {
    }

    /** A wrong argument: the usage is printed with it, and the command exits 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code args} as given to the jar, {@code replay} first. Answers the exit code. */
    public static int run(String[] args) {
        Options options;
        try {
            options = parse(List.of(args).subList(1, args.length));
        } catch (UsageException e) {
            System.err.println("replay: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        // read before a context starts (with the bus in process it would only open the store to say so)
        if (!"kafka".equals(io.imbridge.Application.setting("bridge.bus", options.properties()).orElse("").trim())) {
            System.err.println("replay: the bus is not Kafka (bridge.bus=memory): nothing to replay");
            return 2;
        }
        PrintStream out = System.out;
        Level level = LogManager.getRootLogger().getLevel();
        // the bridge's INFO lines would bury the summary line on standard output
        Configurator.setRootLevel(Level.WARN);
        Main main = io.imbridge.Application.commandMain("replay");
        // no consumer group (nor queue consumer): a bridge running meanwhile delivers the new records
        main.addOverrideProperty("bridge.bus.consume", "false");
        // overrides, not JVM system properties: the command may run inside a JVM that goes on (tests)
        options.properties().forEach(main::addOverrideProperty);
        try {
            main.start();
            var registry = main.getCamelContext().getRegistry();
            Bus bus = registry.lookupByNameAndType("bus", Bus.class);
            var notStarted = bus.notStarted();
            if (notStarted.isPresent()) {
                System.err.println("replay: failed: the bus did not start: " + notStarted.get());
                return 1;
            }
            List<String> targets = bus.consumedTargets(String.join(",", options.targets()));
            out.println(Json.write(registry.lookupByNameAndType("busReplay", BusReplay.class)
                    .replay(options.fromTimeMs(), options.fromOffset(), targets).answer(targets)));
            return 0;
        } catch (Exception e) {
            System.err.println("replay: failed: " + Failures.reason(e));
            return 1;
        } finally {
            try {
                main.stop();
            } catch (Exception e) {
                System.err.println("replay: stopping: " + e.getMessage());
            }
            Configurator.setRootLevel(level);
        }
    }

    /** {@code args} without the leading {@code replay}. */
    static Options parse(List<String> args) {
        Long fromTime = null;
        Long fromOffset = null;
        List<String> targets = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--from-time" -> fromTime = time(value(args, ++i, a));
                case "--from-offset" -> fromOffset = offset(value(args, ++i, a));
                case "--target", "--targets" -> {
                    for (String t : Router.targets(value(args, ++i, a))) {
                        if (!TARGETS.contains(t)) {
                            throw new UsageException(a + " must be one of " + String.join(", ", TARGETS) + ", not " + t);
                        }
                        targets.add(t);
                    }
                }
                default -> {
                    if (a.startsWith("-D") && a.indexOf('=') > 2) {
                        properties.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    } else {
                        throw new UsageException("unknown argument " + a);
                    }
                }
            }
        }
        if ((fromTime == null) == (fromOffset == null)) {
            throw new UsageException("give one of --from-time and --from-offset");
        }
        return new Options(fromTime, fromOffset, List.copyOf(targets), Map.copyOf(properties));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).isBlank()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i).trim();
    }

    /** As the admin endpoint reads {@code fromTime} ({@link BusReplay#fromTimeMs}). */
    private static long time(String v) {
        try {
            return BusReplay.fromTimeMs(v);
        } catch (RuntimeException e) {
            throw new UsageException("--from-time takes an ISO-8601 instant (2024-05-01T10:00:00Z) or epoch"
                    + " milliseconds, not " + v);
        }
    }

    private static long offset(String v) {
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--from-offset takes an offset (a whole number from 0), not " + v);
    }
}
