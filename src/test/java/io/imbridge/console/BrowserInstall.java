package io.imbridge.console;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Run by {@code mvn verify} before the integration tests (never by {@code mvn package}): the console's browser tests
 * need Chromium and chromedriver ({@link Browser}). Where they are missing on a Debian-like machine run as root,
 * Debian's packages are installed (as {@code .ci/run} does); anywhere else the build stops here with one line that
 * says what to install. Nothing is downloaded by the tests themselves, and no password is ever asked for.
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
        boolean root = "root".equals(System.getProperty("user.name"));
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && aptGet.canExecute()
                && root) {
            System.out.println("browser tests: installing Debian's " + String.join(" ", PACKAGES));
            run(List.of(aptGet.getPath(), "update", "-q"));
            run(Stream.concat(Stream.of(aptGet.getPath(), "install", "-y", "-q"), PACKAGES.stream()).toList());
            if (Browser.installed()) {
                return;
            }
        }
        // one line, no stack trace: the build stops here on the exit code
        System.err.println("The console's browser tests need Chromium and chromedriver at " + Browser.CHROMIUM
                + " and " + Browser.CHROMEDRIVER + ": install them (Debian/Ubuntu, as root: apt-get install "
                + String.join(" ", PACKAGES) + "), or name yours with -Dbrowser.chromium=… -Dbrowser.chromedriver=…");
        System.exit(1);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        p.getOutputStream().close();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue());
        }
    }
}
