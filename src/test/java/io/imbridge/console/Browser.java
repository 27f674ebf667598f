package io.imbridge.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Chromium driven through chromedriver (Debian's by default; their paths given, so Selenium downloads
 * nothing; {@link BrowserInstall} checks for them before the integration tests), and the screenshots the console
 * tests keep under {@code target/console-screenshots/}.
 */
public final class Browser {

    public static final Path SHOTS = Path.of("target", "console-screenshots");
    /** The browser and its driver: {@code -Dbrowser.chromium=…}, {@code -Dbrowser.chromedriver=…} on Maven's line. */
    static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() throws Exception {
        assertTrue(installed(), Browser::whatToInstall);
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the background-networking flags keep Chromium from calling out (this machine's network is closed)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        Files.createDirectories(SHOTS);
        return new ChromeDriver(service, options);
    }

    /** The one line that says what to install when they are not there. */
    static String whatToInstall() {
        return "The console's browser tests need Chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": install them (Debian/Ubuntu, as root: apt-get install chromium chromium-driver), or name yours "
                + "with -Dbrowser.chromium=… -Dbrowser.chromedriver=…";
    }

    /** Whether the browser and its driver are there to run. */
    static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    /** A screenshot of the page as it is, as {@code target/console-screenshots/<name>.png}. */
    public static void shot(ChromeDriver browser, String name) {
        try {
            File png = browser.getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("screenshot " + name, e);
        }
    }
}
