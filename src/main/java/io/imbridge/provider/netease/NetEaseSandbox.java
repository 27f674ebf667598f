package io.imbridge.provider.netease;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.sandbox.SandboxBean;
import io.imbridge.provider.sandbox.SandboxGroups;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process NetEase server at {@code /sandbox/netease/nimserver/chatroom/sendMsgToSomeone.action} and
 * {@code …/history/querySessionMsg.action}: the same CheckSum and form checks and codes as NetEase (shared with the
 * bridge's inbound side) and a store, whose sends are the history it serves. With
 * {@code bridge.sandbox.netease.users} set only those accids exist: anyone else is 404.
 */
public class NetEaseSandbox extends SandboxBean {


    @PropertyInject(value = "bridge.sandbox.netease.app-key", defaultValue = "sandbox-netease-appkey")
    String appKey;
    @PropertyInject(value = "bridge.sandbox.netease.app-secret", defaultValue = "sandbox-netease-secret")
    String appSecret;

    private Set<String> users = Set.of();

    /** The sandbox's clock: a message's time is when it was accepted (a test may stop it, to share a millisecond). */
    Clock clock = Clock.systemUTC();

    @PropertyInject(value = "bridge.sandbox.netease.users", defaultValue = "")
    public void setUsers(String ids) {
        users = SandboxStore.accounts(ids);
    }

    /** The chat rooms it holds, for chatroom/sendMsg ({@link SandboxGroups}: {@code 77:alice|bob,78::dissolved}). */
    @PropertyInject(value = "bridge.sandbox.netease.rooms", defaultValue = "")
    public void setRooms(String spec) {
        rooms = SandboxGroups.parse(spec);
    }

    private SandboxGroups rooms = SandboxGroups.OPEN;
    private SandboxGroups teams = SandboxGroups.OPEN;

    /** The teams it holds, for msg/sendMsg with ope 1 ({@link SandboxGroups}: {@code 4021:alice|bob}). */
    @PropertyInject(value = "bridge.sandbox.netease.teams", defaultValue = "")
    public void setTeams(String spec) {
        teams = SandboxGroups.parse(spec);
    }

    /**
     * msg/sendMsg: a one-to-one message (ope 0; an unknown accid is 404) or a team's (ope 1): a team it does not hold,
     * or a dismissed one, is 803, a sender not in it 804, a muted one 802. The msgid is the store's number, the
     * timetag now.
     */
    public void msgSendMsg(Exchange exchange) {
        try {
            NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
            NetEaseSend send = NetEaseRequests.validateMsgSend(NetEaseRequests.form(exchange));
            if (store().answerFault(exchange, NetEaseProvider.NAME,
                    (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && (!users.contains(send.from()) || !users.containsAll(send.to()))) {
                throw NetEaseError.NotFound.failure("accid does not exist");
            }
            if (send.team() != null) {
                switch (teams.check(send.team(), send.from())) {
                    case NO_GROUP, DISSOLVED -> throw NetEaseError.TeamNotFound.failure("no such team");
                    case NOT_MEMBER -> throw NetEaseError.NotInTeam.failure("from is not in the team");
                    case MUTED -> throw NetEaseError.TeamNoRight.failure("from is muted in the team");
                    default -> { }
                }
            }
            long time = clock.millis();
            Map<String, String> kept = new java.util.LinkedHashMap<>();
            for (String f : new String[]{"from", "ope", "to", "type", "body", "ext"}) {
                if (send.form().containsKey(f)) {
                    kept.put(f, send.form().get(f));
                }
            }
            long seq = store().record(NetEaseProvider.NAME, Json.MAPPER.valueToTree(kept),
                    Map.of("appKey", appKey, "time", Long.toString(time), "api", NetEaseProvider.MSG_SEND));
            Exchanges.replyJson(exchange, 200, NetEaseRequests.msgSentReply(seq, time));
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }

    public void sendMsgToSomeone(Exchange exchange) {
        send(exchange, false);
    }

    /**
     * chatroom/sendMsg: a message to the whole room. A room it does not hold, or a closed one, is 404; a sender not in
     * it 403; a muted one 13004.
     */
    public void sendMsg(Exchange exchange) {
        send(exchange, true);
    }

    private void send(Exchange exchange, boolean wholeRoom) {
        try {
            NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
            Map<String, String> form = NetEaseRequests.form(exchange);
            NetEaseSend send = wholeRoom ? NetEaseRequests.validateRoomSend(form) : NetEaseRequests.validateSend(form);
            // NetEase answers its codes with HTTP 200
            if (store().answerFault(exchange, NetEaseProvider.NAME,
                    (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && (!users.contains(send.from()) || !users.containsAll(send.to()))) {
                throw NetEaseError.NotFound.failure("accid does not exist");
            }
            if (wholeRoom) {
                switch (rooms.check(Long.toString(send.roomId()), send.from())) {
                    case NO_GROUP, DISSOLVED -> throw NetEaseError.NotFound.failure("no such chat room");
                    case NOT_MEMBER -> throw NetEaseError.Forbidden.failure("fromAccid is not in the room");
                    case MUTED -> throw NetEaseError.RoomMuted.failure("fromAccid is muted in the room");
                    default -> { }
                }
            }
            // a resend of a msgId already accepted is answered as accepted, and kept once (resendFlag:
            // docs/providers.md#netease-api-served)
            ObjectNode earlier = "1".equals(send.form().get("resendFlag"))
                    ? store().recorded(NetEaseProvider.NAME, send.msgId()) : null;
            if (earlier != null) {
                Exchanges.replyJson(exchange, 200, NetEaseRequests.sentReply(send, time(earlier)));
                return;
            }
            long time = clock.millis();
            store().record(NetEaseProvider.NAME, Json.MAPPER.valueToTree(send.form()),
                    Map.of("appKey", appKey, "time", Long.toString(time)), send.msgId());
            Exchanges.replyJson(exchange, 200, NetEaseRequests.sentReply(send, time));
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }

    /**
     * msg/recall: a message msg/sendMsg accepted, by its msgid (the store's number) and timetag; 404 when it holds
     * none, 417 when it was recalled before, 508 past the recall window (2 minutes; 30 days with ignoreTime=1 — the
     * sandbox's reading: vendors' pages give only "up to 30 days back" for ignoreTime).
     */
    public void msgRecall(Exchange exchange) {
        try {
            Map<String, String> form = accepted(exchange, NetEaseRecall::msgRecall);
            if (form == null) {
                return;
            }
            long msgid = Long.parseLong(form.get("deleteMsgid").trim());
            long timetag = Long.parseLong(form.get("timetag").trim());
            ObjectNode held = store().find(NetEaseProvider.NAME, e -> e.path("seq").asLong() == msgid
                    && NetEaseProvider.MSG_SEND.equals(e.path("api").asText()) && time(e) == timetag);
            if (held == null) {
                throw NetEaseError.NotFound.failure("no message with this deleteMsgid and timetag");
            }
            long window = "1".equals(form.get("ignoreTime")) ? 30L * 86_400_000 : 120_000;
            if (clock.millis() - timetag > window) {
                throw NetEaseError.RecallTooLate.failure("past the recall window");
            }
            recalled(exchange, held);
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }

    /**
     * chatroom/recall: a room's message it accepted (chatroom/sendMsg or sendMsgToSomeone), by roomid, msgId and its
     * time; 404 when it holds none, 417 when it was recalled before.
     */
    public void roomRecall(Exchange exchange) {
        try {
            Map<String, String> form = accepted(exchange, NetEaseRecall::roomRecall);
            if (form == null) {
                return;
            }
            ObjectNode held = store().recorded(NetEaseProvider.NAME, form.get("msgId"));
            if (held == null || !form.get("roomid").trim().equals(held.path("request").path("roomid").asText())
                    || time(held) != Long.parseLong(form.get("msgTimetag").trim())) {
                throw NetEaseError.NotFound.failure("no message with this msgId and time in the room");
            }
            recalled(exchange, held);
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }

    /**
     * The request's CheckSum and form checked as NetEase checks them; null when an injected fault was answered instead
     * (NetEase answers its codes with HTTP 200).
     */
    private Map<String, String> accepted(Exchange exchange, java.util.function.Consumer<Map<String, String>> validate) {
        NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
        Map<String, String> form = NetEaseRequests.form(exchange);
        validate.accept(form);
        return store().answerFault(exchange, NetEaseProvider.NAME,
                (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault")) ? null : form;
    }

    private void recalled(Exchange exchange, ObjectNode held) {
        if (!store().recall(NetEaseProvider.NAME, held.get("seq").asLong())) {
            throw NetEaseError.RepeatedOperation.failure("the message was recalled before");
        }
        ObjectNode reply = Json.object();
        reply.put("code", 200);
        Exchanges.replyJson(exchange, 200, reply);
    }

    /**
     * {@code history/querySessionMsg.action}: the one-to-one history of what this sandbox accepted — a directed
     * message from fromAccid to each of its toAccids is a message between the two, at the time it was accepted,
     * with the sequence number it was kept under as its msgid.
     */
    public void querySessionMsg(Exchange exchange) {
        try {
            NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
            NetEaseHistory.Query query = NetEaseHistory.validateQuery(NetEaseRequests.form(exchange));
            if (store().answerFault(exchange, NetEaseProvider.NAME,
                    (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            List<ObjectNode> items = new ArrayList<>();
            for (ObjectNode entry : store().received(NetEaseProvider.NAME)) {
                Map<String, String> form = new LinkedHashMap<>();
                entry.path("request").fields().forEachRemaining(f -> form.put(f.getKey(), f.getValue().asText()));
                JsonNode to = Json.parseOrNull(form.get("toAccids"));
                for (JsonNode accid : to == null ? Json.MAPPER.createArrayNode() : to) {
                    items.add(NetEaseHistory.item(form, accid.asText(), entry.path("seq").asLong(), time(entry)));
                }
            }
            Exchanges.replyJson(exchange, 200, NetEaseHistory.reply(query, items));
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }

    /** When the sandbox accepted a kept send: its message time. */
    private static long time(ObjectNode entry) {
        return entry.path("time").asLong(entry.path("receivedAt").asLong());
    }
}
