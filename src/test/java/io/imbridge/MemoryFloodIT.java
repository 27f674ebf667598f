package io.imbridge;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;
import io.imbridge.provider.netease.NetEaseCheckSum;
import io.imbridge.provider.tencent.TencentUserSig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar started as the README says (its run command's JVM options, {@link ReadmeCommand}) under a flood of
 * hostile bodies beside good MyChat traffic: ~2 MB bodies with a declared Content-Length and sent chunked without one,
 * and malformed bodies just under 1 MiB, at all four vendors' inbound APIs. The resident memory of the whole process
 * tree started (the one JVM) stays under 512 MB, every good message is answered, and no hostile body
 * gets a server error.
 *
 * <p>{@code -Dmemory-flood.jvm-args="-Xmx256m"} (space-separated) adds JVM arguments, to measure other
 * setups; {@code -Dmemory-flood.seconds=N} changes the flood's length.
 */
class MemoryFloodIT {

    static final long RSS_LIMIT_KB = 512 * 1024;
    static final int OVERSIZED = 2 * 1000 * 1000;
    static final int JUST_UNDER_LIMIT = 1024 * 1024 - 1024;
    static final int FLOOD_CLIENTS_PER_KIND = 4;
    static final int MAX_REQUESTS_PER_CLIENT = 3000;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> goodFailures = new ConcurrentLinkedQueue<>();
    final LongAdder goodAnswered = new LongAdder();
    int port;
    String openimToken;

    /** One inbound API as a vendor's client calls it: path and headers, fresh credentials each time. */
    enum Api {
        MYCHAT("/mychat/API/", "application/json"),
        OPENIM("/openim/msg/send_msg", "application/json"),
        TENCENT("/tencent/v4/openim/sendmsg", "application/json"),
        NETEASE("/netease/nimserver/chatroom/sendMsgToSomeone.action", "application/x-www-form-urlencoded;charset=utf-8");

        final String path;
        final String contentType;

        Api(String path, String contentType) {
            this.path = path;
            this.contentType = contentType;
        }
    }

    @Test
    void residentMemoryStaysBoundedUnderAFloodOfHostileBodies() throws Exception {
        port = RunningBridge.freePort();
        Path data = Files.createTempDirectory("im-bridge-flood");
        Path log = Files.createTempFile("im-bridge-flood", ".log");
        List<String> options = new ArrayList<>();
        String extra = System.getProperty("memory-flood.jvm-args", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(Arrays.asList(extra.split("\\s+")));
        }
        options.addAll(List.of("-Dcamel.server.port=" + port, "-Dbridge.data-dir=" + data));
        List<String> command = ReadmeCommand.java(options);
        long started = System.nanoTime();
        Process bridge = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RssSampler rss = new RssSampler(bridge.toHandle());
        try {
            awaitHealthy(bridge, log);
            long toHealthyMs = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(3000);
            long idleKb = rss.sample();
            System.out.printf("FLOOD start: healthy after %d ms; idle RSS %d MB (%d processes); heap %s%n",
                    toHealthyMs, idleKb / 1024, rss.processes(), heapInUse(bridge.toHandle()));
            openimToken = openimToken();

            rss.startSampling();
            long floodMs = Long.getLong("memory-flood.seconds", 20) * 1000;
            long deadline = System.currentTimeMillis() + floodMs;
            ExecutorService clients = Executors.newFixedThreadPool(2 + 3 * FLOOD_CLIENTS_PER_KIND);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                int client = c;
                running.add(clients.submit(() -> goodTraffic(client, deadline)));
            }
            byte[] oversized = oversizedJson();
            for (int c = 0; c < FLOOD_CLIENTS_PER_KIND; c++) {
                int client = c;
                byte[] malformed = malformed(client);
                running.add(clients.submit(() -> flood("declared-2MB", client, deadline,
                        api -> hostile(api, oversized, false))));
                running.add(clients.submit(() -> flood("chunked-2MB", client, deadline,
                        api -> hostile(api, oversized, true))));
                running.add(clients.submit(() -> flood("malformed-1MiB", client, deadline,
                        api -> hostile(api, malformed, false))));
            }
            for (Future<?> f : running) {
                f.get(floodMs + 120_000, TimeUnit.MILLISECONDS);
            }
            clients.shutdown();
            String heapAfter = heapInUse(bridge.toHandle());
            rss.stop();

            System.out.printf("FLOOD %d s: peak RSS %d MB (whole process tree), idle before %d MB, heap after %s%n",
                    floodMs / 1000, rss.peakKb() / 1024, idleKb / 1024, heapAfter);
            System.out.printf("FLOOD good MyChat messages answered 0002: %d, failed: %d%n", goodAnswered.sum(),
                    goodFailures.size());
            new TreeMap<>(answers).forEach((kind, n) -> System.out.printf("FLOOD answer %s: %d%n", kind, n.sum()));

            assertTrue(bridge.isAlive(), () -> "the bridge died: " + CrashRecoveryIT.read(log));
            assertTrue(goodFailures.isEmpty(), () -> "good messages failed: " + goodFailures);
            assertTrue(goodAnswered.sum() > 0, "good traffic went through");
            assertTrue(serverErrors.isEmpty(), () -> "hostile bodies got no provider answer: " + serverErrors);
            assertTrue(rss.peakKb() < RSS_LIMIT_KB, () -> "peak RSS " + rss.peakKb() / 1024 + " MB");
        } finally {
            rss.stop();
            List<ProcessHandle> tree = Stream.concat(Stream.of(bridge.toHandle()), bridge.descendants()).toList();
            bridge.destroy();
            if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly); // nothing of it may outlive the test
        }
    }

    // ---- the traffic --------------------------------------------------------------------------------------------

    void goodTraffic(int client, long deadline) {
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.currentTimeMillis() < deadline; i++) {
            String text = "hi " + client + "-" + i;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/mychat/API/?data="
                        + RunningBridge.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"Msg\":\""
                        + text + "\",\"ServerKey\":\"iddqd\"}"))).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode reply = Json.parseOrNull(r.body());
                if (reply != null && "0002".equals(reply.path("cmd").asText())) {
                    goodAnswered.increment();
                } else {
                    goodFailures.add(text + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                }
            } catch (IOException | InterruptedException e) {
                goodFailures.add(text + ": " + e);
            }
        }
    }

    interface Exchange {
        String send(Api api) throws IOException;
    }

    void flood(String kind, int client, long deadline, Exchange exchange) {
        Api[] apis = Api.values();
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.currentTimeMillis() < deadline; i++) {
            Api api = apis[(client + i) % apis.length];
            String outcome;
            try {
                outcome = exchange.send(api);
            } catch (IOException e) {
                outcome = "connection closed without an answer";
            }
            answers.computeIfAbsent(kind + " " + api.name().toLowerCase() + " " + outcome, k -> new LongAdder())
                    .increment();
        }
    }

    /**
     * Sends {@code body} on a raw socket (declared Content-Length, or chunked without one), stopping as soon as the
     * server has answered, and classifies the answer: status and whether it is the vendor's JSON envelope.
     */
    String hostile(Api api, byte[] body, boolean chunked) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(40_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder("POST " + target(api) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nContent-Type: " + api.contentType + "\r\n");
            credentials(api).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            try {
                for (int off = 0; off < body.length && in.available() == 0; off += 64 * 1024) {
                    int n = Math.min(64 * 1024, body.length - off);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, off, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked && in.available() == 0) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException answeredEarly) {
                // the server refused before the whole body was sent: its answer may still be readable
            }
            return classify(api, in);
        }
    }

    String classify(Api api, InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; got.size() < 256 * 1024 && (n = in.read(buf)) > 0; ) {
            got.write(buf, 0, n);
        }
        String response = got.toString(StandardCharsets.UTF_8);
        if (!response.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer");
        }
        int status = Integer.parseInt(response.substring(9, 12));
        int bodyAt = response.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : response.substring(bodyAt + 4);
        if (response.substring(0, Math.max(bodyAt, 0)).toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        boolean envelope = Json.parseOrNull(body) != null;
        // every hostile body is refused in the provider's own envelope (a too-large one before it is read, or cut off
        // at 1 MiB): a 5xx or a bare page is a defect
        if (status >= 500 || !envelope) {
            serverErrors.add(api + " HTTP " + status + " " + abbreviate(body));
        }
        return "HTTP " + status + (envelope ? " " + errorCode(body) : " bare");
    }

    static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        for (int eol; (eol = chunked.indexOf("\r\n", at)) > 0; ) {
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0 || eol + 2 + size > chunked.length()) {
                break;
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return body.toString();
    }

    /** The vendor's error code in its envelope, to show which refusal it was. */
    static String errorCode(String body) {
        JsonNode n = Json.parseOrNull(body);
        for (String field : List.of("error", "errCode", "ErrorCode", "code")) {
            if (n.has(field)) {
                return field + "=" + n.get(field).asText();
            }
        }
        return "json";
    }

    String target(Api api) {
        return api == Api.TENCENT ? api.path + "?" + RunningBridge.tencentQuery(RunningBridge.TENCENT_APP,
                RunningBridge.TENCENT_ADMIN, TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP,
                        RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 3600)) : api.path;
    }

    /** Valid credentials, so that a body is refused for itself and not for its caller. */
    Map<String, String> credentials(Api api) {
        switch (api) {
            case OPENIM:
                return Map.of("token", openimToken, "operationID", "flood-" + System.nanoTime());
            case NETEASE:
                String nonce = Long.toHexString(System.nanoTime());
                String cur = Long.toString(System.currentTimeMillis() / 1000);
                return Map.of("AppKey", RunningBridge.NETEASE_KEY, "Nonce", nonce, "CurTime", cur, "CheckSum",
                        NetEaseCheckSum.of(RunningBridge.NETEASE_SECRET, nonce, cur));
            default:
                return Map.of();
        }
    }

    static byte[] oversizedJson() {
        byte[] body = new byte[OVERSIZED];
        Arrays.fill(body, (byte) 'a');
        byte[] start = "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"UserTo\":\"bob\",\"Msg\":\"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        body[OVERSIZED - 2] = '"';
        body[OVERSIZED - 1] = '}';
        return body;
    }

    /** Just under the vendors' 1 MiB: random bytes, an unterminated string, or nesting past Jackson's limit. */
    static byte[] malformed(int client) {
        byte[] body = new byte[JUST_UNDER_LIMIT];
        switch (client % 3) {
            case 0 -> new Random(client).nextBytes(body);
            case 1 -> {
                Arrays.fill(body, (byte) 'x');
                byte[] start = "{\"Msg\":\"".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(start, 0, body, 0, start.length);
            }
            default -> Arrays.fill(body, (byte) '[');
        }
        return body;
    }

    // ---- the bridge ---------------------------------------------------------------------------------------------

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void awaitHealthy(Process bridge, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(bridge.isAlive(), () -> "bridge exited: " + CrashRecoveryIT.read(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not healthy: " + CrashRecoveryIT.read(log));
    }

    String openimToken() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/openim/auth/get_admin_token"))
                .header("Content-Type", "application/json").header("operationID", "flood-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"openIM123\",\"userID\":\"imAdmin\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode reply = RunningBridge.json(r);
        assertEquals(0, reply.path("errCode").asInt(), r.body());
        return reply.path("data").path("token").asText();
    }

    /** Heap in use of every JVM in the process tree, as {@code jcmd GC.heap_info} reports it. */
    static String heapInUse(ProcessHandle root) {
        StringBuilder heaps = new StringBuilder();
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(p.pid()), "GC.heap_info").redirectErrorStream(true).start();
                String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(10, TimeUnit.SECONDS);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
                if (m.find()) {
                    heaps.append(heaps.length() == 0 ? "" : "; ").append("pid ").append(p.pid()).append(": ")
                            .append(Long.parseLong(m.group(2)) / 1024).append(" of ")
                            .append(Long.parseLong(m.group(1)) / 1024).append(" MB");
                }
            } catch (IOException | InterruptedException e) {
                heaps.append(" (pid ").append(p.pid()).append(": ").append(e).append(')');
            }
        });
        return heaps.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Sums VmRSS over a process and its descendants, every 250 ms, keeping the peak. */
    static final class RssSampler {
        private final ProcessHandle root;
        private final AtomicLong peakKb = new AtomicLong();
        private volatile Thread sampling;
        private volatile int processes;

        RssSampler(ProcessHandle root) {
            this.root = root;
        }

        long sample() {
            List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
            processes = tree.size();
            long kb = tree.stream().mapToLong(RssSampler::vmRssKb).sum();
            peakKb.accumulateAndGet(kb, Math::max);
            return kb;
        }

        int processes() {
            return processes;
        }

        long peakKb() {
            return peakKb.get();
        }

        void startSampling() {
            sampling = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampling.setDaemon(true);
            sampling.start();
        }

        void stop() {
            Thread t = sampling;
            if (t != null) {
                t.interrupt();
            }
        }

        static long vmRssKb(ProcessHandle p) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading
            }
            return 0;
        }
    }
}
