package io.govclear.support;

import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its ChromeDriver (both from apt: scripts/ensure-chromium.sh), on the
 * engine under test. Where they are not installed a test using this is skipped and says why. Every page a test
 * looks at can be saved as a screenshot under target/screenshots for a person to review.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final WebDriver driver;
    private final WebDriverWait wait;

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** A new browser, or the test skipped (with the reason) where Chromium or its driver is missing. */
    public static Browser open() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                        + "): run scripts/ensure-chromium.sh as root, or apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Posts the console's sign-in form (without waiting for its answer: wait with {@link #at} before going on). */
    public Browser signIn(String username, String password) {
        return go("/console/login").type("username", username).type("password", password).click("sign-in");
    }

    /** Signs a new staff user in and enrols their second factor (codes by the test clock), ending on /console. */
    public Browser enrol(String username, String password) {
        signIn(username, password).at("/console/login/second-factor");
        byte[] secret = org.bouncycastle.util.encoders.Base32.decode(testId("totp-secret").getText());
        return type("code", totp(secret)).click("enrol").click("continue").at("/console");
    }

    /** The current TOTP code of a secret at the test clock's time. */
    public static String totp(byte[] secret) {
        return io.govclear.security.Totp.code(secret, io.govclear.security.Totp.step(
                jakarta.enterprise.inject.spi.CDI.current().select(TestClock.class).get().instant()));
    }

    public Browser go(String path) {
        driver.get("http://localhost:" + RestAssured.port + path);
        return this;
    }

    /** The element with this data-test attribute, once it is visible. */
    public WebElement testId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test='" + id + "']")));
    }

    /** Types into the field with this id, replacing what it held. */
    public Browser type(String fieldId, String text) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(fieldId)));
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /**
     * Sets the value of the field with this id as a script would: for date and time inputs, whose typed form follows
     * the browser's locale (yyyy/MM/dd in zh-CN) while the value the form posts is always ISO (2026-12-01T23:30).
     */
    public Browser fill(String fieldId, String value) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(fieldId)));
        ((ChromeDriver) driver).executeScript("arguments[0].value = arguments[1];", field, value);
        return this;
    }

    /** Scrolls the element with this data-test attribute to the top of the window, for a screenshot of it. */
    public Browser scrollTo(String testId) {
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView(true);", testId(testId));
        return this;
    }

    /** Ticks the checkbox {@code name} with this value. */
    public Browser check(String name, String value) {
        WebElement box = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[name='" + name + "'][value='" + value + "']")));
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    public Browser click(String testId) {
        testId(testId).click();
        return this;
    }

    /** Waits until the page's path is this one. */
    public Browser at(String path) {
        wait.until(d -> d.getCurrentUrl().replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*$", "").equals(path));
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String html() {
        return driver.getPageSource();
    }

    /** The session cookie's value, for checking a download with the browser's own session. */
    public String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** The window's size in CSS pixels (1280 wide is the desktop the console is made for, 820 a tablet). */
    public Browser size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        return this;
    }

    /** Whether the page is wider than the window (something would need a horizontal scroll). */
    public boolean overflowsWidth() {
        Object wider = ((ChromeDriver) driver).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
        return Boolean.TRUE.equals(wider);
    }

    /** Saves the page as target/screenshots/{name}.png. */
    public Browser screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
