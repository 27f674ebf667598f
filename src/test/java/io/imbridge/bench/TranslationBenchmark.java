package io.imbridge.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imbridge.Fixtures;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.provider.OutboundCall;
import io.imbridge.provider.Provider;
import io.imbridge.provider.SendApi;
import io.imbridge.provider.mychat.MyChatProvider;
import io.imbridge.provider.netease.NetEaseProvider;
import io.imbridge.provider.openim.OpenImProvider;
import io.imbridge.provider.tencent.TencentProvider;

/**
 * Translation throughput (issue "Throughput near the server's limit"): for every source s and target t ≠ s, the
 * source's request bytes → canonical message → the target's request bytes, through the code the routes run: the
 * source's {@code <s>:send-request} ({@link SendApi#readSend}: parse, validate, map; the caller's credentials are the
 * route's earlier {@code authenticate} step and are not measured) and the target's {@code <t>:outbound-calls}
 * ({@link Provider#outboundCalls}: every call's body, or for MyChat's GET its {@code data=} query, as UTF-8 bytes).
 * No HTTP, database or credential check; the router's addressing (an accounts lookup) is left out, the recipients
 * passing as the source named them.
 * <p>
 * Beside them, in the same run, the baseline: a bare Jackson {@code ObjectMapper} reading the same source bytes to a
 * tree and writing the tree back to bytes ({@code baseline_<s>}). NetEase's request is a URL-encoded form, which
 * Jackson cannot read: its baseline reads the same fields as a JSON object (fixture {@code send-seed-form.json}).
 * <p>
 * {@code size}: {@code seed} is the vendor's documented example verbatim (fixtures under src/test/resources);
 * {@code 4k} the same request with its text made long enough that the source request is 4096 bytes (at most).
 * <p>
 * Run: {@code mvn -o -Pbench test-compile exec:exec -Dbench.main=org.openjdk.jmh.Main -Dbench.args=TranslationBenchmark}
 * (BENCHMARKS.md, "Translation (JMH)").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslationBenchmark {

    static final int FOUR_KB = 4096;

    @Param({"seed", "4k"})
    public String size;

    CamelContext camel;
    /** The bare Jackson baseline's mapper: default configuration, made once. */
    ObjectMapper bare;

    MyChatProvider mychat;
    TencentProvider tencent;
    OpenImProvider openim;
    NetEaseProvider netease;

    Exchange mychatIn;
    Exchange tencentIn;
    Exchange openimIn;
    Exchange neteaseIn;

    byte[] mychatBytes;
    byte[] tencentBytes;
    byte[] openimBytes;
    byte[] neteaseBytes;
    /** NetEase's form fields as JSON, for its baseline (Jackson cannot read a form). */
    byte[] neteaseJsonBytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        camel = new DefaultCamelContext();
        // the bridge's own settings (application.properties, run from the project directory), its targets' credentials
        // replaced by the benchmark's
        Properties props = new Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("application.properties"))) {
            props.load(in);
        }
        props.setProperty("bridge.mychat.server-key", "target-key");
        props.setProperty("bridge.tencent.sdkappid", "1400000000");
        props.setProperty("bridge.tencent.admin", "administrator");
        props.setProperty("bridge.tencent.secret-key", "benchmark-secret-key");
        props.setProperty("bridge.netease.app-key", "app-key");
        props.setProperty("bridge.netease.app-secret", "app-secret");
        props.setProperty("bridge.netease.room-id", "36");
        camel.getPropertiesComponent().setInitialProperties(props);
        mychat = inject(new MyChatProvider(), MyChatProvider.NAME);
        tencent = inject(new TencentProvider(), TencentProvider.NAME);
        openim = inject(new OpenImProvider(), OpenImProvider.NAME);
        netease = inject(new NetEaseProvider(), NetEaseProvider.NAME);
        bare = new ObjectMapper();

        boolean big = "4k".equals(size);
        if (!"seed".equals(size) && !big) {
            throw new IllegalArgumentException("size must be seed or 4k: " + size);
        }
        ObjectMapper m = new ObjectMapper();

        // MyChat 0002 (its documented browser example), posted as a JSON body
        String mychatSeed = Fixtures.text("mychat/seed-browser-line.json");
        mychatBytes = big ? fit(t -> write(m, with((ObjectNode) m.readTree(mychatSeed), "Msg", t)))
                : mychatSeed.getBytes(StandardCharsets.UTF_8);
        // Tencent sendmsg (its documented example)
        String tencentSeed = Fixtures.text("tencent/sendmsg-seed-sync.json");
        tencentBytes = big ? fit(t -> {
            ObjectNode n = (ObjectNode) m.readTree(tencentSeed);
            ((ObjectNode) n.get("MsgBody").get(0).get("MsgContent")).put("Text", t);
            return write(m, n);
        }) : tencentSeed.getBytes(StandardCharsets.UTF_8);
        // OpenIM send_msg (its documented example)
        String openimSeed = Fixtures.text("openim/send_msg-seed.json");
        openimBytes = big ? fit(t -> {
            ObjectNode n = (ObjectNode) m.readTree(openimSeed);
            ((ObjectNode) n.get("content")).put("content", t);
            return write(m, n);
        }) : openimSeed.getBytes(StandardCharsets.UTF_8);
        // NetEase sendMsgToSomeone (its documented example), a form; its baseline the same fields as JSON
        String neteaseSeed = Fixtures.text("netease/send-seed.form");
        String neteaseJson = Fixtures.text("netease/send-seed-form.json");
        if (big) {
            String text = longestText(t -> neteaseSeed.replace("attach=This+is+test+msg",
                    "attach=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            neteaseBytes = neteaseSeed.replace("attach=This+is+test+msg",
                    "attach=" + URLEncoder.encode(text, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            neteaseJsonBytes = write(m, with((ObjectNode) m.readTree(neteaseJson), "attach", text));
        } else {
            neteaseBytes = neteaseSeed.getBytes(StandardCharsets.UTF_8);
            neteaseJsonBytes = neteaseJson.getBytes(StandardCharsets.UTF_8);
        }

        mychatIn = inbound(mychatBytes, "application/json");
        tencentIn = inbound(tencentBytes, "application/json");
        openimIn = inbound(openimBytes, "application/json");
        openimIn.getMessage().setHeader("operationID", "op-1");
        neteaseIn = inbound(neteaseBytes, "application/x-www-form-urlencoded;charset=utf-8");

        // every path must take its success path, and its output be as expected
        for (SendApi s : List.of(mychat, tencent, openim, netease)) {
            for (Provider t : List.<Provider>of(mychat, tencent, openim, netease)) {
                if (s != t && translate(inboundOf(s), s, t) <= 0) {
                    throw new IllegalStateException(((Provider) s).name() + " → " + t.name() + " wrote nothing");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        camel.close();
    }

    // ---- the 12 paths: source bytes → canonical → target bytes -------------------------------------------------

    @Benchmark public void mychat_to_tencent(Blackhole bh) { bh.consume(translate(mychatIn, mychat, tencent, bh)); }
    @Benchmark public void mychat_to_openim(Blackhole bh) { bh.consume(translate(mychatIn, mychat, openim, bh)); }
    @Benchmark public void mychat_to_netease(Blackhole bh) { bh.consume(translate(mychatIn, mychat, netease, bh)); }
    @Benchmark public void tencent_to_mychat(Blackhole bh) { bh.consume(translate(tencentIn, tencent, mychat, bh)); }
    @Benchmark public void tencent_to_openim(Blackhole bh) { bh.consume(translate(tencentIn, tencent, openim, bh)); }
    @Benchmark public void tencent_to_netease(Blackhole bh) { bh.consume(translate(tencentIn, tencent, netease, bh)); }
    @Benchmark public void openim_to_mychat(Blackhole bh) { bh.consume(translate(openimIn, openim, mychat, bh)); }
    @Benchmark public void openim_to_tencent(Blackhole bh) { bh.consume(translate(openimIn, openim, tencent, bh)); }
    @Benchmark public void openim_to_netease(Blackhole bh) { bh.consume(translate(openimIn, openim, netease, bh)); }
    @Benchmark public void netease_to_mychat(Blackhole bh) { bh.consume(translate(neteaseIn, netease, mychat, bh)); }
    @Benchmark public void netease_to_tencent(Blackhole bh) { bh.consume(translate(neteaseIn, netease, tencent, bh)); }
    @Benchmark public void netease_to_openim(Blackhole bh) { bh.consume(translate(neteaseIn, netease, openim, bh)); }

    // ---- the baseline: the same source bytes read to a tree and written back by a bare ObjectMapper -------------

    @Benchmark public byte[] baseline_mychat() throws Exception { return bare.writeValueAsBytes(bare.readTree(mychatBytes)); }
    @Benchmark public byte[] baseline_tencent() throws Exception { return bare.writeValueAsBytes(bare.readTree(tencentBytes)); }
    @Benchmark public byte[] baseline_openim() throws Exception { return bare.writeValueAsBytes(bare.readTree(openimBytes)); }
    @Benchmark public byte[] baseline_netease() throws Exception { return bare.writeValueAsBytes(bare.readTree(neteaseJsonBytes)); }

    // ---- the translation -------------------------------------------------------------------------------------

    /**
     * What {@code <s>:send-request} then {@code <t>:outbound-calls} do with one request: the canonical message read
     * from the exchange's body (the source's bytes), then every call of the target rendered to the bytes it sends.
     * Answers the number of bytes written.
     */
    static int translate(Exchange in, SendApi source, Provider target, Blackhole bh) {
        CanonicalMessage canonical = source.readSend(in);
        List<OutboundCall> calls = target.outboundCalls(canonical, 1);
        int n = 0;
        for (OutboundCall call : calls) {
            byte[] wire = (call.body() != null ? call.body() : call.query()).getBytes(StandardCharsets.UTF_8);
            bh.consume(wire);
            bh.consume(call.headers());
            n += wire.length;
        }
        return n;
    }

    private int translate(Exchange in, SendApi source, Provider target) {
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        return translate(in, source, target, bh);
    }

    private Exchange inboundOf(SendApi s) {
        return s == mychat ? mychatIn : s == tencent ? tencentIn : s == openim ? openimIn : neteaseIn;
    }

    /** A POST as the HTTP edge hands it to the route: the raw body bytes, the method and Content-Type headers. */
    private Exchange inbound(byte[] body, String contentType) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        e.getMessage().setBody(body);
        return e;
    }

    /** The provider bean with its {@code @PropertyInject} settings applied, as Camel binds it. */
    private <T> T inject(T bean, String name) throws Exception {
        PluginHelper.getBeanPostProcessor(camel).postProcessBeforeInitialization(bean, name);
        PluginHelper.getBeanPostProcessor(camel).postProcessAfterInitialization(bean, name);
        return bean;
    }

    // ---- the 4 KB variants -----------------------------------------------------------------------------------

    interface Render {
        byte[] apply(String text) throws Exception;
    }

    /** The request with the longest text of {@link #TEXT}'s kind whose bytes are at most 4096. */
    static byte[] fit(Render render) throws Exception {
        return render.apply(longestText(render));
    }

    static String longestText(Render render) throws Exception {
        String text = TEXT.repeat(FOUR_KB / TEXT.length() + 1);
        int over;
        while ((over = render.apply(text).length - FOUR_KB) > 0) {
            text = text.substring(0, text.length() - Math.max(1, over / 3));
        }
        return text;
    }

    /** A chat text, mostly ASCII with some Cyrillic and CJK (multi-byte in UTF-8). */
    static final String TEXT = "The quick brown fox jumps over the lazy dog, then checks the delivery report. "
            + "Привет, как дела? 你好，今天的会议改到下午三点。 ";

    private static ObjectNode with(ObjectNode node, String field, String value) {
        node.put(field, value);
        return node;
    }

    private static byte[] write(ObjectMapper m, Object tree) throws Exception {
        return m.writeValueAsBytes(tree);
    }
}
