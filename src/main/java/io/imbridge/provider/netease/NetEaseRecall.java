package io.imbridge.provider.netease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.Recall;

/**
 * NetEase's recall APIs (docs/recalls.md): {@code msg/recall.action} takes back a one-to-one (type 7) or
 * team (type 8) message by its {@code msgid} and {@code timetag}; {@code chatroom/recall.action} a chat room's by the
 * client's {@code msgId} and its time. Their forms read into canonical recalls (the bridge as NetEase's server) and
 * made from a delivered copy's receipts (the bridge as NetEase's client).
 */
final class NetEaseRecall {

    static final String MSG_RECALL = "msg/recall.action";
    static final String ROOM_RECALL = "chatroom/recall.action";
    /** msg/recall's type of a one-to-one message, and of a team's. */
    static final String ONE_TO_ONE = "7";
    static final String TEAM = "8";

    private NetEaseRecall() {
    }

    /**
     * A msg/recall form: deleteMsgid and timetag (numbers), type 7 or 8, from and to (accids; a team's tid), an
     * optional msg and ignoreTime (0 or 1); 414 otherwise. The message is found by its msgid.
     */
    static Recall msgRecall(Map<String, String> form) {
        long msgid = NetEaseRequests.requireLong(form, "deleteMsgid");
        NetEaseRequests.requireLong(form, "timetag");
        String type = NetEaseRequests.require(form, "type");
        if (!ONE_TO_ONE.equals(type) && !TEAM.equals(type)) {
            throw NetEaseError.ParameterError.failure("type must be 7 (one-to-one) or 8 (team)");
        }
        String from = NetEaseRequests.id(NetEaseRequests.require(form, "from"), "from");
        String to = NetEaseRequests.id(NetEaseRequests.require(form, "to"), "to");
        String ignore = form.get("ignoreTime");
        if (ignore != null && !ignore.isEmpty() && !"0".equals(ignore) && !"1".equals(ignore)) {
            throw NetEaseError.ParameterError.failure("ignoreTime must be 0 or 1");
        }
        Conversation place = TEAM.equals(type) ? new Conversation(Conversation.Kind.GROUP, to) : null;
        return new Recall(NetEaseProvider.NAME, Map.of("msgid", Long.toString(msgid)), from, place, form.get("msg"));
    }

    /**
     * A chatroom/recall form: roomid and msgTimetag (numbers), msgId, fromAcc and operatorAcc; 414 otherwise. The
     * message is found by its msgId (the client's, which the bridge kept).
     */
    static Recall roomRecall(Map<String, String> form) {
        long room = NetEaseRequests.requireLong(form, "roomid");
        NetEaseRequests.requireLong(form, "msgTimetag");
        String msgId = NetEaseRequests.id(NetEaseRequests.require(form, "msgId"), "msgId");
        NetEaseRequests.id(NetEaseRequests.require(form, "fromAcc"), "fromAcc");
        String operator = NetEaseRequests.id(NetEaseRequests.require(form, "operatorAcc"), "operatorAcc");
        return new Recall(NetEaseProvider.NAME, Map.of("msgId", msgId), operator,
                new Conversation(Conversation.Kind.CHAT_ROOM, Long.toString(room)), null);
    }

    /** msg/recall forms for a team's copy: one per receipt with its msgid and timetag, from the sender. */
    static List<Map<String, String>> teamForms(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (DeliveryReceipt r : receipts) {
            String msgid = r.ids().get("msgid");
            String timetag = r.ids().get("timetag");
            if (msgid == null || timetag == null) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("deleteMsgid", msgid);
            f.put("timetag", timetag);
            f.put("type", TEAM);
            f.put("from", addressed.sender());
            f.put("to", addressed.conversation().id());
            // the bridge recalls on its caller's behalf, whenever the caller recalled
            f.put("ignoreTime", "1");
            forms.add(f);
        }
        return forms;
    }

    /** chatroom/recall forms for a room's copy: one per receipt with its msgid_client and time, by the sender. */
    static List<Map<String, String>> roomForms(CanonicalMessage addressed, long room, List<DeliveryReceipt> receipts) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (DeliveryReceipt r : receipts) {
            String msgId = r.ids().get("msgid_client");
            if (msgId == null || r.sentAt() == null) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("roomid", Long.toString(room));
            f.put("msgTimetag", Long.toString(r.sentAt()));
            f.put("msgId", msgId);
            f.put("fromAcc", addressed.sender());
            f.put("operatorAcc", addressed.sender());
            forms.add(f);
        }
        return forms;
    }
}
