package io.imbridge.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.BridgeId;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.imbridge.provider.mychat.MyChatCodec;
import io.imbridge.provider.mychat.MyChatRequests;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.netease.NetEaseCodec;
import io.imbridge.provider.netease.NetEaseRequests;
import io.imbridge.provider.openim.OpenImCodec;
import io.imbridge.provider.openim.OpenImRequests;
import io.imbridge.provider.tencent.TencentCodec;
import io.imbridge.provider.tencent.TencentRequests;
import io.imbridge.provider.tencent.TencentUserSig;

/**
 * The per-message Java work of the bridge, without HTTP or the database: each seed request parsed, validated and
 * made canonical; the canonical message rendered as each target's request body; the canonical JSON written and read
 * (what the ID map and the queue store); and the two signatures checked on every inbound call.
 * Run: {@code mvn -Pbench test-compile exec:exec} (README "Performance").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    static final long APP = 1400000000L;
    static final String KEY = "benchmark-secret-key";

    String mychat;
    String openim;
    byte[] tencent;
    String netease;
    CanonicalMessage canonical;
    String canonicalJson;
    String userSig;
    long now;

    @Setup
    public void setUp() {
        mychat = Fixtures.text("mychat/seed-browser-line.json");
        openim = Fixtures.text("openim/send_msg-seed.json");
        tencent = Fixtures.text("tencent/sendmsg-seed-sync.json").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        netease = Fixtures.text("netease/send-seed.form");
        canonical = tencentInbound();
        canonicalJson = Json.write(canonical);
        now = System.currentTimeMillis() / 1000;
        userSig = TencentUserSig.sign(KEY, APP, "administrator", now, 86400);
        if (tencentUserSigVerify() != null) {
            throw new IllegalStateException("the benchmark's UserSig must take the success path");
        }
    }

    @Benchmark
    public CanonicalMessage mychatInbound() {
        ObjectNode req = MyChatRequests.parse(mychat);
        return MyChatCodec.toCanonical(MyChatRequests.validateSend(req, "iddqd"), BridgeId.next(),
                System.currentTimeMillis());
    }

    @Benchmark
    public CanonicalMessage openimInbound() {
        ObjectNode req = (ObjectNode) Json.parseOrNull(openim);
        return OpenImCodec.toCanonical(OpenImRequests.validateSend(req, "op-1"), BridgeId.next(),
                System.currentTimeMillis());
    }

    @Benchmark
    public CanonicalMessage tencentInbound() {
        ObjectNode req = TencentRequests.body(tencent, 8192);
        TencentRequests.validateSendMsg(req);
        return TencentCodec.fromSendMsg(req, "administrator", BridgeId.next(), System.currentTimeMillis());
    }

    @Benchmark
    public CanonicalMessage neteaseInbound() {
        return NetEaseCodec.toCanonical(NetEaseRequests.validateSend(NetEaseRequests.parseForm(netease)),
                BridgeId.next(), System.currentTimeMillis());
    }

    @Benchmark
    public String toMyChat() {
        return Json.write(MyChatCodec.toRequest(canonical, "bob", "key", "im-bridge"));
    }

    @Benchmark
    public String toOpenIm() {
        List<ObjectNode> reqs = OpenImCodec.toRequests(canonical, "bob");
        return Json.write(reqs.get(0));
    }

    @Benchmark
    public String toTencent() {
        return Json.write(TencentCodec.toSendMsg(canonical, "bob", 42L, "administrator"));
    }

    @Benchmark
    public List<Map<String, String>> toNetEase() {
        return NetEaseCodec.toForms(canonical, 36L, false);
    }

    @Benchmark
    public CanonicalMessage canonicalJsonRoundTrip() throws Exception {
        return Json.MAPPER.readValue(Json.write(canonical), CanonicalMessage.class);
    }

    @Benchmark
    public Object tencentUserSigVerify() {
        return TencentUserSig.verify(userSig, KEY, APP, "administrator", now);
    }

    @Benchmark
    public String neteaseCheckSum() {
        return NetEaseCheckSum.of("app-secret", "nonce-1234", "1451207708");
    }
}
