package io.imbridge.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Run by {@code mvn verify} before the integration tests, in a JVM of its own (never by {@code mvn package}): the
 * console's browser tests need Chromium and chromedriver ({@link Browser}). Where they are missing on Linux with
 * apt-get, run as root, Debian's packages are installed (CI's way too); anywhere else, or when the install fails,
 * the build stops here with one line that says what to install. Nothing is downloaded by the tests themselves, and
 * no password is ever asked for.
 */
public final class BrowserInstall {

    static final List<String> PACKAGES = List.of("chromium", "chromium-driver");

    private BrowserInstall() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (Browser.installed()) {
            return;
        }
        File aptGet = new File("/usr/bin/apt-get");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && aptGet.canExecute()
                && root()) {
            System.out.println("browser tests: installing Debian's " + String.join(" ", PACKAGES));
            if (run(List.of(aptGet.getPath(), "update", "-q"))
                    && run(Stream.concat(Stream.of(aptGet.getPath(), "install", "-y", "-q"), PACKAGES.stream()).toList())
                    && Browser.installed()) {
                return;
            }
        }
        // one line, no stack trace: the build stops here on the exit code
        System.err.println(Browser.whatToInstall());
        System.exit(1);
    }

    /** Whether this process runs as uid 0 (Linux's own account of it, not the user's name). */
    private static boolean root() throws IOException {
        try (Stream<String> status = Files.lines(Path.of("/proc/self/status"))) {
            return status.filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[1].equals("0")).orElse(false);
        }
    }

    private static boolean run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder apt = new ProcessBuilder(command).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return apt.start().waitFor() == 0;
    }
}
