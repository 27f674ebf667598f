package io.imbridge.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;
import io.imbridge.store.MigrationItemTable.Item;
import io.imbridge.store.MigrationItemTable.Status;

/**
 * What a run did, as {@code --report FILE} (JSON: counts per outcome, every failure and invalid line with its input
 * file, line and the target's error in canonical and vendor terms, every degraded message) and as a short summary on
 * standard output in the manner of {@code mmetl}'s: a run table, a summary table, details.
 *
 * @param messages  planned messages (an export reply's line may hold many)
 * @param inDoubt   messages whose try was under way when an earlier run stopped: sent again with their same keys
 * @param timeKept  how the target keeps a message's original time
 */
record MigrationReport(String runId, String from, String to, String input, boolean dryRun, long startedAt,
                       long finishedAt, long lines, long blank, long messages, Map<Status, Long> counts,
                       long degraded, long wouldSkip, long inDoubt, String timeKept, List<Item> problems,
                       List<Item> degradedItems, String note) {

    /** Details shown on standard output (the report file has them all). */
    static final int SHOWN = 20;

    long count(Status s) {
        return counts.getOrDefault(s, 0L);
    }

    /** Messages with no outcome yet (a run stopped, or a dry run). */
    long open() {
        return count(Status.PENDING) + count(Status.SENDING) + count(Status.HELD);
    }

    /** Every input line accounted for and none failed or refused. */
    boolean clean() {
        return count(Status.FAILED) == 0 && count(Status.INVALID) == 0 && (dryRun || open() == 0);
    }

    ObjectNode json() {
        ObjectNode r = Json.object();
        r.put("runId", runId);
        r.put("from", from);
        r.put("to", to);
        r.put("input", input);
        r.put("dryRun", dryRun);
        r.put("startedAt", Instant.ofEpochMilli(startedAt).toString());
        r.put("finishedAt", Instant.ofEpochMilli(finishedAt).toString());
        r.put("originalTimeKeptAs", timeKept);
        ObjectNode c = r.putObject("counts");
        c.put("lines", lines);
        c.put("blankLines", blank);
        c.put("messages", messages);
        if (dryRun) {
            c.put("wouldSend", open() - wouldSkip);
            c.put("wouldSkipAsAlreadySent", wouldSkip);
        } else {
            c.put("sent", count(Status.SENT));
            c.put("skippedAsAlreadySent", count(Status.SKIPPED));
            c.put("notDone", open());
            c.put("heldBehindAFailure", count(Status.HELD));
            c.put("resentInDoubt", inDoubt);
        }
        c.put("degraded", degraded);
        c.put("duplicatesInInput", count(Status.DUPLICATE));
        c.put("failed", count(Status.FAILED));
        c.put("invalid", count(Status.INVALID));
        ArrayNode failures = r.putArray("failures");
        for (Item i : problems) {
            ObjectNode f = failures.addObject();
            f.put("file", i.file());
            f.put("line", i.line());
            f.put("outcome", i.status() == Status.INVALID ? "invalid" : "failed");
            f.put("category", i.category());
            if (i.vendorCode() != null) {
                f.put("vendorCode", i.vendorCode());
            }
            f.put("reason", i.reason());
        }
        ArrayNode degradedList = r.putArray("degraded");
        for (Item i : degradedItems) {
            ObjectNode d = degradedList.addObject();
            d.put("file", i.file());
            d.put("line", i.line());
            d.put("degraded", i.degraded());
        }
        return r;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json()) + "\n");
    }

    void print(PrintStream out) {
        out.println();
        out.println(dryRun ? "Migration dry run (nothing sent)" : "Migration run");
        table(out, new String[][] {
                {"run", runId},
                {"from", from},
                {"to", to},
                {"input", input},
                {"original time kept as", timeKept},
                {"started", Instant.ofEpochMilli(startedAt).toString()},
                {"took", Duration.ofMillis(Math.max(0, finishedAt - startedAt)).toString().substring(2).toLowerCase()}});
        out.println();
        out.println("Summary");
        String[][] rows = dryRun
                ? new String[][] {
                        {"lines read", n(lines)}, {"blank lines", n(blank)}, {"messages", n(messages)},
                        {"would send", n(open() - wouldSkip)}, {"would skip (already sent)", n(wouldSkip)},
                        {"would degrade", n(degraded)}, {"duplicates in input", n(count(Status.DUPLICATE))},
                        {"cannot be migrated", n(count(Status.INVALID))}}
                : new String[][] {
                        {"lines read", n(lines)}, {"blank lines", n(blank)}, {"messages", n(messages)},
                        {"sent", n(count(Status.SENT))}, {"skipped (already sent)", n(count(Status.SKIPPED))},
                        {"degraded", n(degraded)}, {"duplicates in input", n(count(Status.DUPLICATE))},
                        {"failed", n(count(Status.FAILED))}, {"cannot be migrated", n(count(Status.INVALID))},
                        {"held behind a failure", n(count(Status.HELD))}, {"not done", n(open())},
                        {"resent after a stop (in doubt)", n(inDoubt)}};
        table(out, rows);
        if (!problems.isEmpty() || !degradedItems.isEmpty()) {
            out.println();
            out.println("Details");
            int shown = 0;
            for (Item i : problems) {
                // a dry run lists every line that cannot be migrated
                if (shown++ == SHOWN && !dryRun) {
                    break;
                }
                out.println("  " + i.file() + ":" + i.line() + "  "
                        + (i.status() == Status.INVALID ? "cannot be migrated" : "failed") + " (" + i.category()
                        + (i.vendorCode() == null ? "" : " " + i.vendorCode()) + "): " + i.reason());
            }
            for (Item i : degradedItems) {
                if (shown++ >= SHOWN) {
                    break;
                }
                out.println("  " + i.file() + ":" + i.line() + "  degraded: " + i.degraded());
            }
            long all = problems.size() + degradedItems.size();
            if (all > shown) {
                out.println("  … and " + (all - Math.min(all, shown)) + " more (--report FILE lists them all)");
            }
        }
        if (note != null) {
            out.println();
            out.println(note);
        }
    }

    private static String n(long v) {
        return String.format("%,d", v);
    }

    private static void table(PrintStream out, String[][] rows) {
        int w = 0;
        for (String[] r : rows) {
            w = Math.max(w, r[0].length());
        }
        String line = "+" + "-".repeat(w + 2) + "+" + "-".repeat(42) + "+";
        out.println(line);
        for (String[] r : rows) {
            out.println("| " + r[0] + " ".repeat(w - r[0].length()) + " | " + r[1]);
        }
        out.println(line);
    }
}
