package io.imbridge.routes;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.provider.tencent.TencentUserSig;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size, depth and time limits, each answered in the caller's own dialect where the vendor has a word for it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {

    RunningBridge bridge;
    String token;

    @BeforeAll
    void start() {
        bridge = RunningBridge.start("bridge.http.request-timeout-ms", "1500", "bridge.http.idle-timeout-s", "2",
                "bridge.http.header-timeout-ms", "1500");
        token = bridge.openimToken("openIM123");
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    String tencentPath() {
        return "/tencent/v4/openim/sendmsg?" + RunningBridge.tencentQuery(RunningBridge.TENCENT_APP,
                RunningBridge.TENCENT_ADMIN, TencentUserSig.sign(RunningBridge.TENCENT_KEY, RunningBridge.TENCENT_APP,
                        RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 600));
    }

    @Test
    void aBodyOverOneMebibyteIsTooLargeInEachDialect() {
        String big = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertEquals(21, json(bridge.post("/mychat/API/", big, "Content-Type", "application/json")).get("error").asInt());
        assertEquals(1001, json(bridge.openimSend(token, big)).get("errCode").asInt());
        assertEquals(93000, json(bridge.post(tencentPath(), big, "Content-Type", "application/json")).get("ErrorCode").asInt());
        assertEquals(414, json(bridge.neteaseSend("attach=" + "x".repeat(2 * 1024 * 1024))).get("code").asInt());
    }

    @Test
    void aDeclaredLengthPastEveryProvidersLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        // only the headers are sent: the answer comes without the server waiting for (or buffering) the 5 MiB
        String declared = "Content-Type: application/json\r\nContent-Length: " + 5 * 1024 * 1024 + "\r\n";
        assertEquals(21, (headersOnly("/mychat/API/", declared)).get("error").asInt());
        assertEquals(1001, (headersOnly("/openim/msg/send_msg", declared + "operationID: big\r\ntoken: " + token
                + "\r\n")).get("errCode").asInt());
        assertEquals(93000, (headersOnly(tencentPath(), declared)).get("ErrorCode").asInt());
        assertEquals(414, (headersOnly("/netease/nimserver/chatroom/sendMsgToSomeone.action",
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5242880\r\n")).get("code").asInt());
        // a sandbox answers as its vendor; a path of no vendor gets a plain 413
        assertEquals(414, (headersOnly("/sandbox/netease/nimserver/chatroom/sendMsgToSomeone.action", declared))
                .get("code").asInt());
        assertTrue(rawExchange("POST /admin/dead-letters HTTP/1.1\r\nHost: x\r\n" + declared + "\r\n", null)
                .startsWith("HTTP/1.1 413"));
    }

    @Test
    void aBodyWithoutADeclaredLengthIsCutOffAtTheLimitInEachDialect() throws Exception {
        // chunked: the server reads up to the largest provider limit (1 MiB), then answers the vendor's "too large"
        byte[] twoMiB = ("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> chunked = path -> java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(bridge.base + path)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(twoMiB)));
        var ofString = java.net.http.HttpResponse.BodyHandlers.ofString();
        assertEquals(21, json(http.send(chunked.apply("/mychat/API/").build(), ofString)).get("error").asInt());
        assertEquals(93000, json(http.send(chunked.apply(tencentPath()).build(), ofString)).get("ErrorCode").asInt());
        assertEquals(1001, json(http.send(chunked.apply("/openim/msg/send_msg").header("operationID", "chunked")
                .header("token", token).build(), ofString)).get("errCode").asInt());
        // and the bridge goes on serving
        assertEquals("0002", json(bridge.mychatGet(Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
    }

    /** Sends a request's headers and no body; answers the response's body as JSON. */
    com.fasterxml.jackson.databind.JsonNode headersOnly(String path, String headers) throws Exception {
        String response = rawExchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n", null);
        int body = response.indexOf("\r\n\r\n");
        assertTrue(body > 0, response);
        com.fasterxml.jackson.databind.JsonNode json = io.imbridge.canonical.Json.parseOrNull(response.substring(body + 4));
        assertTrue(json != null, response);
        return json;
    }

    @Test
    void deepOrHugeJsonIsRefusedCheaplyInEachDialect() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        String deepObject = "{\"a\":" + deep + "}";
        assertEquals(21, json(bridge.post("/mychat/API/", deepObject, "Content-Type", "application/json")).get("error").asInt());
        assertEquals(1001, json(bridge.openimSend(token, deepObject)).get("errCode").asInt());
        assertEquals(90001, json(bridge.post(tencentPath(), deepObject, "Content-Type", "application/json"))
                .get("ErrorCode").asInt());
        String hugeNumber = Fixtures.text("tencent/sendmsg-seed-sync.json").replace("1287657", "1".repeat(200));
        assertEquals(90001, json(bridge.post(tencentPath(), hugeNumber, "Content-Type", "application/json"))
                .get("ErrorCode").asInt());
    }

    @Test
    void aWrongHttpMethodGetsTheVendorsErrorNotABare405() {
        assertEquals(21, json(bridge.delete("/mychat/API/?data=x")).get("error").asInt());
        assertEquals(1001, json(bridge.get("/openim/msg/send_msg")).get("errCode").asInt());
        assertEquals(1001, json(bridge.get("/openim/auth/get_admin_token")).get("errCode").asInt());
        assertEquals("FAIL", json(bridge.get("/tencent/v4/openim/sendmsg")).get("ActionStatus").asText());
        assertEquals(20001, json(bridge.get("/tencent/callback?SdkAppid=1")).get("ErrorCode").asInt());
        assertEquals(414, json(bridge.get("/netease/nimserver/chatroom/sendMsgToSomeone.action")).get("code").asInt());
    }

    @Test
    void aClientThatTricklesItsRequestIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /openim/msg/send_msg HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\noperationID: slow\r\n\r\n{\"sendID\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.currentTimeMillis();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            String status = new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 408"), status);
            assertTrue(System.currentTimeMillis() - started < 8_000);
        }
    }

    @Test
    void aLongMyChatGetOfPercentEncodedCyrillicArrivesWhole() {
        // 2,000 Cyrillic letters: 4,000 UTF-8 bytes, about 24 KB once percent-encoded in the request line
        String text = "Привет, мир! ".repeat(154);
        String command = "{\"cmd\":\"0002\",\"ServerKey\":\"iddqd\",\"APIStype\":\"t\",\"UserFrom\":\"alice\","
                + "\"UserTo\":\"bob\",\"Msg\":" + RunningBridge.quote(text) + "}";
        bridge.clearSandbox("openim");
        var reply = bridge.mychatGet(command);
        assertEquals(200, reply.statusCode(), reply.body() + " " + reply.headers().map());
        assertEquals("0002", json(reply).get("cmd").asText(), reply.body());
        var got = bridge.received("openim");
        assertEquals(1, got.size());
        assertEquals(text, got.get(0).get("request").get("content").get("content").asText());
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port)) {
            s.setSoTimeout(15_000);
            long started = System.currentTimeMillis();
            // no byte sent: the server closes the connection after the idle timeout (2 s here)
            assertEquals(-1, s.getInputStream().read());
            long waited = System.currentTimeMillis() - started;
            assertTrue(waited >= 1_500 && waited < 12_000, "closed after " + waited + " ms");
        }
    }

    /**
     * A request written as it is (and {@code body}, when given) on a socket; answers the whole response, read by its
     * Content-Length (the connection may stay open).
     */
    String rawExchange(String request, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                s.getOutputStream().write(body);
            }
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                assertTrue(c >= 0, "closed before the headers: " + head);
                head.write(c);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            assertTrue(length.find(), headers);
            return headers + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        }
    }

    /** An HTTP/1.0 request as bytes on a socket (Java's URI refuses a broken escape); answers the response body. */
    String raw(String method, String target, String body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port)) {
            s.setSoTimeout(10_000);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write((method + " " + target + " HTTP/1.0\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(b);
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.0 200"), response); // 1.0: the body as it is, not chunked
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void aQueryWithABrokenPercentEscapeGetsTheVendorsErrorNotABare400() throws Exception {
        String mychat = raw("GET", "/mychat/API/?data=%", "");
        assertEquals("21", String.valueOf(io.imbridge.canonical.Json.parseOrNull(mychat).get("error")), mychat);
        assertEquals("FAIL", io.imbridge.canonical.Json.parseOrNull(raw("POST", "/tencent/v4/openim/sendmsg?sdkappid=%zz&identifier=a",
                "{}")).get("ActionStatus").asText());
        assertEquals(70020, io.imbridge.canonical.Json.parseOrNull(raw("POST", "/tencent/callback?SdkAppid=1400000001%&CallbackCommand=x",
                "{}")).get("ErrorCode").asInt());
        // a POST keeps its body through the correction
        assertEquals("0002", io.imbridge.canonical.Json.parseOrNull(raw("POST", "/mychat/API/?x=%",
                Fixtures.text("mychat/seed-browser-line.json"))).get("cmd").asText());
    }

    @Test
    void anotherApiOfTheVendorGetsItsEnvelopeNotA404Page() {
        var openim = bridge.post("/openim/msg/batch_send_msg", "{}", "Content-Type", "application/json");
        assertEquals(1001, json(openim).get("errCode").asInt(), openim.body());
        var tencent = bridge.post("/tencent/v4/openim/batchsendmsg?usersig=not-to-be-echoed", "{}");
        assertEquals(60009, json(tencent).get("ErrorCode").asInt(), tencent.body());
        assertTrue(!tencent.body().contains("not-to-be-echoed"), tencent.body());
        var netease = bridge.post("/netease/nimserver/msg/sendMsg.action", "a=b");
        assertEquals(414, json(netease).get("code").asInt(), netease.body());
        assertEquals(21, json(bridge.get("/mychat/other")).get("error").asInt());
    }

    @Test
    void aClientTricklingItsHeadersIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bridge.port)) {
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            out.write("GET /observe/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.currentTimeMillis();
            boolean closed = false;
            // one byte every 300 ms: never idle for the 2 s idle timeout, but the headers never end
            while (!closed && System.currentTimeMillis() - started < 10_000) {
                try {
                    out.write('a');
                    out.flush();
                    closed = s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet
                } catch (java.io.IOException reset) {
                    closed = true;
                }
                Thread.sleep(100);
            }
            long waited = System.currentTimeMillis() - started;
            assertTrue(closed && waited >= 1_200 && waited < 6_000, "closed=" + closed + " after " + waited + " ms");
        }
    }

    @Test
    void aBridgedReplyIsSentWholeWithItsLengthNotChunked() throws Exception {
        // MyChat's seed line (0002, the browser example), bridged to the OpenIM sandbox: its reply is one body with
        // a Content-Length (the caller's client reads it at once), not a chunked stream
        String data = java.net.URLEncoder.encode("{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\","
                + "\"MsgType\":1,\"Msg\":\"Hello from browser\",\"APIStype\":\"mydata\",\"context\":\"myfunc\","
                + "\"ServerKey\":\"iddqd\"}", StandardCharsets.UTF_8);
        String response = rawExchange("GET /mychat/API/?data=" + data + " HTTP/1.1\r\nHost: x\r\n\r\n", null);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertFalse(response.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding"), response);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertEquals("0002", io.imbridge.canonical.Json.MAPPER.readTree(body).get("cmd").asText(), body);
        assertEquals("myfunc", io.imbridge.canonical.Json.MAPPER.readTree(body).get("context").asText(), body);
    }

    @Test
    void aKeptAliveConnectionIsNotCutAfterItsFirstRequest() throws Exception {
        // the JDK client keeps one connection: requests spread over twice the header timeout all succeed
        for (int i = 0; i < 4; i++) {
            assertEquals(200, bridge.get("/observe/health").statusCode());
            Thread.sleep(800);
        }
    }
}
