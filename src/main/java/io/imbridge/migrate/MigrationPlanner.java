package io.imbridge.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.delivery.AccountDirectory;
import io.imbridge.delivery.GroupDirectory;
import io.imbridge.delivery.DeliveryQueue;
import io.imbridge.provider.Capabilities;
import io.imbridge.provider.Digests;
import io.imbridge.provider.HistoryItem;
import io.imbridge.provider.HistoryReader;
import io.imbridge.provider.Provider;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.MigrationItemTable;
import io.imbridge.store.MigrationItemTable.Item;
import io.imbridge.store.MigrationItemTable.Status;

/**
 * Reads and checks every line of a migration's input into its plan (one {@link Item} per message, or per line that
 * cannot be migrated, with the reason): the source provider reads its own shapes ({@link HistoryReader}), and the
 * target's own calls for each message are made — not sent — so that whatever the target would refuse (a kind it
 * cannot carry, a conversation it has not, a size over its limit) is known before anything is sent. Each message gets
 * its key (the source's id, else its content and its occurrence), the bridge id derived from it, and what the target
 * will degrade.
 */
final class MigrationPlanner {

    /** Lines are written in transactions of this many. */
    static final int BATCH = 500;

    private final String runId;
    private final String from;
    private final String to;
    private final HistoryReader reader;
    private final Provider target;
    private final AccountDirectory accounts;
    private final GroupDirectory groups;
    private final BridgeDatabase db;
    private final MigrationItemTable items;

    private final List<BridgeDatabase.Update> batch = new ArrayList<>(BATCH);
    /** How often each content of a message without a source id was seen (its key counts them). */
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final Map<String, Long> lastTimeInFile = new HashMap<>();
    private long itemNo;
    private long lines;
    private long blank;
    private String fingerprint;

    MigrationPlanner(String runId, String from, String to, HistoryReader reader, Provider target,
                     AccountDirectory accounts, GroupDirectory groups, BridgeDatabase db, MigrationItemTable items) {
        this.runId = runId;
        this.from = from;
        this.to = to;
        this.reader = reader;
        this.target = target;
        this.accounts = accounts;
        this.groups = groups;
        this.db = db;
        this.items = items;
    }

    long lines() {
        return lines;
    }

    long blank() {
        return blank;
    }

    /** The fingerprint of the input as it was read (standard input has no other). */
    String fingerprint() {
        return fingerprint;
    }

    void fingerprint(String read) {
        fingerprint = read;
    }

    /** One line of a file (or of standard input). */
    void line(MigrationInput.Line line) {
        lines++;
        if (line.text().isBlank()) {
            blank++;
            return;
        }
        List<HistoryItem> read;
        try {
            read = read(Json.MAPPER.readTree(line.text()));
        } catch (JsonProcessingException e) {
            invalid(line.file(), line.number(), ErrorCategory.MALFORMED, null, "not JSON: " + e.getOriginalMessage());
            return;
        } catch (BridgeException e) {
            invalid(line.file(), line.number(), e.category(), e.vendorCode(), e.getMessage());
            return;
        }
        if (read.isEmpty()) {
            invalid(line.file(), line.number(), ErrorCategory.EMPTY_MESSAGE, null, "the line holds no message");
        }
        for (HistoryItem h : read) {
            add(line.file(), line.number(), h);
        }
    }

    /** Messages pulled from a live source, {@code file} and {@code line} naming where (pair and position). */
    void pulled(String file, long line, HistoryItem item) {
        lines++;
        add(file, line, item);
    }

    /** Writes what is left; marks later copies of a source message as duplicates. */
    void finish() {
        flush();
        items.markDuplicates(runId);
        if (target.groupHistoryInDistinctSeconds()) {
            spaceGroupSeconds();
        }
    }

    /**
     * A target that takes a group's history one message per second, each later than the one before: in each group's
     * send order, a message sharing its second with the one before is moved to the next free second, in its planned
     * message, and the plan says so for its line (so a dry run shows it, and a resumed run sends the same times).
     */
    private void spaceGroupSeconds() {
        long now = System.currentTimeMillis();
        for (String conversation : items.conversationsWithWork(runId)) {
            long lastSecond = Long.MIN_VALUE;
            for (MigrationItemTable.Item item : items.conversation(runId, conversation)) {
                CanonicalMessage m = readPlanned(item.message());
                if (m == null || !m.addressedToGroup() || m.sentAt() == null) {
                    continue;
                }
                long second = Math.max(Math.floorDiv(m.sentAt(), 1000), lastSecond + 1);
                lastSecond = second;
                if (second * 1000 > m.sentAt()) {
                    String what = "time moved from " + java.time.Instant.ofEpochMilli(m.sentAt()) + " to "
                            + java.time.Instant.ofEpochSecond(second) + ": " + to + " takes a group's history one"
                            + " message per second" + (second * 1000 >= now ? " (now or later: it will refuse it)" : "");
                    items.moved(runId, item.itemNo(), Json.write(m.withSentAt(second * 1000)), cut(
                            item.degraded() == null ? what : item.degraded() + "; " + what));
                }
            }
        }
    }

    private static CanonicalMessage readPlanned(String json) {
        try {
            return Json.MAPPER.readValue(json, CanonicalMessage.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private List<HistoryItem> read(JsonNode node) throws JsonProcessingException {
        if (reader != null) {
            return reader.readHistory(node);
        }
        // canonical JSON lines: the schema's own form, keyed by the bridge id it had
        CanonicalMessage m = Json.MAPPER.treeToValue(node, CanonicalMessage.class);
        if (m.source() == null || m.source().vendor() == null) {
            throw new BridgeException(ErrorCategory.MALFORMED, "source.vendor is missing");
        }
        if (m.sender() == null || m.sender().isBlank()) {
            throw new BridgeException(ErrorCategory.MALFORMED, "sender is missing");
        }
        return List.of(new HistoryItem(m, m.id(), 0));
    }

    private void add(String file, long line, HistoryItem h) {
        CanonicalMessage m = h.message();
        Long stated = m.sentAt();
        long time = stated != null ? stated : lastTimeInFile.getOrDefault(file, 0L);
        lastTimeInFile.put(file, time);
        String conversation = DeliveryQueue.conversationOf(m);
        // a source id is unique within its conversation at least (Tencent's MsgKey is MsgSeq_MsgRandom_time)
        String key = from + ":" + conversation.substring(0, 16) + ":"
                + (h.key() != null ? h.key() : contentKey(m, time));
        CanonicalMessage planned = m.asHistory(BridgeId.derived(time, key), 1);
        try {
            // the target's own calls for it, made and thrown away: what it would refuse is refused now
            CanonicalMessage addressed = groups.address(accounts.address(planned, to), to);
            target.outboundCalls(addressed, 1);
            if (planned.addressedToGroup()) {
                // a group's messages are sent in the order of the target's group (several sources may feed one)
                conversation = DeliveryQueue.conversationOf(addressed);
            }
        } catch (BridgeException e) {
            invalid(file, line, e.category(), e.vendorCode(),
                    to + " cannot take it: " + e.getMessage());
            return;
        }
        add(new Item(runId, ++itemNo, file, line, conversation, time, h.sequence(), key, Json.write(planned),
                Status.PENDING, 0, degradations(planned, stated == null), null, null, null));
    }

    /** What the target will not hold as it is, by its documented rules; null when nothing. */
    private String degradations(CanonicalMessage m, boolean noTime) {
        java.util.Set<String> said = new java.util.LinkedHashSet<>();
        Capabilities caps = target.capabilities();
        for (var e : m.elements()) {
            if (!caps.carries(e.kind())) {
                said.add(e.kind() + " becomes " + caps.degradation(e.kind()));
            }
        }
        if (noTime) {
            said.add("no original time in the input: ordered by input position, stamped with the time of the"
                    + " line before it in its file");
        }
        return said.isEmpty() ? null : cut(String.join("; ", said));
    }

    /** A message without a source id: its conversation, time and content, and how often that was seen before. */
    private String contentKey(CanonicalMessage m, long time) {
        String content = m.conversationKey() + '\n' + m.sender() + '\n' + time + '\n' + Json.write(m.elements())
                + '\n' + m.customData();
        String hash = Digests.hex("SHA-256", content);
        int n = occurrences.merge(hash, 1, Integer::sum);
        return "content:" + hash + "#" + n;
    }

    /** A line (or a live source's pair) that cannot be migrated, with the reason. */
    void invalid(String file, long line, ErrorCategory category, Integer vendorCode, String reason) {
        add(new Item(runId, ++itemNo, file, line, null, 0, 0, null, null, Status.INVALID, 0, null,
                category.label(), vendorCode, cut(reason)));
    }

    /** The plan's text columns hold at most this much (the database's column width). */
    static final int TEXT_MAX = 4000;

    private static String cut(String s) {
        return s == null || s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX - 1) + "…";
    }

    private void add(Item item) {
        batch.add(items.insert(item));
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!batch.isEmpty()) {
            db.atomically(batch.toArray(BridgeDatabase.Update[]::new));
            batch.clear();
        }
    }
}
