package io.imbridge.migrate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.imbridge.ReadmeCommand;

/** The built jar's {@code migrate} command as a user starts it, its targets the sandboxes on {@code port}. */
final class MigrateJar {

    private MigrateJar() {
    }

    /**
     * {@code java -Xmx256m -XX:TieredStopAtLevel=1 -D… -jar target/im-bridge.jar migrate args…}, its output (both
     * streams) in {@code log}. The JIT's client tier only: each run is a JVM start of a few seconds, most of it
     * compiling, and the suite starts dozens on two cores (the jar and what it does are the same).
     */
    static Process start(int port, Path data, Path log, String... args) throws IOException {
        return builder(port, data, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static ProcessBuilder builder(int port, Path data, String... args) {
        List<String> command = new ArrayList<>(ReadmeCommand.java(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dcamel.server.port=" + port, "-Dbridge.data-dir=" + data, "-Dbridge.migrate.progress-interval-ms=1000"),
                "migrate"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(new File("."));
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
