package io.imbridge.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.imbridge.RunningBridge;

import static io.imbridge.RunningBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver (their
 * paths given, so nothing is downloaded; {@link BrowserInstall} installs them). A newcomer's path through it:
 * the token asked first, a message sent with Try it, seen crossing in the live flow and in the target's inbox, found
 * by the target's id, a dead letter re-driven with its button, the targets at a glance. A screenshot of each view
 * is kept under {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final String TOKEN = "console-browser-test-token";
    /** Secrets of application.properties (inbound, sandbox) that the page must never hold. */
    static final List<String> SECRETS = List.of(TOKEN, "iddqd", "openIM123", "change-me-tencent-secret",
            "change-me-netease-secret", "sandbox-mychat-key", "sandbox-openim-secret", "sandbox-tencent-key",
            "sandbox-netease-secret", "usersig", "CheckSum");

    RunningBridge bridge;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        // a MyChat message goes to OpenIM and is mirrored to Tencent; a mirror that keeps failing is dead-lettered
        // within a second or so, so that the test can re-drive it
        bridge = RunningBridge.start(Map.of("bridge.admin.token", TOKEN, "bridge.route.mychat", "openim,tencent",
                "bridge.delivery.retry-base-ms", "100", "bridge.delivery.max-age-ms", "1500",
                "bridge.queue.poll-ms", "50"));
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100));
        // the live views redraw every second or two: an element read as it is replaced is read again
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheTokenNothingIsShown() throws Exception {
        // the README's first example (MyChat's seed line), which must not show before the token is given
        JsonNode sent = json(bridge.mychatGet("{\"cmd\":\"0002\",\"UserFrom\":0,\"UserTo\":\"bob@example.com\","
                + "\"MsgType\":1,\"Msg\":\"Hello from browser\",\"APIStype\":\"mydata\",\"context\":\"myfunc\","
                + "\"ServerKey\":\"iddqd\"}"));
        assertEquals("0002", sent.get("cmd").asText(), sent.toString());
        browser.get(bridge.base + "/console/");
        WebElement login = wait.until(d -> visible(d, "#login"));
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        type("#token", "not-the-token");
        click("#login-button");
        wait.until(d -> text(d, "#login-error").contains("refused"));
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        String page = browser.getPageSource();
        assertFalse(page.contains("Hello from browser") || page.contains("bob@example.com"),
                "data shown without the token");
        assertTrue(login.isDisplayed());
        shot("login");
        // straight at the API, as the page is: refused without the token
        assertEquals(401, bridge.get("/admin/flow").statusCode());
        assertEquals(401, bridge.get("/admin/targets").statusCode());
    }

    @Test
    @Order(2)
    void aMessageSentWithTryItCrossesInTheLiveFlowAndLandsInTheTargetsInbox() {
        logIn();
        click("#nav-try");
        new Select(browser.findElement(By.id("try-dialect"))).selectByValue("mychat");
        type("#try-from", "alice");
        type("#try-to", "bob");
        type("#try-text", "Hello console, from MyChat");
        click("#try-send");
        wait.until(d -> text(d, "#try-reply").contains("HTTP 200"));
        // MyChat's own answer to a 0002 (its documented reply carries cmd 0002: docs/providers.md#mychat-api-served)
        assertTrue(text(browser, "#try-reply").contains("\"cmd\": \"0002\""), text(browser, "#try-reply"));
        wait.until(d -> text(d, "#inbox-openim").contains("Hello console, from MyChat"));
        shot("try-it");

        click("[data-view=flow]");
        // the README's example, sent before the token was given, crossed to OpenIM
        wait.until(d -> flowRow(d, "bob@example.com", "openim", "delivered"));
        // the text is not shown until asked: the row is found by its sender
        FlowRow row = wait.until(d -> flowRow(d, "mychat alice", "openim", "delivered"));
        assertTrue(row.text().contains("mychat alice"), row.text());
        assertTrue(row.text().contains("bob"), row.text());
        assertTrue(row.text().contains("text"), "the element's kind: " + row.text());
        assertFalse(browser.findElement(By.id("flow-table")).getText().contains("Hello console, from MyChat"));
        click("#show-text");
        wait.until(d -> flowRow(d, "Hello console, from MyChat", "openim", "delivered"));
        shot("live-flow");
        click("#show-text");
    }

    @Test
    @Order(3)
    void aMessageIsFoundByTheTargetsIdAndShownAsItsJourney() {
        logIn();
        click("[data-view=flow]");
        click("#show-text");
        FlowRow row = wait.until(d -> flowRow(d, "Hello console, from MyChat", "openim", "delivered"));
        String bridgeId = row.id();
        // OpenIM's receipt ids, as the flow shows them: clientMsgID=…, serverMsgID=…
        String ids = row.targetIds();
        String serverMsgId = null;
        for (String pair : ids.split("[,;]\\s*")) {
            if (pair.startsWith("serverMsgID=")) {
                serverMsgId = pair.substring("serverMsgID=".length());
            }
        }
        assertTrue(serverMsgId != null && !serverMsgId.isBlank(), ids);
        click("#show-text");

        click("[data-view=find]");
        type("#find-id", serverMsgId);
        click("#find-button");
        WebElement found = wait.until(d -> visible(d, "#find-result .message[data-id='" + bridgeId + "']"));
        String journey = found.findElement(By.cssSelector(".journey")).getText();
        assertTrue(journey.contains("accepted"), journey);
        assertTrue(journey.contains("delivered → openim"), journey);
        assertTrue(journey.contains(serverMsgId), journey);
        assertFalse(found.getText().contains("Hello console, from MyChat"), "text hidden until asked");
        found.findElement(By.cssSelector("button.show-text")).click();
        wait.until(d -> found.getText().contains("Hello console, from MyChat"));
        shot("find");

        type("#find-id", "no-such-id-anywhere");
        click("#find-button");
        wait.until(d -> text(d, "#find-error").contains("no message"));
    }

    @Test
    @Order(4)
    void deadLettersAreReDrivenWithTheirButtonsAndTheJourneyShowsEachTry() {
        logIn();
        bridge.fault("tencent", null, 503, 1000);
        click("#nav-try");
        new Select(browser.findElement(By.id("try-dialect"))).selectByValue("mychat");
        for (String text : List.of("Hello dead letter one", "Hello dead letter two")) {
            type("#try-text", text);
            click("#try-send");
            wait.until(d -> text(d, "#try-reply").contains("HTTP 200") && text(d, "#inbox-openim").contains(text));
        }

        click("[data-view=flow]");
        click("#show-text");
        FlowRow one = wait.until(d -> flowRow(d, "Hello dead letter one", "tencent", "dead-lettered"));
        assertTrue(one.text().contains("unavailable"), "the reason is shown: " + one.text());
        wait.until(d -> flowRow(d, "Hello dead letter two", "tencent", "dead-lettered"));
        shot("live-flow-dead-letters");
        click("#show-text");

        // its journey: accepted, delivered to OpenIM, each failed try at Tencent, the dead letter
        click("[data-view=find]");
        type("#find-id", one.id());
        click("#find-button");
        WebElement found = wait.until(d -> visible(d, "#find-result .message[data-id='" + one.id() + "']"));
        String journey = found.findElement(By.cssSelector(".journey")).getText();
        assertTrue(journey.contains("retrying → tencent, attempt 1"), journey);
        assertTrue(journey.contains("next try"), journey);
        assertTrue(journey.contains("dead-lettered → tencent"), journey);
        assertTrue(journey.contains("delivered → openim"), journey);

        click("[data-view=dead]");
        wait.until(d -> d.findElements(By.cssSelector("#dead-table tbody tr[data-status=dead]")).size() == 2);
        String table = text(browser, "#dead-table");
        assertTrue(table.contains("tencent") && table.contains("unavailable") && table.contains("503"), table);
        shot("dead-letters");

        bridge.clearSandbox("tencent"); // the target is well again (its faults cleared)
        wait.until(d -> visible(d, "#dead-table tbody tr[data-status=dead] button.redrive")).click();
        wait.until(d -> text(d, "#dead-status").contains("re-driven: 1"));
        wait.until(d -> d.findElements(By.cssSelector("#dead-table tbody tr[data-status=retried]")).size() == 1);
        click("#redrive-all");
        wait.until(d -> d.findElements(By.cssSelector("#dead-table tbody tr[data-status=retried]")).size() == 2);
        waitForInbox("tencent", "Hello dead letter one");
        waitForInbox("tencent", "Hello dead letter two");
        click("[data-view=flow]");
        click("#show-text");
        wait.until(d -> flowRow(d, "Hello dead letter one", "tencent", "delivered"));
        wait.until(d -> flowRow(d, "Hello dead letter two", "tencent", "delivered"));
        click("#show-text");
    }

    @Test
    @Order(5)
    void theTargetsAtAGlance() {
        logIn();
        click("[data-view=targets]");
        WebElement openim = wait.until(d -> visible(d, ".card[data-target=openim]"));
        wait.until(d -> !field(openim, "delivered, last minute").equals("0"));
        // approximate (the timer's histogram), with the deliveries it is taken over
        assertTrue(field(openim, "p99 (last minute)").matches("≈ [0-9]+ ms of [0-9]+"), field(openim, "p99 (last minute)"));
        assertEquals("no", field(openim, "throttled"), "no call waited for OpenIM's 1,000 calls/s");
        assertEquals("mychat", field(openim, "routed from"));
        assertEquals("0", field(openim, "queue depth"));
        // the chart is uPlot's canvas
        assertFalse(openim.findElements(By.cssSelector(".chart canvas")).isEmpty());
        WebElement tencent = browser.findElement(By.cssSelector(".card[data-target=tencent]"));
        assertTrue(field(tencent, "errors").contains("unavailable"), field(tencent, "errors"));
        shot("targets");
    }

    @Test
    @Order(6)
    void noSecretReachesThePage() {
        logIn();
        // a message sent in each dialect: each vendor's answer and the four inboxes on the page
        click("#nav-try");
        for (String dialect : List.of("mychat", "openim", "tencent", "netease")) {
            new Select(browser.findElement(By.id("try-dialect"))).selectByValue(dialect);
            type("#try-text", "secrets? " + dialect);
            click("#try-send");
            wait.until(d -> text(d, "#try-reply").startsWith(dialect + " answered HTTP 200"));
            assertNoSecret("try it, " + dialect);
        }
        for (String view : List.of("flow", "targets", "dead")) {
            click("[data-view=" + view + "]");
            wait.until(d -> !text(d, "#status").isEmpty());
            assertNoSecret(view);
        }
        // each message's whole record, text shown
        click("[data-view=flow]");
        List<String> ids = wait.until(d -> {
            List<String> found = d.findElements(By.cssSelector("#flow-table tbody tr")).stream()
                    .map(r -> r.getAttribute("data-id")).toList();
            return found.size() >= 4 ? found : null;
        });
        click("[data-view=find]");
        for (String id : ids.subList(0, 4)) {
            type("#find-id", id);
            click("#find-button");
            WebElement found = wait.until(d -> visible(d, "#find-result .message[data-id='" + id + "']"));
            found.findElement(By.cssSelector("button.show-text")).click();
            assertNoSecret("find " + id);
        }
    }

    void assertNoSecret(String where) {
        String page = browser.getPageSource();
        for (String secret : SECRETS) {
            assertFalse(page.contains(secret), where + " holds " + secret);
        }
    }

    @Test
    @Order(7)
    void aRecalledMessagesJourneyShowsTheRecallAndEachCopy() {
        // a Tencent client's message (bridged to NetEase by default), then its recall with admin_msgwithdraw
        String sig = io.imbridge.provider.tencent.TencentUserSig.sign(RunningBridge.TENCENT_KEY,
                RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, System.currentTimeMillis() / 1000, 3600);
        String query = RunningBridge.tencentQuery(RunningBridge.TENCENT_APP, RunningBridge.TENCENT_ADMIN, sig);
        JsonNode sent = json(bridge.post("/tencent/v4/openim/sendmsg?" + query, "{\"From_Account\":\"alice\","
                + "\"To_Account\":\"bob\",\"MsgRandom\":" + (System.nanoTime() & 0xFFFFFFL) + ",\"MsgBody\":"
                + "[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"take this back\"}}]}",
                "Content-Type", "application/json"));
        String msgKey = sent.get("MsgKey").asText();
        JsonNode recalled = json(bridge.post("/tencent/v4/openim/admin_msgwithdraw?" + query,
                "{\"From_Account\":\"alice\",\"To_Account\":\"bob\",\"MsgKey\":\"" + msgKey + "\"}",
                "Content-Type", "application/json"));
        assertEquals(0, recalled.get("ErrorCode").asInt(), recalled.toString());

        logIn();
        click("[data-view=find]");
        type("#find-id", msgKey);
        click("#find-button");
        WebElement found = wait.until(d -> visible(d, "#find-result .message"));
        String journey = found.findElement(By.cssSelector(".journey")).getText();
        assertTrue(journey.contains("recall requested from tencent by alice"), journey);
        assertTrue(journey.contains("recall recalled → netease"), journey);
        assertTrue(journey.contains("recalled → netease"), journey);
        shot("recall");
        // the live flow names the copy's state
        click("[data-view=flow]");
        wait.until(d -> flowRow(d, "tencent alice", "netease", "recalled"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    void logIn() {
        browser.get(bridge.base + "/console/");
        WebElement shown = wait.until(d -> visible(d, "#login") != null ? visible(d, "#login") : visible(d, "#app"));
        if ("login".equals(shown.getAttribute("id"))) {
            type("#token", TOKEN);
            click("#login-button");
        }
        wait.until(d -> visible(d, "#app"));
    }

    String waitForInbox(String vendor, String text) {
        return wait.until(d -> {
            JsonNode got = bridge.received(vendor);
            return got.toString().contains(text) ? got.toString() : null;
        });
    }

    /** What a row of the live flow showed when it was read (rows are redrawn every second). */
    record FlowRow(String id, String text, String targetIds) {
    }

    static FlowRow flowRow(WebDriver d, String text, String target, String state) {
        for (WebElement row : d.findElements(By.cssSelector("#flow-table tbody tr"))) {
            List<WebElement> t = row.findElements(By.cssSelector(".target[data-target=" + target + "][data-state="
                    + state + "]"));
            if (row.getText().contains(text) && !t.isEmpty()) {
                List<WebElement> ids = t.get(0).findElements(By.cssSelector(".ids"));
                return new FlowRow(row.getAttribute("data-id"), row.getText(),
                        ids.isEmpty() ? "" : ids.get(0).getText());
            }
        }
        return null;
    }

    static String field(WebElement card, String name) {
        return card.findElement(By.cssSelector("dd[data-field='" + name + "']")).getText();
    }

    static WebElement visible(WebDriver d, String css) {
        List<WebElement> found = d.findElements(By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    static String text(WebDriver d, String css) {
        List<WebElement> found = d.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    void type(String css, String value) {
        WebElement e = browser.findElement(By.cssSelector(css));
        e.clear();
        e.sendKeys(value);
    }

    void click(String css) {
        wait.until(d -> visible(d, css)).click();
    }

    void shot(String name) {
        Browser.shot(browser, name);
    }
}
