package io.imbridge.routes;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.Fixtures;
import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * HTTPS inbound with a configured keystore, and outbound certificate verification with a trust store option: the
 * bridge serves its APIs (and its sandboxes) over TLS and delivers to https:// targets it trusts; a target whose
 * certificate it does not trust is the caller's server error, never a silent insecure call.
 */
class TlsTest {

    static Path dir;
    static final String PASS = "changeit-tls";

    @BeforeAll
    static void certificates() throws Exception {
        dir = Files.createTempDirectory("im-bridge-tls");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "bridge", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", dir.resolve("server.p12").toString(), "-storepass", PASS, "-keypass", PASS);
        run(keytool, "-exportcert", "-alias", "bridge", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", PASS, "-file", dir.resolve("server.cer").toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "bridge", "-file", dir.resolve("server.cer").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve("trust.p12").toString(), "-storepass", PASS);
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    static SSLContext trusting() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("trust.p12"))) {
            ks.load(in, PASS.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static Map<String, String> tls(int port, boolean trustOwnCertificate) {
        Map<String, String> p = new HashMap<>();
        p.put("camel.server.port", Integer.toString(port));
        p.put("camel.ssl.enabled", "true");
        p.put("camel.ssl.key-store", "file:" + dir.resolve("server.p12"));
        p.put("camel.ssl.keystore-password", PASS);
        p.put("camel.server.use-global-ssl-context-parameters", "true");
        p.put("camel.management.use-global-ssl-context-parameters", "true");
        if (trustOwnCertificate) {
            p.put("camel.ssl.trust-store", "file:" + dir.resolve("trust.p12"));
            p.put("camel.ssl.trust-store-password", PASS);
            p.put("camel.component.https.use-global-ssl-context-parameters", "true");
        }
        for (String v : List.of("mychat", "openim", "tencent", "netease")) {
            p.put("bridge." + v + ".url", "https://127.0.0.1:" + port + "/sandbox/" + v);
        }
        return p;
    }

    @Test
    void theBridgeServesHttpsAndDeliversToTrustedHttpsTargets() throws Exception {
        int port = RunningBridge.freePort();
        try (RunningBridge b = RunningBridge.start(tls(port, true), trusting())) {
            HttpResponse<String> r = b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"));
            JsonNode reply = json(r);
            assertEquals("0002", reply.get("cmd").asText(), r.body());
            assertEquals(1, b.received("openim").size());
            // plain HTTP to the TLS port is not served
            java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> plain.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body().substring(0, 1));
        }
    }

    @Test
    void aTargetWhoseCertificateIsNotTrustedIsRefusedNotCalledInsecurely() throws Exception {
        int port = RunningBridge.freePort();
        try (RunningBridge b = RunningBridge.start(tls(port, false), trusting())) {
            HttpResponse<String> r = b.mychatGet(Fixtures.text("mychat/seed-browser-line.json"));
            assertEquals(500, r.statusCode(), r.body());
            assertEquals(21, json(r).get("error").asInt());
            assertEquals(0, b.received("openim").size());
        }
    }
}
