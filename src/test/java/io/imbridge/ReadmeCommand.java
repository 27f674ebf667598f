package io.imbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The README's run command ({@code mvn -q -DskipTests package && java … -jar target/im-bridge.jar}), read from the
 * README itself, so that the tests that start the built jar start it exactly as a user does: its JVM options (the
 * bounded heap, the class-data archive), with a test's own {@code -D} options added and the repository's
 * {@code target/} paths made absolute (a test may start it in another folder).
 */
public final class ReadmeCommand {

    public static final String MARKER = "mvn -q -DskipTests package && java ";

    private ReadmeCommand() {
    }

    /** {@code java <README's options> <options> -jar <absolute target/im-bridge.jar> <args>}. */
    public static List<String> java(List<String> options, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(options);
        command.add("-jar");
        command.add(Path.of("target", "im-bridge.jar").toAbsolutePath().toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The JVM options between {@code java} and {@code -jar} in the README's run command. */
    public static List<String> jvmOptions() {
        String line;
        try {
            line = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith(MARKER)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("README.md has no line starting " + MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = line.substring(MARKER.length());
        String options = java.substring(0, java.indexOf("-jar ")).trim();
        List<String> out = new ArrayList<>();
        for (String option : options.isEmpty() ? new String[0] : options.split("\\s+")) {
            int at = option.indexOf("target/");
            out.add(at < 0 ? option
                    : option.substring(0, at) + Path.of(option.substring(at)).toAbsolutePath());
        }
        return out;
    }
}
