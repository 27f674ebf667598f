package io.imbridge.provider.tencent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Conversation;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.Json;
import io.imbridge.canonical.Recall;

/**
 * Tencent's recall APIs (docs/recalls.md): {@code openim/admin_msgwithdraw} takes back a one-to-one
 * message by its {@code MsgKey}, {@code group_open_http_svc/group_msg_recall} up to 10 of a group's messages by their
 * {@code MsgSeq}. Their bodies read into canonical recalls (the bridge as Tencent's server) and made from a delivered
 * copy's receipts (the bridge as Tencent's client).
 */
final class TencentRecall {

    static final String ADMIN_MSGWITHDRAW = "admin_msgwithdraw";
    static final String GROUP_MSG_RECALL = "group_msg_recall";
    /** group_msg_recall takes at most this many MsgSeq per call. */
    static final int MAX_SEQS = 10;
    /**
     * The id under which a group message is found again for a recall: its group and its MsgSeq, which alone is only a
     * place in its group (docs/providers.md#tencent-groups-and-recall: MsgSeq is per group).
     */
    static final String GROUP_MSG_SEQ = "GroupMsgSeq";

    private TencentRecall() {
    }

    static String groupMsgSeq(String groupId, String msgSeq) {
        return groupId + "#" + msgSeq;
    }

    /**
     * An admin_msgwithdraw body: From_Account and To_Account (strings, 90003 / 70402 as a sendmsg's parties) and the
     * MsgKey (90054 when missing or not Tencent's {@code seq_random_time} form).
     */
    static Recall withdraw(ObjectNode req) {
        JsonNode from = req.get("From_Account");
        if (from == null || !from.isTextual() || from.asText().isEmpty()) {
            throw TencentError.InvalidParameters.failure("From_Account is missing or not a string");
        }
        JsonNode to = req.get("To_Account");
        if (to == null || !to.isTextual() || to.asText().isEmpty()) {
            throw TencentError.ToAccountMissing.failure("To_Account is missing or not a string");
        }
        JsonNode key = req.get("MsgKey");
        if (key == null || !key.isTextual() || !validMsgKey(key.asText())) {
            throw TencentError.MsgKeyInvalid.failure("MsgKey is missing or not a MsgKey (seq_random_time)");
        }
        return new Recall(TencentProvider.NAME, Map.of("MsgKey", key.asText()), from.asText(), null, null);
    }

    /** Tencent's MsgKey: three unsigned numbers joined by underscores. */
    static boolean validMsgKey(String key) {
        String[] parts = key.split("_", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String p : parts) {
            if (!TencentRequests.digits(p, 20)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A group_msg_recall body: GroupId and MsgSeqList of 1 to 10 {@code {"MsgSeq": n}} (10004 otherwise), an optional
     * Reason; one recall per MsgSeq, in the list's order.
     */
    static List<Recall> groupRecall(ObjectNode req) {
        JsonNode group = req.get("GroupId");
        if (group == null || !group.isTextual() || group.asText().isBlank()) {
            throw TencentError.GroupParam.failure("GroupId is missing or not a string");
        }
        JsonNode list = req.get("MsgSeqList");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_SEQS) {
            throw TencentError.GroupParam.failure("MsgSeqList must hold 1 to " + MAX_SEQS + " items");
        }
        JsonNode reason = req.get("Reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw TencentError.GroupParam.failure("Reason must be a string");
        }
        Conversation place = new Conversation(Conversation.Kind.GROUP, group.asText());
        List<Recall> recalls = new ArrayList<>();
        for (JsonNode item : list) {
            JsonNode seq = item.path("MsgSeq");
            if (!seq.isIntegralNumber() || seq.asLong() < 0) {
                throw TencentError.GroupParam.failure("each MsgSeqList item is {\"MsgSeq\": an unsigned integer}");
            }
            recalls.add(new Recall(TencentProvider.NAME, Map.of(GROUP_MSG_SEQ,
                    groupMsgSeq(group.asText(), seq.asText())), null, place,
                    reason == null || reason.isNull() ? null : reason.asText()));
        }
        return recalls;
    }

    /** admin_msgwithdraw bodies for a one-to-one copy: one per receipt, from the sender to its recipient. */
    static List<ObjectNode> withdrawBodies(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        List<ObjectNode> bodies = new ArrayList<>();
        for (DeliveryReceipt r : receipts) {
            String key = r.ids().get("MsgKey");
            if (key == null) {
                continue;
            }
            ObjectNode body = Json.object();
            body.put("From_Account", addressed.sender());
            body.put("To_Account", r.recipient());
            body.put("MsgKey", key);
            bodies.add(body);
        }
        return bodies;
    }

    /** group_msg_recall bodies for a group's copy: its receipts' MsgSeq, 10 a call. */
    static List<ObjectNode> groupRecallBodies(CanonicalMessage addressed, List<DeliveryReceipt> receipts) {
        List<ObjectNode> bodies = new ArrayList<>();
        ObjectNode body = null;
        for (DeliveryReceipt r : receipts) {
            String seq = r.ids().get("MsgSeq");
            if (!TencentRequests.digits(seq, 10)) {
                continue;
            }
            if (body == null || body.get("MsgSeqList").size() == MAX_SEQS) {
                body = Json.object();
                body.put("GroupId", addressed.conversation().id());
                body.putArray("MsgSeqList");
                bodies.add(body);
            }
            ((ArrayNode) body.get("MsgSeqList")).addObject().put("MsgSeq", Long.parseLong(seq));
        }
        return bodies;
    }
}
