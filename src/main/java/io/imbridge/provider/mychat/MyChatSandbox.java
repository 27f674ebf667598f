package io.imbridge.provider.mychat;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * An in-process MyChat server for the 0002 and 0004 commands at {@code /sandbox/mychat/API/}: the same key check,
 * validation and error numbers as MyChat (shared with the bridge's inbound side through {@link MyChatRequests}), a user
 * directory that hands out UINs, and a store of what it received. With {@code bridge.sandbox.mychat.users} set
 * ({@code 17|bob@example.com|Bob,18|…}) only those users exist; otherwise every user exists and a non-numeric one gets
 * the next free UIN.
 */
public class MyChatSandbox extends SandboxBean {

    @PropertyInject(value = "bridge.sandbox.mychat.server-key", defaultValue = "sandbox-mychat-key")
    String serverKey;


    private final Map<String, Long> uins = new ConcurrentHashMap<>();
    private final AtomicLong nextUin = new AtomicLong(1000);
    private volatile boolean closedDirectory;
    private volatile SandboxGroups conferences = SandboxGroups.OPEN;

    /** The conferences it holds, by UID ({@link SandboxGroups}: {@code 12:alice|bob,13::dissolved}). */
    @PropertyInject(value = "bridge.sandbox.mychat.groups", defaultValue = "")
    public void setGroups(String groups) {
        conferences = SandboxGroups.parse(groups);
    }

    @PropertyInject(value = "bridge.sandbox.mychat.users", defaultValue = "")
    public void setUsers(String users) {
        uins.clear();
        closedDirectory = users != null && !users.isBlank();
        if (!closedDirectory) {
            return;
        }
        for (String person : users.split(",")) {
            String[] forms = person.trim().split("\\|");
            long uin = Long.parseLong(forms[0].trim());
            for (String f : forms) {
                uins.put(f.trim().toLowerCase(Locale.ROOT), uin);
            }
        }
    }

    public void handle(Exchange exchange) {
        JsonNode context = null;
        String evocator = MyChatRequests.SEND_PRIVATE_MESSAGE;
        try {
            ObjectNode request = MyChatRequests.parse(MyChatRequests.commandText(exchange));
            context = MyChatRequests.context(request);
            evocator = request.path("cmd").asText(evocator);
            MyChatSend send = MyChatRequests.validateSend(request, serverKey);
            JsonNode echoed = context;
            String command = evocator;
            if (store().answerFault(exchange, MyChatProvider.NAME,
                    (ex, code, status) -> faultEnvelope(ex, code, status, command, echoed))) {
                return;
            }
            if (!"0".equals(send.userFrom()) && uin(send.userFrom()) == null) {
                throw MyChatError.WrongSenderUser.failure("no such sender");
            }
            Long uinTo = null;
            Long uinFrom = "0".equals(send.userFrom()) ? Long.valueOf(0) : uin(send.userFrom());
            if (send.toChannel()) {
                checkConference(send, uinFrom);
            } else {
                uinTo = uin(send.userTo());
                if (uinTo == null) {
                    throw MyChatError.WrongReceiverUser.failure("no such recipient");
                }
            }
            // the key was checked; what the read API shows never holds it
            ObjectNode stored = request.deepCopy();
            stored.put("ServerKey", "***");
            store().record(MyChatProvider.NAME, stored, Map.of("path", "/API/"));
            ObjectNode reply = Json.object();
            reply.put("cmd", send.toChannel() ? MyChatRequests.SEND_CHANNEL_MESSAGE
                    : MyChatRequests.SEND_PRIVATE_MESSAGE);
            if (context != null) {
                reply.set("context", context);
            }
            if (send.toChannel()) {
                reply.put("UINFrom", uinFrom);
                reply.put("UID", send.uid());
            } else {
                reply.put("UINTo", uinTo);
                reply.put("State", 0);
            }
            Exchanges.replyJson(exchange, 200, reply);
        } catch (BridgeException e) {
            MyChatError code = e.vendorCode() == null ? MyChatError.WrongData
                    : MyChatProvider.ERRORS.row(e.vendorCode());
            Exchanges.replyJson(exchange, 200, MyChatProvider.errorEnvelope(code, evocator, context, null));
        }
    }

    /**
     * A 0004's conference: one it does not hold (or a dissolved one) is 6, a sender not in it 7 — also a muted one
     * (MyChat has no mute of its own). A member is listed by any of its forms or its UIN.
     */
    private void checkConference(MyChatSend send, Long uinFrom) {
        String uid = Long.toString(send.uid());
        SandboxGroups.Check check = conferences.check(uid, send.userFrom());
        if (check == SandboxGroups.Check.NOT_MEMBER && uinFrom != null) {
            check = conferences.check(uid, Long.toString(uinFrom));
        }
        switch (check) {
            case NO_GROUP, DISSOLVED -> throw MyChatError.UnknownUID.failure("no such conference");
            case NOT_MEMBER, MUTED -> throw MyChatError.SenderNotInConference.failure("not in the conference");
            default -> { }
        }
    }

    /** An injected MyChat error number in MyChat's envelope, with the injected HTTP status. */
    private static void faultEnvelope(Exchange exchange, int error, int status, String evocator, JsonNode context) {
        MyChatError code = MyChatProvider.ERRORS.row(error);
        ObjectNode envelope = code != null
                ? MyChatProvider.errorEnvelope(code, evocator, context, null)
                : Json.object().put("cmd", "0001").put("evocator", evocator).put("error", error);
        Exchanges.replyJson(exchange, status, envelope);
    }

    private Long uin(String user) {
        String key = user.toLowerCase(Locale.ROOT);
        Long known = uins.get(key);
        if (known != null || closedDirectory) {
            return known;
        }
        if (key.chars().allMatch(Character::isDigit) && key.length() < 18) {
            return Long.parseLong(key);
        }
        return uins.computeIfAbsent(key, k -> nextUin.incrementAndGet());
    }
}
