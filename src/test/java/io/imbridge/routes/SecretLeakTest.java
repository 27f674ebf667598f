package io.imbridge.routes;

import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;
import io.imbridge.provider.tencent.TencentUserSig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full run with known credentials — every vendor both ways, refused credentials, target failures, the bridge's
 * own wrong credentials, a dead letter — capturing every log line (INFO, the bridge's own DEBUG), every reply, the
 * metrics and the dead letters: none holds a key, secret, token, UserSig or CheckSum.
 */
class SecretLeakTest {

    @Test
    void noCredentialAppearsInLogsRepliesMetricsOrDeadLetters() throws Exception {
        Map<String, String> secrets = new HashMap<>();
        secrets.put("bridge.admin.token", "SECRET-admin-token-1");
        secrets.put("bridge.mychat.inbound.server-key", "SECRET-mychat-in-2");
        secrets.put("bridge.openim.inbound.secret", "SECRET-openim-in-3");
        secrets.put("bridge.tencent.inbound.secret-key", "SECRET-tencent-in-4");
        secrets.put("bridge.netease.inbound.app-secret", "SECRET-netease-in-5");
        secrets.put("bridge.sandbox.mychat.server-key", "SECRET-mychat-out-6");
        secrets.put("bridge.sandbox.openim.secret", "SECRET-openim-out-7");
        secrets.put("bridge.sandbox.tencent.secret-key", "SECRET-tencent-out-8");
        secrets.put("bridge.sandbox.netease.app-secret", "SECRET-netease-out-9");
        Map<String, String> props = new HashMap<>(secrets);
        props.put("bridge.route.mychat", "openim,netease");
        props.put("bridge.route.openim", "tencent");
        props.put("bridge.route.tencent", "netease");
        props.put("bridge.route.netease", "mychat");
        props.put("bridge.delivery.retry-base-ms", "10");
        props.put("bridge.delivery.max-age-ms", "300");
        props.put("bridge.queue.poll-ms", "50");

        StringWriter captured = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.createAppender(
                PatternLayout.newBuilder().withPattern("%p %c %m%n%throwable").build(), null, captured, "leak-capture",
                false, true);
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        Level before = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        config.addLogger("io.imbridge", new LoggerConfig("io.imbridge", Level.DEBUG, true));
        ctx.updateLoggers();

        List<String> outputs = new ArrayList<>();
        List<String> presented = new ArrayList<>(secrets.values());
        try (RunningBridge b = RunningBridge.start(props)) {
            String auth = "Bearer SECRET-admin-token-1";
            // MyChat, right and wrong key
            String mychat = Fixtures.text("mychat/seed-browser-line.json").replace("iddqd", "SECRET-mychat-in-2");
            outputs.add(b.mychatGet(mychat).body());
            outputs.add(b.mychatGet(mychat.replace("SECRET-mychat-in-2", "SECRET-wrong-key")).body());
            presented.add("SECRET-wrong-key");
            // OpenIM: token, send, a forged token
            HttpResponse<String> tok = b.post("/openim/auth/get_admin_token",
                    "{\"secret\":\"SECRET-openim-in-3\",\"userID\":\"imAdmin\"}", "Content-Type", "application/json",
                    "operationID", "1");
            String token = RunningBridge.json(tok).get("data").get("token").asText();
            presented.add(token);
            outputs.add(b.openimSend(token, Fixtures.text("openim/send_msg-seed.json")).body());
            outputs.add(b.openimSend(token + "x", Fixtures.text("openim/send_msg-seed.json")).body());
            // Tencent REST with a valid and a forged UserSig; the webhook
            long now = System.currentTimeMillis() / 1000;
            String sig = TencentUserSig.sign("SECRET-tencent-in-4", RunningBridge.TENCENT_APP, "administrator", now, 600);
            String forged = TencentUserSig.sign("SECRET-guess", RunningBridge.TENCENT_APP, "administrator", now, 600);
            presented.add(sig);
            presented.add(forged);
            for (String s : List.of(sig, forged)) {
                outputs.add(b.post("/tencent/v4/openim/sendmsg?" + RunningBridge.tencentQuery(RunningBridge.TENCENT_APP,
                        "administrator", s), Fixtures.text("tencent/sendmsg-seed-sync.json"),
                        "Content-Type", "application/json").body());
            }
            outputs.add(b.tencentCallback(RunningBridge.newMessage(Fixtures.text("tencent/callback-seed.json"))).body());
            // NetEase with a valid and a wrong secret
            String form = Fixtures.text("netease/send-seed.form");
            outputs.add(b.neteaseSend(form, RunningBridge.NETEASE_KEY, "SECRET-netease-in-5", now).body());
            outputs.add(b.neteaseSend(form.replace("c9e6", "aaaa"), RunningBridge.NETEASE_KEY, "SECRET-wrong-2", now).body());
            // target failures, the bridge's own credentials refused, a mirror dead-lettered
            b.fault("openim", 1002, 200, 1);
            outputs.add(b.mychatGet(mychat).body());
            b.fault("netease", 500, 200, 10);
            outputs.add(b.mychatGet(mychat).body());
            JsonNodeWait.until(() -> RunningBridge.json(b.get("/admin/dead-letters", "Authorization", auth)).size() > 0);
            outputs.add(b.get("/admin/dead-letters", "Authorization", auth).body());
            outputs.add(b.get("/observe/metrics").body());
            outputs.add(b.get("/sandbox/mychat/_received", "Authorization", auth).body());
            assertEquals(401, b.get("/admin/dead-letters").statusCode(), "the admin token is required");
        } finally {
            root.removeAppender("leak-capture");
            root.setLevel(before);
            config.removeLogger("io.imbridge");
            ctx.updateLoggers();
            appender.stop();
        }
        String log = captured.toString();
        assertTrue(log.contains("outcome=delivered"), "the capture saw the message log lines");
        assertTrue(log.contains("dead letter"), "and the dead letter");
        for (String secret : presented) {
            assertFalse(log.contains(secret), () -> "log holds " + secret);
            for (String out : outputs) {
                assertFalse(out.contains(secret), () -> "output holds " + secret + ": " + out);
            }
        }
    }

    /** Polls a condition for up to 5 s. */
    static final class JsonNodeWait {
        static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
            for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
                Thread.sleep(50);
            }
        }
    }
}
