package io.imbridge.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.delivery.AccountDirectory;
import io.imbridge.delivery.GroupDirectory;
import io.imbridge.provider.Backoff;
import io.imbridge.provider.Digests;
import io.imbridge.provider.Failures;
import io.imbridge.provider.HistoryApi;
import io.imbridge.provider.HistoryReader;
import io.imbridge.provider.Provider;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.MigratedTable;
import io.imbridge.store.MigrationItemTable;
import io.imbridge.store.MigrationItemTable.Item;
import io.imbridge.store.MigrationItemTable.Status;
import io.imbridge.store.MigrationRunTable;
import io.imbridge.store.MigrationRunTable.Run;
import io.imbridge.store.MigrationRunTable.State;

/**
 * One {@code migrate} command on a started Camel context: the run found or started (by its from, to and input), the
 * input read and checked into the plan — or the plan of an interrupted run taken up again —, the conversations sent
 * in parallel, each in its order, and the report. Answers the exit code: 0 when every line is accounted for and none
 * failed, 1 when some failed or cannot be migrated, 2 when the run was refused (changed input, an interrupted run
 * not resumed).
 */
final class MigrationRun {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRun.class);

    private final CamelContext context;
    private final MigrateOptions options;
    private final PrintStream out;
    private final BridgeDatabase db;
    private final MigrationRunTable runs;
    private final MigrationItemTable items;
    private final MigratedTable migrated;
    private final Provider target;
    private final AtomicBoolean stopping = new AtomicBoolean();

    MigrationRun(CamelContext context, MigrateOptions options, PrintStream out) {
        this.context = context;
        this.options = options;
        this.out = out;
        var registry = context.getRegistry();
        db = registry.lookupByNameAndType("bridgeDatabase", BridgeDatabase.class);
        runs = registry.lookupByNameAndType("migrationRunTable", MigrationRunTable.class);
        items = registry.lookupByNameAndType("migrationItemTable", MigrationItemTable.class);
        migrated = registry.lookupByNameAndType("migratedTable", MigratedTable.class);
        target = registry.lookupByNameAndType(options.to(), Provider.class);
        migration = registry.lookupByNameAndType("migration", Migration.class);
        targetId = targetIdentity();
    }

    private final Migration migration;
    /** Who the target is: its provider, address and app (what it accepted is recorded per target). */
    private final String targetId;

    /**
     * The target's provider, URL and app id or key: a migration into another app of the same provider is another
     * target, not "already sent".
     */
    private String targetIdentity() {
        StringBuilder id = new StringBuilder(options.to());
        for (String setting : new String[] {"url", "sdkappid", "app-key", "room-id"}) {
            String v = property("bridge." + options.to() + "." + setting, "");
            if (!v.isBlank()) {
                id.append(' ').append(v);
            }
        }
        return id.toString();
    }

    /** A stop was asked for (Ctrl-C): no further message is begun, and none is tried again. */
    void stop() {
        stopping.set(true);
        migration.stop();
    }

    int run() throws Exception {
        String inputName = options.pullsFromApi()
                ? MigrateOptions.API_PREFIX + Path.of(options.pairsFile()).toAbsolutePath().normalize()
                : MigrationInput.of(options.input()).name();
        String runId = hex(options.from() + '\n' + options.to() + '\n' + inputName).substring(0, 16)
                + (options.dryRun() ? "-dry-run" : "");
        long startedAt = System.currentTimeMillis();
        Run existing = runs.get(runId);
        String fingerprint = currentFingerprint();
        String note = null;
        // standard input cannot be compared with what a finished run read, nor can a live source's newer history:
        // such a run is read again, and what the target already has is skipped
        boolean rereads = fingerprint == null || options.pullsFromApi();
        boolean plan = existing == null || existing.state() == State.PLANNING || options.dryRun()
                || (rereads && existing.state() == State.FINISHED && !options.resume());
        if (!plan && fingerprint != null && !fingerprint.equals(existing.fingerprint())) {
            if (!options.allowChangedInput()) {
                err("the input changed since the migration of it started at "
                        + java.time.Instant.ofEpochMilli(existing.startedAt()) + " (run " + runId + "): add"
                        + " --allow-changed-input to plan it again (messages the target already accepted are skipped)");
                return 2;
            }
            plan = true;
        }
        if (!plan && existing.state() == State.PLANNED && !options.resume()) {
            err("an interrupted migration of this input exists (run " + runId + ", started "
                    + java.time.Instant.ofEpochMilli(existing.startedAt()) + "): add --resume to continue it");
            return 2;
        }
        if (!plan && existing.state() == State.FINISHED) {
            int retried = options.resume() ? items.retryFailed(runId) : 0;
            if (retried == 0) {
                note = "This migration finished at " + java.time.Instant.ofEpochMilli(existing.finishedAt())
                        + ": nothing to send."
                        + (items.counts(runId).get(Status.FAILED) > 0 ? " --resume tries its failed messages again." : "");
                return report(runId, inputName, existing.startedAt(), note);
            }
            runs.resumed(runId);
            note = "Resumed a finished migration: its " + retried + " failed messages tried again.";
        } else if (!plan && options.resume()) {
            int retried = items.retryFailed(runId);
            note = "Resumed the interrupted migration (run " + runId + ")"
                    + (retried > 0 ? "; its " + retried + " failed messages tried again." : ".");
        }
        if (plan) {
            db.atomically(items.deleteRun(runId), runs.start(runId, options.from(), options.to(), inputName,
                    fingerprint == null ? "" : fingerprint));
            MigrationPlanner planner = plan(runId);
            if (stopping.get()) {
                err("stopped while reading the input: nothing was sent; run the same command again");
                return 130;
            }
            runs.planned(runId, fingerprint != null ? fingerprint : planner.fingerprint(), planner.lines(),
                    planner.blank());
            startedAt = System.currentTimeMillis();
        }
        if (options.dryRun()) {
            int code = report(runId, inputName, startedAt, null);
            db.atomically(items.deleteRun(runId), runs.delete(runId));
            return code;
        }
        send(runId);
        if (stopping.get()) {
            note = "Stopped before the end: run the same command with --resume to continue.";
        } else {
            runs.finished(runId);
            Map<Status, Long> counts = items.counts(runId);
            if (note == null && counts.get(Status.SENT) == 0 && counts.get(Status.FAILED) == 0
                    && counts.get(Status.HELD) == 0) {
                note = "Nothing to send: the target has every message of this input already.";
            }
            if (counts.get(Status.HELD) > 0) {
                note = (note == null ? "" : note + " ") + counts.get(Status.HELD) + " messages were held back behind a"
                        + " message that could not be delivered yet, to keep their conversation's order: --resume"
                        + " sends them, in order, once the target takes it.";
            }
        }
        return report(runId, inputName, startedAt, note);
    }

    // ---- the plan ------------------------------------------------------------------------------------------------

    /** The fingerprint of the input as it is now; null for standard input (taken while it is read). */
    private String currentFingerprint() throws IOException {
        if (options.pullsFromApi()) {
            return hex(Files.readString(Path.of(options.pairsFile())) + '\n' + options.since() + '\n'
                    + options.until() + '\n' + sourceUrl());
        }
        MigrationInput input = MigrationInput.of(options.input());
        return input.isStdin() ? null : input.fingerprint();
    }

    /** Reads the input into the run's plan. */
    private MigrationPlanner plan(String runId) throws Exception {
        HistoryReader reader = null;
        if (!"canonical".equals(options.from())) {
            Object source = context.getRegistry().lookupByName(options.from());
            if (!(source instanceof HistoryReader r)) {
                throw new MigrateOptions.UsageException(options.from() + " input cannot be read");
            }
            reader = r;
        }
        AccountDirectory accounts = context.getRegistry().lookupByNameAndType("accountDirectory", AccountDirectory.class);
        GroupDirectory groups = context.getRegistry().lookupByNameAndType("groupDirectory", GroupDirectory.class);
        MigrationPlanner planner = new MigrationPlanner(runId, options.from(), options.to(), reader, target, accounts,
                groups, db, items);
        if (options.pullsFromApi()) {
            pull(planner);
        } else {
            MigrationInput input = MigrationInput.of(options.input());
            err("reading " + input.name());
            planner.fingerprint(input.read(planner::line));
        }
        planner.finish();
        return planner;
    }

    /** Pulls each pair's history from the live source into the plan (pairs in parallel, each page after page). */
    private void pull(MigrationPlanner planner) throws Exception {
        Object provider = context.getRegistry().lookupByName(options.from());
        if (!(provider instanceof HistoryApi api)) {
            throw new MigrateOptions.UsageException(options.from() + " has no history API to pull from");
        }
        Map<String, String> credentials = new HashMap<>();
        for (String name : api.sourceCredentials()) {
            String v = property("bridge.migrate.source." + name, null);
            if (v == null || v.isBlank()) {
                throw new MigrateOptions.UsageException("bridge.migrate.source." + name + " is not set");
            }
            credentials.put(name, v);
        }
        HistoryApi.Source source = new HistoryApi.Source(sourceUrl(), credentials);
        List<String[]> pairs = pairs(planner);
        err("pulling " + pairs.size() + " conversations from " + options.from() + " at " + source.url());
        ProducerTemplate template = context.createProducerTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel(), Math.max(1, pairs.size())));
        try (MigrationProgress progress = MigrationProgress.start("pull", pairs.size(), progressInterval())) {
            List<Future<?>> done = new ArrayList<>();
            for (String[] pair : pairs) {
                done.add(pool.submit(() -> {
                    pullPair(template, api, source, pair, planner);
                    progress.step();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void pullPair(ProducerTemplate template, HistoryApi api, HistoryApi.Source source, String[] pair,
                          MigrationPlanner planner) throws InterruptedException {
        String where = pair[2];
        HistoryApi.Cursor cursor = new HistoryApi.Cursor(pair[0], pair[1], options.since(), options.until(), null);
        long n = 0;
        int failures = 0;
        while (cursor != null && !stopping.get()) {
            HistoryApi.Page page;
            try {
                page = template.requestBody("direct:migrate-pull-page",
                        new HistoryPull.PageCall(api, source, cursor), HistoryApi.Page.class);
            } catch (RuntimeException e) {
                BridgeException f = Failures.of(e);
                if (f.category().retriable() && ++failures < maxTries()) {
                    Thread.sleep(Backoff.delayMs(failures, 500, 30_000, null));
                    continue;
                }
                // the pair cannot be pulled: said for its line of the pairs file, and the other pairs go on
                synchronized (planner) {
                    planner.invalid(where, 0, f.category(), f.vendorCode(),
                            "pulling failed: " + (f.vendor() == null ? "" : f.vendor() + ": ") + f.getMessage());
                }
                return;
            }
            failures = 0;
            synchronized (planner) {
                for (var item : page.items()) {
                    planner.pulled(where, ++n, item);
                }
            }
            cursor = page.next();
        }
    }

    /** The pairs of the CSV (header {@code from,to}), each conversation once whichever way round it is listed. */
    private List<String[]> pairs(MigrationPlanner planner) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(options.pairsFile()), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().replace(" ", "").equalsIgnoreCase("from,to")) {
            throw new MigrateOptions.UsageException(options.pairsFile() + ": the first line must be the header from,to");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> pairs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
                throw new MigrateOptions.UsageException(options.pairsFile() + ":" + (i + 1)
                        + ": a line must be two accounts, from,to");
            }
            String a = cells[0].trim();
            String b = cells[1].trim();
            String key = a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a;
            if (seen.add(key)) {
                pairs.add(new String[] {a, b, options.pairsFile() + ":" + (i + 1) + " (" + a + "," + b + ")"});
            }
        }
        return pairs;
    }

    private String sourceUrl() {
        String url = property("bridge.migrate.source.url", null);
        if (url == null || url.isBlank()) {
            throw new MigrateOptions.UsageException("bridge.migrate.source.url is not set");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    /** Every conversation with work, in parallel; each one's messages in order, one at a time. */
    private void send(String runId) throws Exception {
        List<String> conversations = items.conversationsWithWork(runId);
        Map<Status, Long> counts = items.counts(runId);
        long total = counts.get(Status.PENDING) + counts.get(Status.SENDING);
        inDoubt = counts.get(Status.SENDING);
        err("sending " + total + " messages of " + conversations.size() + " conversations to " + options.to());
        ProducerTemplate template = context.createProducerTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel());
        try (MigrationProgress progress = MigrationProgress.start("migrate", total, progressInterval())) {
            List<Future<?>> done = new ArrayList<>();
            for (String c : conversations) {
                done.add(pool.submit(() -> sendConversation(template, runId, c, progress)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long inDoubt;

    private Void sendConversation(ProducerTemplate template, String runId, String conversation,
                                  MigrationProgress progress) {
        long place = 0;
        boolean holding = false;
        for (Item item : items.conversation(runId, conversation)) {
            place++;
            if (item.status() != Status.PENDING && item.status() != Status.SENDING) {
                continue;
            }
            if (stopping.get()) {
                return null;
            }
            try {
                if (holding) {
                    // an earlier message of the conversation is still to be delivered: this one waits for it
                    items.held(runId, item.itemNo());
                } else if (migrated.accepted(targetId, item.key())) {
                    items.skipped(runId, item.itemNo());
                } else {
                    Migration.Send send = new Migration.Send(runId, targetId, options.to(), item, place);
                    Exchange done = template.send("direct:migrate-message", e -> e.getMessage().setBody(send));
                    if (done.getException() != null) {
                        throw done.getException();
                    }
                    holding = Migration.outcome(done) == Migration.Outcome.TRY_LATER;
                }
            } catch (Exception e) {
                if (stopping.get()) {
                    return null; // left as it was: a resumed run takes it up
                }
                LOG.error("message at {}:{} could not be migrated", item.file(), item.line(), e);
                items.failed(runId, item.itemNo(), ErrorCategory.INTERNAL.label(), null,
                        "the bridge failed: " + e.getMessage());
            }
            progress.step();
        }
        return null;
    }

    // ---- the report ----------------------------------------------------------------------------------------------

    private int report(String runId, String inputName, long startedAt, String note) throws IOException {
        Map<Status, Long> counts = items.counts(runId);
        long messages = counts.values().stream().mapToLong(Long::longValue).sum() - counts.get(Status.INVALID);
        Run run = runs.get(runId);
        long wouldSkip = 0;
        if (options.dryRun()) {
            for (String c : items.conversationsWithWork(runId)) {
                for (Item i : items.conversation(runId, c)) {
                    if (i.status() == Status.PENDING && migrated.accepted(targetId, i.key())) {
                        wouldSkip++;
                    }
                }
            }
        }
        MigrationReport report = new MigrationReport(runId, options.from(), options.to(), inputName, options.dryRun(),
                startedAt, System.currentTimeMillis(), run.lines(), run.blankLines(), messages, counts,
                items.degradedCount(runId), wouldSkip, inDoubt, timeKept(), items.problems(runId),
                items.degraded(runId), note);
        if (options.report() != null) {
            report.write(Path.of(options.report()));
        }
        report.print(out);
        return report.clean() ? 0 : 1;
    }

    private String timeKept() {
        return target.historyTime();
    }

    // ---- settings ------------------------------------------------------------------------------------------------

    private String property(String key, String otherwise) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(otherwise);
    }

    private int maxTries() {
        return Integer.parseInt(property("bridge.migrate.max-tries", "8"));
    }

    private long progressInterval() {
        return Long.parseLong(property("bridge.migrate.progress-interval-ms", "5000"));
    }

    private static String hex(String s) {
        return Digests.hex("SHA-256", s);
    }

    private void err(String line) {
        System.err.println("migrate: " + line);
    }
}
