package io.imbridge.migrate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;

/**
 * A generated history: {@code conversations} one-to-one conversations between {@code a<c>} and {@code b<c>}, each of
 * {@code perConversation} text messages {@code "m<c>-<i>"} (i its place, from 0) sent alternately by either party,
 * at times that tie in runs of three within one second (and sometimes within one millisecond), so order rests on
 * the tie-breakers. Written in the shapes a migration reads, its lines not in time order.
 */
final class HistoryFixture {

    static final long T0 = 1_600_000_000_000L; // 2020-09-13T12:26:40Z

    /** One generated message. */
    record Message(int conversation, int place, String from, String to, long sentAt) {
        String text() {
            return "m" + conversation + "-" + place;
        }
    }

    final int conversations;
    final int perConversation;
    final List<Message> messages = new ArrayList<>();

    HistoryFixture(int conversations, int perConversation) {
        this.conversations = conversations;
        this.perConversation = perConversation;
        for (int c = 0; c < conversations; c++) {
            for (int i = 0; i < perConversation; i++) {
                String a = "a" + c;
                String b = "b" + c;
                // runs of three share a second; every other run shares one millisecond
                long second = T0 + c * 3_600_000L + (i / 3) * 1000L;
                long ms = (i / 3) % 2 == 0 ? 250 : 100 + (i % 3) * 200;
                messages.add(new Message(c, i, i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, second + ms));
            }
        }
    }

    int size() {
        return messages.size();
    }

    /** Messages grouped by time within their conversation, the groups shuffled: a tie keeps its order in the file. */
    private List<Message> fileOrder(long seed) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message m : messages) {
            groups.computeIfAbsent(m.conversation() + "@" + m.sentAt(), k -> new ArrayList<>()).add(m);
        }
        List<List<Message>> shuffled = new ArrayList<>(groups.values());
        Collections.shuffle(shuffled, new Random(seed));
        List<Message> out = new ArrayList<>();
        shuffled.forEach(out::addAll);
        return out;
    }

    /** Canonical JSON lines (the schema's own form), gzip-compressed. */
    Path canonicalGz(Path dir) throws IOException {
        Path file = dir.resolve("history.jsonl.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file));
             PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(gz, StandardCharsets.UTF_8))) {
            for (Message m : fileOrder(1)) {
                ObjectNode n = Json.object();
                n.put("schemaVersion", 1);
                n.put("id", "hist-" + m.conversation() + "-" + m.place());
                n.putObject("source").put("vendor", "openim");
                n.put("sender", m.from());
                n.putArray("recipients").add(m.to());
                n.putObject("conversation").put("kind", "DIRECT");
                n.put("sentAt", m.sentAt());
                n.put("receivedAt", m.sentAt());
                n.putArray("elements").addObject().put("kind", "text").put("text", m.text());
                w.println(Json.write(n));
            }
        }
        return file;
    }

    /**
     * Tencent's export: {@code admin_getroammsg} replies, one page (newest first, at most 100 items) a line; the
     * pages of all conversations shuffled. MsgSeq is the message's place, so same-second messages keep their order.
     */
    Path tencentExport(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            List<Message> conv = new ArrayList<>(messages.subList(c * perConversation, (c + 1) * perConversation));
            Collections.reverse(conv);
            for (int p = 0; p < conv.size(); p += 30) {
                List<Message> page = conv.subList(p, Math.min(conv.size(), p + 30));
                ObjectNode reply = Json.object();
                reply.put("ActionStatus", "OK");
                reply.put("ErrorInfo", "");
                reply.put("ErrorCode", 0);
                reply.put("Complete", p + 30 >= conv.size() ? 1 : 0);
                reply.put("MsgCnt", page.size());
                ArrayNode list = reply.putArray("MsgList");
                for (Message m : page) {
                    long seconds = m.sentAt() / 1000;
                    int random = 1_000_000 + m.conversation() * 1000 + m.place();
                    ObjectNode item = list.addObject();
                    item.put("From_Account", m.from());
                    item.put("To_Account", m.to());
                    item.put("MsgSeq", m.place() + 1);
                    item.put("MsgRandom", random);
                    item.put("MsgTimeStamp", seconds);
                    item.put("MsgFlagBits", 0);
                    item.put("MsgKey", (m.place() + 1) + "_" + random + "_" + seconds);
                    ObjectNode el = item.putArray("MsgBody").addObject();
                    el.put("MsgType", "TIMTextElem");
                    el.putObject("MsgContent").put("Text", m.text());
                    item.put("CloudCustomData", "");
                }
                Message last = page.get(page.size() - 1);
                reply.put("LastMsgTime", last.sentAt() / 1000);
                reply.put("LastMsgKey", list.get(list.size() - 1).get("MsgKey").asText());
                lines.add(Json.write(reply));
            }
        }
        Collections.shuffle(lines, new Random(2));
        Path file = dir.resolve("tencent-export.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** The pairs file of a live pull: header {@code from,to}, each conversation once (some listed both ways). */
    Path pairs(Path dir) throws IOException {
        List<String> lines = new ArrayList<>(List.of("from,to"));
        for (int c = 0; c < conversations; c++) {
            lines.add("a" + c + ",b" + c);
            if (c % 10 == 0) {
                lines.add("b" + c + ",a" + c); // the same conversation the other way round: pulled once
            }
        }
        Path file = dir.resolve("pairs.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
