package io.imbridge;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.canonical.Json;
import io.imbridge.console.Browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar as a user runs it: the README's run command ({@link ReadmeCommand}), started in a folder other than the
 * repository's, on its embedded defaults (only the port moved; the folder's own application.properties adds a route
 * folder), one process, then the README's curl of the MyChat seed line, arriving in the OpenIM sandbox and shown
 * crossed in the console (a real browser) within a minute of the command.
 */
class JarIT {

    @Test
    void theReadmeCommandsWorkAgainstTheBuiltJar() throws Exception {
        Path jar = Path.of("target", "im-bridge.jar");
        assertTrue(Files.exists(jar), "mvn package builds target/im-bridge.jar");
        int port = RunningBridge.freePort();
        Path log = Files.createTempFile("im-bridge-jar", ".log");
        // started in a folder of its own, not the repository: the routes and defaults are in the jar. The folder's
        // application.properties overrides a default and names a folder of the user's own routes.
        Path folder = Files.createTempDirectory("im-bridge-elsewhere");
        Files.createDirectories(folder.resolve("my-routes"));
        Files.writeString(folder.resolve("application.properties"),
                "bridge.user-routes-dir=my-routes\nbridge.mychat.reply.default-state=5\n");
        Files.writeString(folder.resolve("my-routes/hello.yaml"), """
                - route:
                    id: user-hello
                    from:
                      uri: "platform-http:/hello"
                      steps:
                        - setBody:
                            constant: "hello from my route"
                """);
        ProcessBuilder pb = new ProcessBuilder(ReadmeCommand.java(List.of(
                "-Dcamel.server.port=" + port, "-Dbridge.data-dir=data")))
                .directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // an environment variable overrides application.properties (upper case, dots and dashes as underscores)
        pb.environment().put("BRIDGE_MYCHAT_REPLY_DEFAULT_STATE", "7");
        long started = System.currentTimeMillis();
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            int status = 0;
            while (System.currentTimeMillis() < deadline && status != 200) {
                assertTrue(p.isAlive(), () -> "bridge exited: " + read(log));
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, () -> read(log));
            // one process: the pid started is the bridge, no second JVM under it
            assertEquals(0, p.toHandle().descendants().count(), "the pid started has no child process");
            assertTrue(Files.isDirectory(folder.resolve("data")), "state under the working folder's ./data");
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("hello from my route", hello.body(), "the user's route from bridge.user-routes-dir");

            String data = "{\"cmd\":\"0002\",\"UserFrom\":0,\"UserTo\":\"bob@example.com\",\"MsgType\":1,"
                    + "\"Msg\":\"Hello from browser\",\"APIStype\":\"mydata\",\"context\":\"myfunc\",\"ServerKey\":\"iddqd\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/mychat/API/?data="
                    + RunningBridge.encode(data))).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode reply = Json.parseOrNull(r.body());
            assertEquals("0002", reply.get("cmd").asText(), r.body());
            assertEquals("myfunc", reply.get("context").asText());
            // the working folder's file says 5, the environment 7: the environment wins over the file
            assertEquals(7, reply.get("State").asInt(), "set by BRIDGE_MYCHAT_REPLY_DEFAULT_STATE");

            JsonNode got = Json.parseOrNull(http.send(HttpRequest.newBuilder(URI.create(base
                    + "/sandbox/openim/_received")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, got.size());
            assertEquals("Hello from browser", got.get(0).get("request").get("content").get("content").asText());
            assertEquals("bob@example.com", got.get(0).get("request").get("recvID").asText());

            // the newcomer's view: the console (no token set, so loopback only) shows it crossed to OpenIM, within a
            // minute of the command
            ChromeDriver browser = Browser.start();
            try {
                browser.get(base + "/console/");
                new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                        .ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElements(By.cssSelector("#flow-table tbody tr")).stream().anyMatch(row ->
                                row.getText().contains("bob@example.com") && !row.findElements(By.cssSelector(
                                        ".target[data-target=openim][data-state=delivered]")).isEmpty()));
                Browser.shot(browser, "newcomer");
            } finally {
                browser.quit();
            }
            long took = System.currentTimeMillis() - started;
            assertTrue(took < 60_000, "seen in the console " + took + " ms after the command");
        } finally {
            p.destroy();
            p.waitFor();
            String out = read(log);
            assertTrue(!out.contains("sandbox-openim-secret") && !out.contains("iddqd"), "no secret in the log");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
