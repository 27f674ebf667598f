package io.imbridge.migrate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code migrate} command's arguments (CONTRACT.md): {@code --from <vendor|canonical> --input <file|folder|-|
 * api:pairs.csv> --to <vendor> [--dry-run] [--resume] [--rate N] [--report FILE]}, and this release's additions
 * {@code --since}/{@code --until} (a live pull's window: ISO date or instant, or epoch ms), {@code --parallel N}
 * (conversations sent at once) and {@code --allow-changed-input}. {@code -Dkey=value} arguments set properties as
 * {@code java -Dkey=value} does.
 */
record MigrateOptions(String from, String input, String to, boolean dryRun, boolean resume, int rate, String report,
                      long since, long until, int parallel, boolean allowChangedInput,
                      Map<String, String> properties) {

    static final List<String> SOURCES = List.of("mychat", "tencent", "openim", "netease", "canonical");
    static final List<String> TARGETS = List.of("mychat", "tencent", "openim", "netease");
    static final String API_PREFIX = "api:";

    static final String USAGE = """
            usage: java -jar im-bridge.jar migrate --from <mychat|tencent|openim|netease|canonical>
                     --input <file|folder|-|api:pairs.csv> --to <mychat|tencent|openim|netease>
                     [--dry-run] [--resume] [--rate <calls per second>] [--report <file>]
                     [--since <time>] [--until <time>] [--parallel <conversations>] [--allow-changed-input]
                     [-D<property>=<value> ...]""";

    /** A wrong argument: the usage is printed with it, and the command exits 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    boolean pullsFromApi() {
        return input.startsWith(API_PREFIX);
    }

    String pairsFile() {
        return input.substring(API_PREFIX.length());
    }

    /** {@code args} without the leading {@code migrate}. */
    static MigrateOptions parse(List<String> args) {
        String from = null;
        String input = null;
        String to = null;
        boolean dryRun = false;
        boolean resume = false;
        int rate = 0;
        String report = null;
        long since = 0;
        long until = Long.MAX_VALUE;
        int parallel = 16; // 10-15 % more messages per second than 8 on two cores (BENCHMARKS.md › Migration)
        boolean allowChanged = false;
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--from" -> from = value(args, ++i, a).toLowerCase(Locale.ROOT);
                case "--input" -> input = value(args, ++i, a);
                case "--to" -> to = value(args, ++i, a).toLowerCase(Locale.ROOT);
                case "--dry-run" -> dryRun = true;
                case "--resume" -> resume = true;
                case "--rate" -> rate = positive(value(args, ++i, a), a);
                case "--report" -> report = value(args, ++i, a);
                case "--since" -> since = time(value(args, ++i, a), a);
                case "--until" -> until = time(value(args, ++i, a), a);
                case "--parallel" -> parallel = positive(value(args, ++i, a), a);
                case "--allow-changed-input" -> allowChanged = true;
                default -> {
                    if (a.startsWith("-D") && a.indexOf('=') > 2) {
                        properties.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    } else {
                        throw new UsageException("unknown argument " + a);
                    }
                }
            }
        }
        if (from == null || input == null || to == null) {
            throw new UsageException("--from, --input and --to are required");
        }
        if (!SOURCES.contains(from)) {
            throw new UsageException("--from must be one of " + String.join(", ", SOURCES));
        }
        if (!TARGETS.contains(to)) {
            throw new UsageException("--to must be one of " + String.join(", ", TARGETS));
        }
        if (input.startsWith(API_PREFIX) && !(from.equals("tencent") || from.equals("netease"))) {
            throw new UsageException("--input api:<pairs.csv> pulls from tencent or netease only");
        }
        if (since >= until) {
            throw new UsageException("--since must be before --until");
        }
        return new MigrateOptions(from, input, to, dryRun, resume, rate, report, since, until, parallel, allowChanged,
                Map.copyOf(properties));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(option + " takes a whole number above 0, not " + v);
    }

    /** {@code 2024-05-01}, {@code 2024-05-01T10:00:00Z} or epoch milliseconds. */
    static long time(String v, String option) {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new UsageException(option + " takes a date (2024-05-01), an instant (2024-05-01T10:00:00Z) or epoch"
                    + " milliseconds, not " + v);
        }
    }
}
