package io.imbridge.provider.tencent;

import java.util.Map;
import java.util.Set;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process Tencent Cloud Chat REST server at {@code /sandbox/tencent/v4/openim/sendmsg}: the same URL checks
 * (UserSig verified by TLSSigAPIv2), body checks and codes as Tencent (shared with the bridge's inbound side), and a
 * store. With {@code bridge.sandbox.tencent.users} set only those accounts exist: an unknown To_Account is 90012,
 * an unknown From_Account 70107.
 */
@BindToRegistry("tencentSandbox")
public class TencentSandbox {

    @BeanInject("sandbox")
    SandboxStore store;

    @PropertyInject(value = "bridge.sandbox.tencent.sdkappid", defaultValue = "1400000000")
    long sdkAppId;
    @PropertyInject(value = "bridge.sandbox.tencent.admin", defaultValue = "administrator")
    String admin;
    @PropertyInject(value = "bridge.sandbox.tencent.secret-key", defaultValue = "sandbox-tencent-key")
    String secretKey;

    private Set<String> users = Set.of();

    @PropertyInject(value = "bridge.sandbox.tencent.users", defaultValue = "")
    public void setUsers(String ids) {
        users = SandboxStore.accounts(ids);
    }

    public void sendmsg(Exchange exchange) {
        try {
            TencentRequests.checkRestCall(exchange, sdkAppId, admin, secretKey);
            ObjectNode req = TencentRequests.body(exchange, TencentProvider.CAPABILITIES.limits().maxPacketBytes());
            TencentRequests.validateSendMsg(req);
            // Tencent answers its codes with HTTP 200 (seed 003)
            if (store.answerFault(exchange, TencentProvider.NAME,
                    (ex, code, status) -> TencentRequests.replyError(ex, code, "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && !users.contains(req.get("To_Account").asText())) {
                throw TencentError.ToAccountNotRegistered.failure("To_Account is not registered");
            }
            if (!users.isEmpty() && req.hasNonNull("From_Account") && !users.contains(req.get("From_Account").asText())) {
                throw TencentError.AccountNotImported.failure("From_Account is not imported");
            }
            String random = String.valueOf(exchange.getMessage().getHeader("random"));
            long seq = store.record(TencentProvider.NAME, req, Map.of("identifier", admin, "random", random));
            long now = System.currentTimeMillis() / 1000;
            ObjectNode reply = TencentRequests.ok();
            reply.put("MsgTime", req.hasNonNull("MsgTimeStamp") ? req.get("MsgTimeStamp").asLong() : now);
            reply.put("MsgKey", seq + "_" + req.get("MsgRandom").asLong() + "_" + now);
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            TencentRequests.replyError(exchange, e.vendorCode() == null ? 20005 : e.vendorCode(), e.getMessage());
        }
    }
}
