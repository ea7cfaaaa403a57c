package io.roadmirror.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.model.IncidentType;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Closing;
import io.roadmirror.testing.Gateway;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.RushHour;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestInstances;
import io.roadmirror.testing.TestRecords;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live map in a real browser (Debian's headless Chromium through chromedriver) while the
 * pipeline runs on a real broker: the sample city is drawn and coloured from a morning rush,
 * a closure reported while the page is open shows up in the advisory feed without a reload,
 * hovering a segment shows its state, and clicking the advisory shows its detour. Screenshots go
 * to target/live-map*.png (docs/map.png in the README is one of them).
 */
class LiveMapIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = TestRecords.T0;
    private static final String CLOSED_SEGMENT = "N0304-N0305";

    private static EmbeddedKafkaBroker broker;
    private static ServedPipeline instance;
    private static RoadmirrorConfig config;
    private static WebDriver browser;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)");
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        config = TestInstances.config(
                broker.bootstrapServers(), "roadmirror-map-it-" + UUID.randomUUID(), 3, Ports.findFree(), Map.of());
        RoadNetwork city = SampleCity.generate();
        TestInstances.prepareCluster(config, city);
        instance = TestInstances.start(config);
        api = "http://127.0.0.1:" + config.api().port();

        try (Gateway gateway = new Gateway(config)) {
            RushHour.readings(city, START).forEach(gateway::send);
            RushHour.incidents(START).forEach(gateway::send);
            gateway.flush();
        }
        HttpJson.await(
                api + "/api/hotspots",
                h -> h.size() == 1 && h.get(0).get("level").asText().equals("HOTSPOT"),
                WAIT);
        browser = chromium();
    }

    private static WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1440,900",
                "--user-data-dir=" + TempDirs.create("roadmirror-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        Closing.all(browser == null ? null : browser::quit, instance, broker);
    }

    @Test
    void theMapShowsTheCityLiveAndFollowsAdvisoriesWithoutReloading() throws Exception {
        browser.get(api + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        int segments = HttpJson.getOk(api + "/api/network").get("features").size();
        wait.until(
                d -> d.findElements(By.cssSelector("#layer-segments path.seg")).size() == segments);
        wait.until(d -> count(d, "path.seg[data-congestion='CONGESTED'], path.seg[data-congestion='STOPPED']") >= 5
                && count(d, "path.seg[data-congestion='FREE_FLOW']") >= 20);
        WebElement congested = browser.findElement(By.cssSelector("path.seg[data-congestion='CONGESTED']"));
        assertEquals("rgb(255, 140, 26)", congested.getCssValue("stroke"), "congested segments are drawn orange");
        assertEquals(
                "rgb(47, 191, 113)",
                browser.findElement(By.cssSelector("path.seg[data-congestion='FREE_FLOW']"))
                        .getCssValue("stroke"));
        wait.until(d ->
                count(d, "#layer-incidents .incident") >= 3 && count(d, "#layer-hotspots .hotspot-ring.hotspot") == 1);
        wait.until(d -> !d.findElements(By.cssSelector("#feed li.advisory")).isEmpty());
        assertEquals(
                "08:00:",
                browser.findElement(By.id("clock")).getText().substring(0, 6),
                "the clock shows the mirror's event time");
        screenshot("target/live-map-overview.png");

        ((JavascriptExecutor) browser).executeScript("document.body.dataset.pageLoad = 'first'");
        try (Gateway gateway = new Gateway(config)) {
            gateway.send(TestRecords.open("closure-1", CLOSED_SEGMENT, START.plusSeconds(60), IncidentType.CLOSURE, 5));
            gateway.flush();
        }
        By closureInFeed =
                By.cssSelector("#feed li.advisory[data-kind='CLOSURE'][data-segment-id='" + CLOSED_SEGMENT + "']");
        WebElement closure = wait.until(
                d -> d.findElements(closureInFeed).stream().findFirst().orElse(null));
        assertEquals(
                "first",
                ((JavascriptExecutor) browser).executeScript("return document.body.dataset.pageLoad"),
                "the advisory arrived through the event stream, not a reload");

        WebElement crash =
                browser.findElement(By.cssSelector("#layer-hit path[data-id='" + RushHour.CRASH_SEGMENT + "']"));
        new Actions(browser).moveToElement(crash).perform();
        WebElement tooltip =
                wait.until(d -> d.findElement(By.id("tooltip")).isDisplayed() ? d.findElement(By.id("tooltip")) : null);
        wait.until(d -> tooltip.getText().contains("crash-1"));
        assertTrue(
                tooltip.getText().contains("Cathedral Avenue")
                        && tooltip.getText().contains("km/h"),
                tooltip.getText());

        closure.click();
        JsonNode advisory = HttpJson.getOk(api + "/api/advisories?segment=" + CLOSED_SEGMENT)
                .get(0);
        assertEquals(1, count(browser, "#layer-highlight .hl-segment[data-id='" + CLOSED_SEGMENT + "']"));
        assertEquals(advisory.at("/detour/segmentIds").size(), count(browser, "#layer-highlight .hl-detour"));
        assertEquals(advisory.get("approachSegmentIds").size(), count(browser, "#layer-highlight .hl-approach"));
        assertTrue(
                advisory.at("/detour/segmentIds").size() > 0
                        && advisory.get("approachSegmentIds").size() > 0,
                "a downtown closure has a detour and approaches: " + advisory);
        assertTrue(browser.findElement(By.id("selection")).isDisplayed());

        JsonNode detour = advisory.at("/detour/segmentIds");
        String onDetour = detour.get(detour.size() / 2).asText();
        new Actions(browser)
                .moveToElement(browser.findElement(By.cssSelector("#layer-hit path[data-id='" + onDetour + "']")))
                .perform();
        wait.until(d -> tooltip.isDisplayed() && tooltip.getText().contains(onDetour));
        screenshot("target/live-map.png");

        // What if the crash's road closed? A right-click asks the API and draws the answer.
        WebElement road =
                browser.findElement(By.cssSelector("#layer-hit path[data-id='" + RushHour.CRASH_SEGMENT + "']"));
        new Actions(browser).contextClick(road).perform();
        JsonNode segment =
                HttpJson.getOk(api + "/api/segments/" + RushHour.CRASH_SEGMENT).get("segment");
        String trip =
                segment.get("fromNode").asText() + " → " + segment.get("toNode").asText() + ": ";
        WebElement answer =
                wait.until(d -> d.findElement(By.id("whatif-result")).getText().contains(trip)
                        ? d.findElement(By.id("whatif-result"))
                        : null);
        assertTrue(answer.getText().contains("slower"), answer.getText());
        assertEquals(1, count(browser, "#layer-highlight .whatif-closed[data-id='" + RushHour.CRASH_SEGMENT + "']"));
        assertTrue(
                count(browser, "#layer-highlight .whatif-effect") > 0,
                "a downtown closure slows its detour: " + answer.getText());
        screenshot("target/live-map-what-if.png");
    }

    private static int count(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    private static void screenshot(String path) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }
}
