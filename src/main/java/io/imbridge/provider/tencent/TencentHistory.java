package io.imbridge.provider.tencent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.Json;

/**
 * Tencent's one-to-one history APIs, the one table of their fields and limits: {@code v4/openim/importmsg}
 * (trtc.io/document/35014: a message imported with its original time, deduplicated on MsgSeq, MsgRandom and
 * MsgTimeStamp, also with From_Account and To_Account swapped; same-second messages ordered by MsgSeq) and
 * {@code v4/openim/admin_getroammsg} (trtc.io/document/35478: a pair's messages in a time window, newest first,
 * continued with the previous page's LastMsgTime as MaxTime and its LastMsgKey). Shared by the delivery, the
 * history reader and API, and the sandbox.
 */
public final class TencentHistory {

    /** The REST commands under {@code v4/openim/}, as a call names the one it is for. */
    public static final String SENDMSG = "sendmsg";
    public static final String IMPORTMSG = "importmsg";
    public static final String GETROAMMSG = "admin_getroammsg";

    /**
     * SyncFromOldSystem: 2 imports history (no push, no unread count), what a migration sends; 5 imports real-time
     * messages during a coexistence; 1 is accepted too (older pages of the API named it).
     */
    public static final int HISTORY_IMPORT = 2;
    static final Set<Integer> SYNC_FROM_OLD_SYSTEM = Set.of(1, 2, 5);

    /** admin_getroammsg: at most 100 messages a page; a page stops at 13 KB of messages (then Complete is 0). */
    public static final int MAX_PAGE_COUNT = 100;
    static final int MAX_PAGE_BYTES = 13 * 1024;
    /** Both APIs allow 200 calls per second per app. */
    public static final int MAX_CALLS_PER_SECOND = 200;

    /** Tencent's times are 32-bit unsigned seconds, as are MsgSeq and MsgRandom. */
    static final long MAX_U32 = 0xFFFFFFFFL;

    /** The continuation a page hands the next request (the cursor's {@code next}). */
    public static final String LAST_MSG_TIME = "LastMsgTime";
    public static final String LAST_MSG_KEY = "LastMsgKey";

    private TencentHistory() {
    }

    // ---- importmsg -------------------------------------------------------------------------------------------

    /** The importmsg body checks, with Tencent's field codes; the elements are checked by decoding them. */
    public static void validateImportMsg(ObjectNode req) {
        JsonNode sync = req.get("SyncFromOldSystem");
        if (sync == null || !sync.isIntegralNumber() || !SYNC_FROM_OLD_SYSTEM.contains(sync.asInt())) {
            throw TencentError.InvalidPacket.failure("SyncFromOldSystem must be 1, 2 or 5");
        }
        requireAccount(req, "From_Account");
        TencentRequests.validateMessageFields(req, true);
    }

    /**
     * A From_Account or To_Account that must be there: a missing To_Account is sendmsg's 90003; a missing
     * From_Account has no code of its own (an invalid packet); a non-string account is 60015.
     */
    static String requireAccount(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            throw ("To_Account".equals(field) ? TencentError.ToAccountMissing : TencentError.InvalidPacket)
                    .failure(field + " is missing");
        }
        if (!v.isTextual()) {
            throw ("To_Account".equals(field) ? TencentError.ToAccountMissing : TencentError.AccountTypeNotString)
                    .failure(field + " must be a string");
        }
        return v.asText();
    }

    /** A 32-bit unsigned integer field, or null when absent; {@code code} refuses any other value. */
    static Long u32(JsonNode n, String field, TencentError code) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > MAX_U32) {
            throw code.failure(field + " must be an integer from 0 to " + MAX_U32);
        }
        return v.asLong();
    }

    /** Tencent's MsgKey of a one-to-one message: MsgSeq, MsgRandom and MsgTimeStamp joined by underscores. */
    public static String msgKey(long seq, long random, long time) {
        return seq + "_" + random + "_" + time;
    }

    /**
     * The place of a MsgKey in a pair's order (time, then MsgSeq, then MsgRandom), or null when the text is no
     * one-to-one MsgKey.
     */
    static long[] parseMsgKey(String key) {
        String[] p = key == null ? new String[0] : key.split("_", -1);
        if (p.length != 3) {
            return null;
        }
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            if (!TencentRequests.digits(p[i], 10) || Long.parseLong(p[i]) > MAX_U32) {
                return null;
            }
            out[i] = Long.parseLong(p[i]);
        }
        return new long[]{out[2], out[0], out[1]};
    }

    /**
     * The history key of a message without a MsgKey: the pair (both directions alike), MsgSeq, MsgRandom and
     * MsgTimeStamp; null without a MsgRandom (nothing then tells two messages of the same time apart).
     */
    static String pairKey(String from, String to, Long seq, Long random, Long time) {
        if (random == null) {
            return null;
        }
        TreeSet<String> pair = new TreeSet<>(List.of(from, to));
        return String.join("|", pair) + "|" + (seq == null ? "" : seq) + "_" + random + "_"
                + (time == null ? "" : time);
    }

    // ---- admin_getroammsg ------------------------------------------------------------------------------------

    /** An admin_getroammsg request: the pair from Operator_Account's side, the window (seconds, inclusive). */
    public record RoamRequest(String operator, String peer, int maxCount, long minTime, long maxTime,
                              String lastMsgKey) {

        /** The request body. */
        public ObjectNode body() {
            ObjectNode b = Json.object();
            b.put("Operator_Account", operator);
            b.put("Peer_Account", peer);
            b.put("MaxCnt", maxCount);
            b.put("MinTime", minTime);
            b.put("MaxTime", maxTime);
            if (lastMsgKey != null) {
                b.put(LAST_MSG_KEY, lastMsgKey);
            }
            return b;
        }

        /** A request body checked as Tencent checks it: its parameters wrong is 70402. */
        public static RoamRequest read(ObjectNode b) {
            String operator = requireText(b, "Operator_Account");
            String peer = requireText(b, "Peer_Account");
            Long max = u32(b, "MaxCnt", TencentError.InvalidParameters);
            if (max == null || max < 1 || max > MAX_PAGE_COUNT) {
                throw TencentError.InvalidParameters.failure("MaxCnt must be from 1 to " + MAX_PAGE_COUNT);
            }
            Long min = u32(b, "MinTime", TencentError.InvalidParameters);
            Long maxTime = u32(b, "MaxTime", TencentError.InvalidParameters);
            if (min == null || maxTime == null || min > maxTime) {
                throw TencentError.InvalidParameters.failure("MinTime and MaxTime are required, MinTime <= MaxTime");
            }
            JsonNode last = b.get(LAST_MSG_KEY);
            if (last != null && !last.isNull() && (!last.isTextual()
                    || (!last.asText().isEmpty() && parseMsgKey(last.asText()) == null))) {
                throw TencentError.InvalidParameters.failure("LastMsgKey is not a MsgKey");
            }
            String lastKey = last == null || last.isNull() || last.asText().isEmpty() ? null : last.asText();
            return new RoamRequest(operator, peer, max.intValue(), min, maxTime, lastKey);
        }

        private static String requireText(JsonNode b, String field) {
            JsonNode v = b.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                throw TencentError.InvalidParameters.failure(field + " is required and must be a string");
            }
            return v.asText();
        }
    }

    /**
     * One message of a pair as admin_getroammsg lists it (the MsgList item's fields).
     *
     * @param body   the MsgBody array
     * @param custom CloudCustomData, or null
     */
    public record RoamMessage(String from, String to, long seq, long random, long time, JsonNode body,
                              String custom) {

        public String key() {
            return msgKey(seq, random, time);
        }

        /** Whether this message is of the pair, either direction. */
        boolean between(String a, String b) {
            return (from.equals(a) && to.equals(b)) || (from.equals(b) && to.equals(a));
        }

        /** The pair's order, oldest first: time, then MsgSeq (Tencent's order of a second), then MsgRandom. */
        int compareTo(long[] key) {
            int c = Long.compare(time, key[0]);
            if (c == 0) {
                c = Long.compare(seq, key[1]);
            }
            return c != 0 ? c : Long.compare(random, key[2]);
        }

        long[] order() {
            return new long[]{time, seq, random};
        }

        /** The MsgList item: recalled messages are not kept, and read receipts are not modelled (both 0). */
        ObjectNode item() {
            ObjectNode i = Json.object();
            i.put("From_Account", from);
            i.put("To_Account", to);
            i.put("MsgSeq", seq);
            i.put("MsgRandom", random);
            i.put("MsgTimeStamp", time);
            i.put("MsgFlagBits", 0);
            i.put("IsPeerRead", 0);
            i.put("MsgKey", key());
            i.set("MsgBody", body);
            Json.putText(i, "CloudCustomData", custom);
            return i;
        }
    }

    /**
     * The page {@code request} asks for out of {@code held} (the messages of any pairs, any order): the pair's
     * messages in the window, newest first, after LastMsgKey when given, at most MaxCnt and 13 KB of them; Complete
     * 1 when none is left after the page. LastMsgTime and LastMsgKey are those of the page's last (oldest) message.
     */
    public static ObjectNode page(RoamRequest request, List<RoamMessage> held) {
        long[] after = request.lastMsgKey() == null ? null : parseMsgKey(request.lastMsgKey());
        List<RoamMessage> window = new ArrayList<>();
        for (RoamMessage m : held) {
            if (m.between(request.operator(), request.peer()) && m.time() >= request.minTime()
                    && m.time() <= request.maxTime() && (after == null || m.compareTo(after) < 0)) {
                window.add(m);
            }
        }
        window.sort((a, b) -> -a.compareTo(b.order()));
        ArrayNode list = Json.MAPPER.createArrayNode();
        int bytes = 0;
        RoamMessage last = null;
        for (RoamMessage m : window) {
            ObjectNode item = m.item();
            int size = Json.write(item).getBytes(StandardCharsets.UTF_8).length;
            if (list.size() == request.maxCount() || (!list.isEmpty() && bytes + size > MAX_PAGE_BYTES)) {
                break;
            }
            list.add(item);
            bytes += size;
            last = m;
        }
        ObjectNode reply = TencentRequests.ok();
        reply.put("Complete", list.size() == window.size() ? 1 : 0);
        reply.put("MsgCnt", list.size());
        reply.put(LAST_MSG_TIME, last == null ? 0 : last.time());
        reply.put(LAST_MSG_KEY, last == null ? "" : last.key());
        reply.set("MsgList", list);
        return reply;
    }
}
