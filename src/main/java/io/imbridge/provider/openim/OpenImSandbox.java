package io.imbridge.provider.openim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.provider.sandbox.SandboxBean;
import io.imbridge.provider.sandbox.SandboxGroups;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process OpenIM server at {@code /sandbox/openim/}: {@code auth/get_admin_token} and {@code msg/send_msg}
 * with OpenIM's header, token and body checks and codes (shared with the bridge's inbound side), and a store of what
 * it received. With {@code bridge.sandbox.openim.users} set, only those users exist: an unknown sendID is 1101, an
 * unknown recvID 1004 (the seed's failure example). With {@code bridge.sandbox.openim.groups} set, only those groups
 * exist: a missing group is 1201, a dismissed one 1204, a sender not in it 1203, a muted group 1403.
 */
public class OpenImSandbox extends SandboxBean {


    private String secret;
    private OpenImTokens tokens = new OpenImTokens("");
    private Set<String> admins = Set.of();
    private Set<String> users = Set.of();
    private SandboxGroups groups = SandboxGroups.OPEN;

    @PropertyInject(value = "bridge.sandbox.openim.secret", defaultValue = "sandbox-openim-secret")
    public void setSecret(String secret) {
        this.secret = secret;
        this.tokens = new OpenImTokens(secret);
    }

    @PropertyInject(value = "bridge.sandbox.openim.admin-user-ids", defaultValue = "imAdmin")
    public void setAdminUserIds(String ids) {
        admins = SandboxStore.accounts(ids);
    }

    @PropertyInject(value = "bridge.sandbox.openim.users", defaultValue = "")
    public void setUsers(String ids) {
        users = SandboxStore.accounts(ids);
    }

    /** The groups it holds ({@link SandboxGroups}: {@code g1:alice|bob,g2::dissolved}). */
    @PropertyInject(value = "bridge.sandbox.openim.groups", defaultValue = "")
    public void setGroups(String spec) {
        groups = SandboxGroups.parse(spec);
    }

    public void token(Exchange exchange) {
        try {
            OpenImRequests.operationID(exchange);
            String user = OpenImRequests.adminTokenRequest(OpenImRequests.body(exchange), secret, admins);
            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("token", tokens.issue(user, OpenImTokens.ADMIN_PLATFORM, now, 7_776_000));
            data.put("expireTimeSeconds", 7_776_000);
            OpenImRequests.replyData(exchange, data);
        } catch (BridgeException e) {
            OpenImRequests.replyError(exchange, OpenImProvider.ERRORS.row(e.vendorCode()), e.getMessage());
        }
    }

    public void send(Exchange exchange) {
        try {
            String operationID = OpenImRequests.operationID(exchange);
            OpenImRequests.tokenUser(exchange, tokens);
            OpenImSend send = OpenImRequests.validateSend(OpenImRequests.body(exchange), operationID);
            // OpenIM answers its codes with HTTP 200; a code it does not list as its 500
            if (store().answerFault(exchange, OpenImProvider.NAME, (ex, code, status) -> OpenImRequests.replyError(ex,
                    Objects.requireNonNullElse(OpenImProvider.ERRORS.row(code), OpenImError.ServerInternalError),
                    "sandbox fault"))) {
                return;
            }
            if (!users.isEmpty() && !users.contains(send.sendID())) {
                throw OpenImError.UserIDNotFoundError.failure("sendID does not exist");
            }
            if (!users.isEmpty() && !OpenImCodec.isGroup(send.sessionType())
                    && !users.contains(send.conversationTarget())) {
                throw OpenImError.RecordNotFoundError.failure("recvID does not exist");
            }
            if (OpenImCodec.isGroup(send.sessionType())) {
                switch (groups.check(send.conversationTarget(), send.sendID())) {
                    case NO_GROUP -> throw OpenImError.GroupIDNotFoundError.failure("group does not exist");
                    case DISSOLVED -> throw OpenImError.DismissedAlreadyError.failure("group dismissed");
                    case NOT_MEMBER -> throw OpenImError.NotInGroupYetError.failure("sender is not in the group");
                    case MUTED -> throw OpenImError.MutedGroup.failure("group is muted");
                    default -> { }
                }
            }
            long seq = store().record(OpenImProvider.NAME, send.request(), Map.of("operationID", operationID));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("serverMsgID", OpenImProvider.md5Hex("sandbox-server:" + seq));
            data.put("clientMsgID", send.request().path("clientMsgID").isTextual()
                    ? send.request().get("clientMsgID").asText() : OpenImProvider.md5Hex("sandbox-client:" + seq));
            data.put("sendTime", send.request().path("sendTime").asLong(0) > 0
                    ? send.request().get("sendTime").asLong() : System.currentTimeMillis());
            OpenImRequests.replyData(exchange, data);
        } catch (BridgeException e) {
            OpenImRequests.replyError(exchange, OpenImProvider.ERRORS.row(e.vendorCode()), e.getMessage());
        }
    }
}
