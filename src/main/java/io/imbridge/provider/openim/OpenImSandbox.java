package io.imbridge.provider.openim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.Json;
import io.imbridge.provider.sandbox.SandboxBean;
import io.imbridge.provider.sandbox.SandboxGroups;
import io.imbridge.provider.sandbox.SandboxStore;

/**
 * An in-process OpenIM server at {@code /sandbox/openim/}: {@code auth/get_admin_token}, {@code msg/send_msg},
 * {@code msg/search_msg} and {@code msg/revoke_msg} with OpenIM's header, token and body checks and codes (shared with
 * the bridge's inbound side), and a store of what it received, numbered per conversation as OpenIM numbers it. With
 * {@code bridge.sandbox.openim.users} set, only those users exist: an unknown sendID is 1101, an unknown recvID 1004
 * (send_msg's documented failure example). With {@code bridge.sandbox.openim.groups} set, only those groups exist: a
 * missing group is 1201, a dismissed one 1204, a sender not in it 1203, a muted group 1403.
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
            if (faulted(exchange)) {
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
            // OpenIM numbers each conversation's messages from 1 (the seq revoke_msg takes); the answer has none
            String conversation = OpenImRecall.conversationID(send.sessionType(), send.sendID(),
                    send.conversationTarget());
            long sendTime = send.request().path("sendTime").asLong(0) > 0
                    ? send.request().get("sendTime").asLong() : System.currentTimeMillis();
            String serverMsgID = OpenImProvider.md5Hex("sandbox-server:" + UUID.randomUUID());
            store().record(OpenImProvider.NAME, send.request(), Map.of("operationID", operationID,
                    "serverMsgID", serverMsgID, "conversationID", conversation,
                    "conversationSeq", Long.toString(nextSeq(conversation)), "sendTime", Long.toString(sendTime)));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("serverMsgID", serverMsgID);
            data.put("clientMsgID", send.request().path("clientMsgID").isTextual()
                    ? send.request().get("clientMsgID").asText()
                    : OpenImProvider.md5Hex("sandbox-client:" + serverMsgID));
            data.put("sendTime", sendTime);
            OpenImRequests.replyData(exchange, data);
        } catch (BridgeException e) {
            OpenImRequests.replyError(exchange, OpenImProvider.ERRORS.row(e.vendorCode()), e.getMessage());
        }
    }

    /** An injected fault answered as OpenIM answers its codes (HTTP 200; a code it does not list as its 500). */
    private boolean faulted(Exchange exchange) {
        return store().answerFault(exchange, OpenImProvider.NAME, (ex, code, status) -> OpenImRequests.replyError(ex,
                Objects.requireNonNullElse(OpenImProvider.ERRORS.row(code), OpenImError.ServerInternalError),
                "sandbox fault"));
    }

    /** Each conversation's last seq; started over when the kept messages are cleared. */
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private long clearsSeen;

    private long nextSeq(String conversation) {
        long clears = store().clears(OpenImProvider.NAME);
        if (clears != clearsSeen) {
            seqs.clear();
            clearsSeen = clears;
        }
        return seqs.computeIfAbsent(conversation, c -> new AtomicLong()).incrementAndGet();
    }

    /** msg/search_msg as OpenIM answers it ({@link OpenImSearch}), over the messages kept. */
    public void search(Exchange exchange) {
        try {
            OpenImRequests.operationID(exchange);
            OpenImRequests.tokenUser(exchange, tokens);
            OpenImSearch.Request request = OpenImSearch.read(OpenImRequests.body(exchange));
            List<OpenImSearch.Log> logs = new ArrayList<>();
            for (ObjectNode kept : store().received(OpenImProvider.NAME)) {
                logs.add(new OpenImSearch.Log(kept.path("request"), kept.path("serverMsgID").asText(),
                        kept.path("sendTime").asLong(), kept.path("conversationSeq").asLong(),
                        kept.path("recalled").asBoolean(false)));
            }
            Map<String, Object> data = OpenImSearch.answer(request, logs);
            OpenImRequests.replyData(exchange, data);
        } catch (BridgeException e) {
            OpenImRequests.replyError(exchange, OpenImProvider.ERRORS.row(e.vendorCode()), e.getMessage());
        }
    }

    /**
     * msg/revoke_msg as OpenIM answers it: {@code conversationID}, {@code seq} and {@code userID} (1001 when
     * missing); 1004 when the conversation has no such seq, 1404 when it was revoked before, 1002 when a user's token
     * revokes another user's message (an admin token may revoke any).
     */
    public void revoke(Exchange exchange) {
        try {
            OpenImRequests.operationID(exchange);
            String caller = OpenImRequests.tokenUser(exchange, tokens);
            ObjectNode req = OpenImRequests.body(exchange);
            String conversation = OpenImRequests.requireString(req, "conversationID");
            String user = OpenImRequests.requireString(req, "userID");
            long seq = req.path("seq").asLong(0);
            if (seq <= 0) {
                throw OpenImError.ArgsError.failure("seq is invalid");
            }
            if (faulted(exchange)) {
                return;
            }
            String seqText = Long.toString(seq);
            ObjectNode held = store().find(OpenImProvider.NAME, kept -> conversation.equals(
                    kept.path("conversationID").asText()) && seqText.equals(kept.path("conversationSeq").asText()));
            if (held == null) {
                throw OpenImError.RecordNotFoundError.failure("msg not found");
            }
            if (!admins.contains(caller) && !caller.equals(held.path("request").path("sendID").asText())) {
                throw OpenImError.NoPermissionError.failure("no permission");
            }
            if (!store().recall(OpenImProvider.NAME, held.get("seq").asLong())) {
                throw OpenImError.MsgAlreadyRevoke.failure("msg already revoked");
            }
            OpenImRequests.replyData(exchange, Map.of());
        } catch (BridgeException e) {
            OpenImRequests.replyError(exchange, OpenImProvider.ERRORS.row(e.vendorCode()), e.getMessage());
        }
    }
}
