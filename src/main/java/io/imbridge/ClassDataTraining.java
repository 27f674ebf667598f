package io.imbridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.main.Main;

/**
 * {@code java -XX:ArchiveClassesAtExit=target/im-bridge.jsa -jar im-bridge.jar class-data}: the build's run that
 * makes the class-data archive of the README's command (pom.xml). The bridge starts on a free port and a scratch
 * data folder, answers its health check and bridges the README's MyChat line into the OpenIM sandbox, then stops:
 * the JVM writes every class that took at its exit, so a start with the archive maps them instead of loading them.
 * It runs on the jar's own defaults only: a working folder's application.properties, {@code -D} options and
 * {@code BRIDGE_*} variables are overridden, so a build never reaches a real target, store or broker.
 */
final class ClassDataTraining {

    /** The README's MyChat example (MyChat's documented browser request). */
    static final String MYCHAT_LINE = "{\"cmd\":\"0002\",\"UserFrom\":0,\"UserTo\":\"bob@example.com\",\"MsgType\":1,"
            + "\"Msg\":\"Hello from browser\",\"APIStype\":\"mydata\",\"context\":\"myfunc\",\"ServerKey\":\"iddqd\"}";

    private ClassDataTraining() {
    }

    static int run() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createTempDirectory("im-bridge-class-data");
        Main main = Application.newMain();
        Properties defaults = new Properties();
        try (InputStream in = ClassDataTraining.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        defaults.forEach((key, value) -> main.addOverrideProperty(key.toString(), value.toString()));
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.addOverrideProperty("camel.management.port", Integer.toString(port));
        main.addOverrideProperty("bridge.data-dir", data.toString());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            main.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (get(http, base + "/observe/health") != 200) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("class-data: the bridge was not ready within 60 s");
                    return 1;
                }
                Thread.sleep(20);
            }
            int sent = get(http, base + "/mychat/API/?data=" + URLEncoder.encode(MYCHAT_LINE, StandardCharsets.UTF_8));
            if (sent != 200) {
                System.err.println("class-data: the MyChat line was answered " + sent);
                return 1;
            }
            return 0;
        } finally {
            main.stop();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int get(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return 0;
        }
    }
}
