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

    public void sendMsgToSomeone(Exchange exchange) {
        try {
            NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
            NetEaseSend send = NetEaseRequests.validateSend(NetEaseRequests.form(exchange));
            // NetEase answers its codes with HTTP 200
            if (store().answerFault(exchange, NetEaseProvider.NAME,
                    (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && (!users.contains(send.from()) || !users.containsAll(send.to()))) {
                throw NetEaseError.NotFound.failure("accid does not exist");
            }
            // a resend of a msgId already accepted is answered as accepted, and kept once (seed 004, resendFlag)
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
