package io.imbridge.provider.tencent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.sandbox.SandboxBean;
import io.imbridge.provider.sandbox.SandboxGroups;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process Tencent Cloud Chat REST server under {@code /sandbox/tencent/v4/}: {@code openim/sendmsg},
 * {@code importmsg} and {@code admin_getroammsg}; {@code group_open_http_svc/send_group_msg} and
 * {@code import_group_msg}; with the same URL checks (UserSig verified by TLSSigAPIv2), body checks and codes as
 * Tencent (shared with the bridge's inbound side), and a store. The history it serves is every one-to-one message it
 * accepted (as {@link SandboxStore} keeps them): a sent one at the MsgSeq (the store's number) and time it answered,
 * an imported one at its own. With {@code bridge.sandbox.tencent.users} set only those accounts exist: an unknown
 * To_Account is 90012, an unknown From_Account (or history party) 70107.
 */
public class TencentSandbox extends SandboxBean {

    /**
     * How long Tencent drops a repeated group send (the same Random and content): 5 minutes
     * (docs/providers.md#tencent-sandbox).
     */
    static final long REPEAT_WINDOW_MS = 300_000;

    /** What each kept request was accepted by (the store's {@code api} field). */
    static final String API = "api";
    /** A sent message's answered MsgTime, kept beside it. */
    static final String SENT_AT = "MsgTime";


    @PropertyInject(value = "bridge.sandbox.tencent.sdkappid", defaultValue = "1400000000")
    long sdkAppId;
    @PropertyInject(value = "bridge.sandbox.tencent.admin", defaultValue = "administrator")
    String admin;
    @PropertyInject(value = "bridge.sandbox.tencent.secret-key", defaultValue = "sandbox-tencent-key")
    String secretKey;

    private Set<String> users = Set.of();
    private SandboxGroups groups = SandboxGroups.OPEN;
    /** Each group's last MsgSeq. */
    private final Map<String, AtomicLong> groupSeqs = new ConcurrentHashMap<>();

    /** The groups it holds ({@link SandboxGroups}: {@code @TGS#_a:alice|bob,@TGS#_b::dissolved}). */
    @PropertyInject(value = "bridge.sandbox.tencent.groups", defaultValue = "")
    public void setGroups(String spec) {
        groups = SandboxGroups.parse(spec);
    }

    @PropertyInject(value = "bridge.sandbox.tencent.users", defaultValue = "")
    public void setUsers(String ids) {
        users = SandboxStore.accounts(ids);
    }

    /** sendmsg: MsgTime is the stated MsgTimeStamp, else now; MsgKey is the store's number, MsgRandom and MsgTime. */
    public void sendmsg(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentRequests::validateSendMsg);
            if (req == null) {
                return;
            }
            if (!users.isEmpty() && !users.contains(req.get("To_Account").asText())) {
                throw TencentError.ToAccountNotRegistered.failure("To_Account is not registered");
            }
            if (!users.isEmpty() && req.hasNonNull("From_Account") && !users.contains(req.get("From_Account").asText())) {
                throw TencentError.AccountNotImported.failure("From_Account is not imported");
            }
            long msgTime = req.hasNonNull("MsgTimeStamp") ? req.get("MsgTimeStamp").asLong()
                    : System.currentTimeMillis() / 1000;
            String random = String.valueOf(exchange.getMessage().getHeader("random"));
            long seq = store().record(TencentProvider.NAME, req, Map.of("identifier", admin, "random", random,
                    API, TencentHistory.SENDMSG, SENT_AT, Long.toString(msgTime)));
            ObjectNode reply = TencentRequests.ok();
            reply.put("MsgTime", msgTime);
            reply.put("MsgKey", TencentHistory.msgKey(seq, req.get("MsgRandom").asLong(), msgTime));
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /**
     * send_group_msg: a group it does not hold is 10015, a dissolved one 10010, a sender not in it 10007, a muted
     * one 10017 (the admin, sending without From_Account, may send into any group it holds). MsgSeq counts each
     * group's messages from 1; MsgTime is now. A repeat (the same group, Random and content) is answered as the
     * first and kept once, as Tencent drops it.
     */
    public synchronized void sendGroupMsg(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentRequests::validateSendGroupMsg);
            if (req == null) {
                return;
            }
            String group = req.get("GroupId").asText();
            SandboxGroups.Check check = groups.check(group, req.hasNonNull("From_Account")
                    ? req.get("From_Account").asText() : null);
            switch (check) {
                case NO_GROUP -> throw TencentError.GroupIdNotFound.failure("GroupId is not a group");
                case DISSOLVED -> throw TencentError.GroupDissolved.failure("the group is dissolved");
                case NOT_MEMBER -> {
                    if (req.hasNonNull("From_Account")) {
                        throw TencentError.GroupNoPermission.failure("From_Account is not in the group");
                    }
                }
                case MUTED -> throw TencentError.GroupSenderMuted.failure("the sender is muted");
                default -> { }
            }
            groupState();
            String repeat = group + "\n" + req.get("Random").asText() + "\n" + req.get("MsgBody");
            ObjectNode first = store().recorded(TencentProvider.NAME, repeat);
            // Tencent drops a repeat within 5 minutes
            if (first != null && System.currentTimeMillis() - first.path("receivedAt").asLong() <= REPEAT_WINDOW_MS) {
                ObjectNode reply = TencentRequests.ok();
                reply.put("MsgTime", Long.parseLong(first.get(SENT_AT).asText()));
                reply.put("MsgSeq", Long.parseLong(first.get("MsgSeq").asText()));
                Exchanges.replyJson(exchange, 200, reply);
                return;
            }
            long msgTime = System.currentTimeMillis() / 1000;
            groupNewest.merge(group, msgTime, Math::max);
            long msgSeq = groupSeqs.computeIfAbsent(group, g -> new AtomicLong())
                    .incrementAndGet();
            store().record(TencentProvider.NAME, req, Map.of("identifier", admin, API, TencentProvider.SEND_GROUP_MSG,
                    SENT_AT, Long.toString(msgTime), "MsgSeq", Long.toString(msgSeq)), repeat);
            ObjectNode reply = TencentRequests.ok();
            reply.put("MsgTime", msgTime);
            reply.put("MsgSeq", msgSeq);
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /** Each group's newest imported or sent time (seconds): import_group_msg takes only later ones. */
    private final Map<String, Long> groupNewest = new ConcurrentHashMap<>();
    /** The store's clears seen: its groups' numbers and times go with what it kept. */
    private long clearsSeen;

    /** The groups' numbers and times, as of the kept messages: started over when those are cleared. */
    private void groupState() {
        long clears = store().clears(TencentProvider.NAME);
        if (clears != clearsSeen) {
            groupSeqs.clear();
            groupNewest.clear();
            clearsSeen = clears;
        }
    }

    /**
     * import_group_msg: into a group it holds (10015, 10010 as send_group_msg), each message answered on its own
     * ({@code ImportMsgResult}): 0 and its MsgSeq; 10004 unless its SendTime is later than the group's newest message
     * and earlier than now (Tencent's page: "later than ... the latest message in the group"); 80002 when it is over
     * 8,000 bytes.
     */
    public synchronized void importGroupMsg(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentRequests::validateImportGroupMsg);
            if (req == null) {
                return;
            }
            String group = req.get("GroupId").asText();
            switch (groups.check(group, null)) {
                case NO_GROUP -> throw TencentError.GroupIdNotFound.failure("GroupId is not a group");
                case DISSOLVED -> throw TencentError.GroupDissolved.failure("the group is dissolved");
                default -> { }
            }
            groupState();
            ObjectNode reply = TencentRequests.ok();
            ArrayNode results = reply.putArray("ImportMsgResult");
            for (JsonNode item : req.get("MsgList")) {
                long time = item.get("SendTime").asLong();
                ObjectNode result = results.addObject();
                result.put("MsgTime", time);
                if (Json.write(item).getBytes(StandardCharsets.UTF_8).length
                        > 8000) {
                    result.put("Result", 80002);
                    continue;
                }
                if (time <= groupNewest.getOrDefault(group, 0L) || time >= System.currentTimeMillis() / 1000) {
                    result.put("Result", 10004);
                    continue;
                }
                groupNewest.put(group, time);
                long msgSeq = groupSeqs.computeIfAbsent(group, g -> new AtomicLong())
                        .incrementAndGet();
                ObjectNode kept = ((ObjectNode) item).deepCopy();
                kept.put("GroupId", group);
                store().record(TencentProvider.NAME, kept, Map.of("identifier", admin,
                        API, TencentProvider.IMPORT_GROUP_MSG, "MsgSeq", Long.toString(msgSeq)));
                result.put("MsgSeq", msgSeq);
                result.put("Result", 0);
            }
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /**
     * importmsg: a message the pair already holds with the same MsgSeq, MsgRandom and MsgTimeStamp (either
     * direction) is answered OK and not kept again, as Tencent deduplicates imports.
     */
    public void importmsg(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentHistory::validateImportMsg);
            if (req == null) {
                return;
            }
            for (String f : new String[]{"From_Account", "To_Account"}) {
                if (!users.isEmpty() && !users.contains(req.get(f).asText())) {
                    throw TencentError.AccountNotImported.failure(f + " is not imported");
                }
            }
            TencentHistory.RoamMessage m = imported(req);
            // the check and the keeping at once, so two imports of one message keep it once
            String key = (m.from().compareTo(m.to()) <= 0 ? m.from() + "\n" + m.to() : m.to() + "\n" + m.from())
                    + "\n" + m.key();
            synchronized (this) {
                if (store().recorded(TencentProvider.NAME, key) == null) {
                    store().record(TencentProvider.NAME, req, Map.of("identifier", admin, API, TencentHistory.IMPORTMSG),
                            key);
                }
            }
            Exchanges.replyJson(exchange, 200, TencentRequests.ok());
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /** admin_getroammsg: the pair's held messages, newest first, a page at a time. */
    public void getroammsg(Exchange exchange) {
        try {
            ObjectNode body = accepted(exchange, TencentHistory.RoamRequest::read);
            if (body == null) {
                return;
            }
            TencentHistory.RoamRequest request = TencentHistory.RoamRequest.read(body);
            for (String account : new String[]{request.operator(), request.peer()}) {
                if (!users.isEmpty() && !users.contains(account)) {
                    throw TencentError.AccountNotImported.failure(account + " is not imported");
                }
            }
            Exchanges.replyJson(exchange, 200, TencentHistory.page(request, held()));
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /**
     * admin_msgwithdraw: the one-to-one message it holds under the MsgKey (as sendmsg answered it, or an import's
     * MsgSeq_MsgRandom_MsgTimeStamp) between the two accounts; 20022 when there is none, 20023 when it was recalled.
     */
    public void adminMsgWithdraw(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentRecall::withdraw);
            if (req == null) {
                return;
            }
            String key = req.get("MsgKey").asText();
            String to = req.get("To_Account").asText();
            ObjectNode held = store().find(TencentProvider.NAME, e -> key.equals(heldKey(e))
                    && to.equals(e.path("request").path("To_Account").asText()));
            if (held == null) {
                throw TencentError.MsgNotFound.failure("no message with this MsgKey between the two accounts");
            }
            if (!store().recall(TencentProvider.NAME, held.get("seq").asLong())) {
                throw TencentError.MsgAlreadyRecalled.failure("the message was recalled before");
            }
            Exchanges.replyJson(exchange, 200, TencentRequests.ok());
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /** A held one-to-one message's MsgKey, or null for a group's. */
    private static String heldKey(ObjectNode entry) {
        JsonNode req = entry.path("request");
        String api = entry.path(API).asText();
        if (TencentHistory.SENDMSG.equals(api)) {
            return TencentHistory.msgKey(entry.get("seq").asLong(), req.path("MsgRandom").asLong(),
                    Long.parseLong(entry.get(SENT_AT).asText()));
        }
        if (TencentHistory.IMPORTMSG.equals(api)) {
            return TencentHistory.msgKey(req.path("MsgSeq").asLong(0), req.path("MsgRandom").asLong(),
                    req.path("MsgTimeStamp").asLong());
        }
        return null;
    }

    /**
     * group_msg_recall: each MsgSeq of the group answered on its own ({@code RecallRetList}): 0, 10030 when the group
     * holds no such message, 10032 when it was recalled before; a group it does not hold is 10015 for the whole call.
     */
    public synchronized void groupMsgRecall(Exchange exchange) {
        try {
            ObjectNode req = accepted(exchange, TencentRecall::groupRecall);
            if (req == null) {
                return;
            }
            String group = req.get("GroupId").asText();
            if (groups.check(group, null) == SandboxGroups.Check.NO_GROUP) {
                throw TencentError.GroupIdNotFound.failure("GroupId is not a group");
            }
            ObjectNode reply = TencentRequests.ok();
            ArrayNode list = reply.putArray("RecallRetList");
            for (JsonNode item : req.get("MsgSeqList")) {
                String seq = item.get("MsgSeq").asText();
                ObjectNode held = store().find(TencentProvider.NAME, e -> group.equals(e.path("request")
                        .path("GroupId").asText()) && seq.equals(e.path("MsgSeq").asText()));
                int code = held == null ? TencentError.GroupMsgNotFound.code()
                        : store().recall(TencentProvider.NAME, held.get("seq").asLong()) ? 0
                        : TencentError.GroupMsgNotRecallable.code();
                list.addObject().put("MsgSeq", item.get("MsgSeq").asLong()).put("RetCode", code);
            }
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            refuse(exchange, e);
        }
    }

    /**
     * The request's credentials and body checked as Tencent checks them; null when an injected fault was answered
     * instead (Tencent answers its codes with HTTP 200: docs/providers.md#tencent-api-served).
     */
    private ObjectNode accepted(Exchange exchange, Consumer<ObjectNode> validate) {
        TencentRequests.checkRestCall(exchange, sdkAppId, admin, secretKey);
        ObjectNode req = TencentRequests.body(exchange, TencentProvider.CAPABILITIES.limits().maxPacketBytes());
        validate.accept(req);
        if (store().answerFault(exchange, TencentProvider.NAME,
                (ex, code, status) -> TencentRequests.replyError(ex, code, "sandbox fault"))) {
            return null;
        }
        return req;
    }

    private static void refuse(Exchange exchange, BridgeException e) {
        TencentRequests.replyError(exchange, e.vendorCode() == null ? 20005 : e.vendorCode(), e.getMessage());
    }

    /** Every message the sandbox holds, as admin_getroammsg lists them. */
    List<TencentHistory.RoamMessage> held() {
        List<TencentHistory.RoamMessage> out = new ArrayList<>();
        for (ObjectNode entry : store().received(TencentProvider.NAME)) {
            ObjectNode req = (ObjectNode) entry.get("request");
            if (TencentHistory.IMPORTMSG.equals(entry.path(API).asText())) {
                out.add(imported(req));
            } else if (TencentHistory.SENDMSG.equals(entry.path(API).asText())) {
                // sent by the admin when the body names no sender
                out.add(new TencentHistory.RoamMessage(req.hasNonNull("From_Account")
                        ? req.get("From_Account").asText() : entry.path("identifier").asText(admin),
                        req.get("To_Account").asText(), entry.get("seq").asLong(), req.get("MsgRandom").asLong(),
                        Long.parseLong(entry.get(SENT_AT).asText()), req.get("MsgBody"),
                        req.hasNonNull("CloudCustomData") ? req.get("CloudCustomData").asText() : null));
            }
        }
        return out;
    }

    /** A checked importmsg body as held; without MsgSeq it is 0. */
    private static TencentHistory.RoamMessage imported(ObjectNode req) {
        return new TencentHistory.RoamMessage(req.get("From_Account").asText(), req.get("To_Account").asText(),
                req.path("MsgSeq").asLong(0), req.get("MsgRandom").asLong(), req.get("MsgTimeStamp").asLong(),
                req.get("MsgBody"), req.hasNonNull("CloudCustomData") ? req.get("CloudCustomData").asText() : null);
    }
}
