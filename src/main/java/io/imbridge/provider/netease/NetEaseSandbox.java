package io.imbridge.provider.netease;

import java.util.Map;
import java.util.Set;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.Json;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process NetEase server at {@code /sandbox/netease/nimserver/chatroom/sendMsgToSomeone.action}: the same
 * CheckSum and form checks and codes as NetEase (shared with the bridge's inbound side) and a store. With
 * {@code bridge.sandbox.netease.users} set only those accids exist: anyone else is 404.
 */
@BindToRegistry("neteaseSandbox")
public class NetEaseSandbox {

    @BeanInject("sandbox")
    SandboxStore store;

    @PropertyInject(value = "bridge.sandbox.netease.app-key", defaultValue = "sandbox-netease-appkey")
    String appKey;
    @PropertyInject(value = "bridge.sandbox.netease.app-secret", defaultValue = "sandbox-netease-secret")
    String appSecret;

    private Set<String> users = Set.of();

    @PropertyInject(value = "bridge.sandbox.netease.users", defaultValue = "")
    public void setUsers(String ids) {
        users = SandboxStore.accounts(ids);
    }

    public void sendMsgToSomeone(Exchange exchange) {
        try {
            NetEaseRequests.checkHeaders(exchange, appKey, appSecret, null);
            NetEaseSend send = NetEaseRequests.validateSend(NetEaseRequests.form(exchange));
            // NetEase answers its codes with HTTP 200
            if (store.answerFault(exchange, NetEaseProvider.NAME,
                    (ex, code, status) -> NetEaseRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && (!users.contains(send.from()) || !users.containsAll(send.to()))) {
                throw NetEaseError.NotFound.failure("accid does not exist");
            }
            store.record(NetEaseProvider.NAME, Json.MAPPER.valueToTree(send.form()),
                    Map.of("appKey", appKey));
            Exchanges.replyJson(exchange, 200, NetEaseRequests.sentReply(send, System.currentTimeMillis()));
        } catch (BridgeException e) {
            NetEaseRequests.replyError(exchange, e.vendorCode() == null ? 500 : e.vendorCode(), e.getMessage());
        }
    }
}
