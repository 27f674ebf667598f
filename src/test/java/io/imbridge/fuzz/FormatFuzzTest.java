package io.imbridge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.ErrorTable;
import io.imbridge.provider.mychat.MyChatCodec;
import io.imbridge.provider.mychat.MyChatRequests;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.netease.NetEaseCodec;
import io.imbridge.provider.netease.NetEaseRequests;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.openim.OpenImCodec;
import io.imbridge.provider.openim.OpenImRequests;
import io.imbridge.provider.openim.OpenImTokens;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.tencent.TencentCodec;
import io.imbridge.provider.tencent.TencentRequests;
import io.imbridge.provider.tencent.TencentUserSig;
import io.imbridge.provider.tencent.TencentProvider;

import static io.imbridge.fuzz.FormatFuzzTest.Outcome.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every data format against hostile variants of the seed examples: each input is either read (and then written
 * back and read again to the same elements) or refused with a code of the vendor's own table — never another
 * exception.
 */
class FormatFuzzTest {

    static final String ID = "01FUZZ00000000000000000000";

    static void refusedInTheVendorsCodes(ErrorTable<?> table, BridgeException e) {
        net.jqwik.api.statistics.Statistics.label("outcome").collect("refused " + e.vendorCode());
        assertEquals(table.vendor(), e.vendor(), e.getMessage());
        assertNotNull(e.vendorCode(), e.getMessage());
        assertNotNull(table.row(e.vendorCode()), () -> table.vendor() + " has no code " + e.vendorCode());
    }

    @Provide
    Arbitrary<byte[]> mychat() {
        return Mutations.of(Fixtures.json("mychat/seed-browser-line.json"));
    }

    @Property
    void myChatCommands(@ForAll("mychat") byte[] raw) {
        try {
            var send = MyChatRequests.validateSend(MyChatRequests.parse(new String(raw, StandardCharsets.UTF_8)), "iddqd");
            CanonicalMessage m = MyChatCodec.toCanonical(send, ID, 0);
            ObjectNode back = MyChatCodec.toRequest(m, m.recipients().get(0), "iddqd", "x");
            assertEquals(m.elements(), MyChatCodec.toCanonical(MyChatRequests.validateSend(back, "iddqd"), ID, 0).elements());
            accepted();
        } catch (BridgeException e) {
            refusedInTheVendorsCodes(MyChatProvider.ERRORS, e);
        }
    }

    @Provide
    Arbitrary<byte[]> openim() {
        return Mutations.of(Fixtures.json("openim/send_msg-seed.json"));
    }

    @Property
    void openImSendMsgBodies(@ForAll("openim") byte[] raw) {
        try {
            var node = io.imbridge.canonical.Json.parseOrNull(new String(raw, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw io.imbridge.provider.openim.OpenImError.ArgsError.failure("not an object");
            }
            CanonicalMessage m = OpenImCodec.toCanonical(OpenImRequests.validateSend((ObjectNode) node, "op"), ID, 0);
            for (ObjectNode back : OpenImCodec.toRequests(m, m.recipients().isEmpty() ? null : m.recipients().get(0))) {
                assertEquals(m.elements(), OpenImCodec.toCanonical(OpenImRequests.validateSend(back, "op"), ID, 0).elements());
            }
            accepted();
        } catch (BridgeException e) {
            refusedInTheVendorsCodes(OpenImProvider.ERRORS, e);
        }
    }

    @Provide
    Arbitrary<byte[]> tencent() {
        return Arbitraries.oneOf(List.of("sendmsg-seed-admin.json", "sendmsg-seed-offline-push.json",
                "sendmsg-seed-forbid-callbacks.json").stream()
                .map(f -> Mutations.of(Fixtures.json("tencent/" + f))).toList());
    }

    @Property
    void tencentSendMsgBodies(@ForAll("tencent") byte[] raw) {
        try {
            ObjectNode body = TencentRequests.body(raw, io.imbridge.provider.tencent.TencentProvider.CAPABILITIES.limits().maxPacketBytes());
            TencentRequests.validateSendMsg(body);
            CanonicalMessage m = TencentCodec.fromSendMsg(body, "administrator", ID, 0);
            ObjectNode back = TencentCodec.toSendMsg(m, m.recipients().get(0), 1, "administrator");
            TencentRequests.validateSendMsg(back);
            assertEquals(m.elements(), TencentCodec.fromSendMsg(back, "administrator", ID, 0).elements());
            accepted();
        } catch (BridgeException e) {
            refusedInTheVendorsCodes(TencentProvider.ERRORS, e);
        }
    }

    @Provide
    Arbitrary<byte[]> callback() {
        return Mutations.of(Fixtures.json("tencent/callback-seed.json"));
    }

    @Property
    void tencentWebhookBodies(@ForAll("callback") byte[] raw) {
        try {
            TencentCodec.fromCallback(TencentRequests.validateCallback(TencentRequests.body(raw, 65536)), ID, 0);
            accepted();
        } catch (BridgeException e) {
            refusedInTheVendorsCodes(TencentProvider.ERRORS, e);
        }
    }

    @Provide
    Arbitrary<Map<String, String>> netease() {
        Map<String, String> seed = new LinkedHashMap<>();
        for (String pair : Fixtures.text("netease/send-seed.form").split("&")) {
            String[] kv = pair.split("=", 2);
            seed.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        List<String> fields = List.of("roomid", "msgId", "attach", "fromAccid", "toAccids", "msgType", "subType",
                "resendFlag", "route", "ext", "useYidun", "antispam", "env", "bid");
        Arbitrary<String> values = Arbitraries.oneOf(Mutations.values().map(v -> v.isTextual() ? v.asText() : v.toString()),
                Arbitraries.of("0", "1", "2", "3", "4", "6", "10", "100", "-1", "99999999999999999999", "[\"a\"]",
                        "[" + "\"u\",".repeat(101) + "\"u\"]", "{\"url\":5}", "{\"lat\":\"x\"}"));
        return Combinators.combine(Arbitraries.of(fields), Arbitraries.integers().between(0, 1), values)
                .as((field, op, value) -> {
                    Map<String, String> f = new LinkedHashMap<>(seed);
                    if (op == 0) {
                        f.remove(field);
                    } else {
                        f.put(field, value);
                    }
                    return f;
                });
    }

    @Property
    void netEaseForms(@ForAll("netease") Map<String, String> form) {
        try {
            CanonicalMessage m = NetEaseCodec.toCanonical(NetEaseRequests.validateSend(form), ID, 0);
            for (Map<String, String> back : NetEaseCodec.toForms(m, 36, false)) {
                assertEquals(m.elements(), NetEaseCodec.toCanonical(NetEaseRequests.validateSend(back), ID, 0).elements());
            }
            accepted();
        } catch (BridgeException e) {
            refusedInTheVendorsCodes(NetEaseProvider.ERRORS, e);
        }
    }

    /** Counts the accepted inputs in the printed statistics. */
    static final class Outcome {
        static void accepted() {
            net.jqwik.api.statistics.Statistics.label("outcome").collect("accepted");
        }
    }

    @Property
    void userSigsAndTokensOfAnyShapeAreRefusedNotCrashedOn(@ForAll String junk) {
        assertNotNull(TencentUserSig.verify(junk, "key", 1400000001L, "administrator", 1_800_000_000L));
        assertTrue(!new OpenImTokens("s").verify(junk, 1_800_000_000L).ok());
    }
}
