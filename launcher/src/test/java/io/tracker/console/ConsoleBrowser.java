package io.tracker.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, used as a manager would: fields found by their
 * label, buttons by their text, Enter to submit. Nothing is downloaded: both binaries come from apt.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  final Path downloads;
  private final WebDriverWait wait;
  private final String consoleUrl;
  private final Path screenshots;

  ConsoleBrowser(String consoleUrl, Path workDir, Path screenshots) throws IOException {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        throw new AssertionError(binary + " is missing: apt-get install chromium chromium-driver (.ci/run installs them)");
      }
    }
    this.consoleUrl = consoleUrl;
    this.screenshots = Files.createDirectories(screenshots);
    this.downloads = Files.createDirectories(workDir.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // flags for a root sandbox on a closed network, as Debian's headless Chromium needs here
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--user-data-dir=" + workDir.resolve("profile"));
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
    this.wait = new WebDriverWait(driver, WAIT);
    viewport(1280, 800);
  }

  /** Sizes the window so that the page itself gets this many pixels (the window's frame takes some). */
  void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    long frameWidth = width - (Long) script("return window.innerWidth");
    long frameHeight = height - (Long) script("return window.innerHeight");
    driver.manage().window().setSize(new Dimension(width + (int) frameWidth, height + (int) frameHeight));
  }

  /** Scrolls the page so that this element is at the top of the window. */
  void scrollTo(String css) {
    script("arguments[0].scrollIntoView({block: 'start'})", find(css));
  }

  /** Opens a console address: "" for the root, "#/offers" for a page. */
  void open(String hash) {
    driver.get(consoleUrl + (hash.isEmpty() ? "/" : "/console/" + hash));
  }

  /** Waits until the page's heading reads this; returns it. */
  WebElement heading(String text) {
    wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
    return find("main h1");
  }

  WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits for an element whose text contains this, under the CSS selection. */
  WebElement findText(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    return find(css);
  }

  /** The control a label names; the label's own text, without "(optional)", must be exactly this. */
  WebElement field(String label) {
    By byLabel = By.xpath("//main//label[normalize-space(text()[1])='" + label + "']");
    WebElement labelElement = wait.until(ExpectedConditions.visibilityOfElementLocated(byLabel));
    return driver.findElement(By.id(labelElement.getAttribute("for")));
  }

  void fill(String label, String value) {
    WebElement input = field(label);
    input.clear();
    input.sendKeys(value);
  }

  /** Picks the first option of a select whose text contains this. */
  void choose(String label, String optionText) {
    Select select = new Select(field(label));
    wait.until(d -> select.getOptions().stream().anyMatch(o -> o.getText().contains(optionText)));
    select.getOptions().stream().filter(o -> o.getText().contains(optionText)).findFirst().orElseThrow().click();
  }

  /** Submits the form of this field with Enter, as a keyboard user would. */
  void enterIn(String label) {
    field(label).sendKeys(Keys.ENTER);
  }

  /** Presses a button or link by its text, or by its accessible name where the text alone is ambiguous (Edit). */
  void press(String name) {
    String named = "[normalize-space()='" + name + "' or @aria-label='" + name + "']";
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//main//button" + named + " | //main//a" + named))).click();
  }

  /** Presses a button inside one part of the page, where the same label is used twice (two Generate buttons). */
  void pressWithin(String css, String buttonText) {
    WebElement scope = find(css);
    wait.until(d -> scope.findElement(By.xpath(".//button[normalize-space()='" + buttonText + "']"))).click();
  }

  void followNav(String linkText) {
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//nav[@id='nav']//a[normalize-space()='" + linkText + "']")))
        .click();
  }

  Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /** Waits for a condition that gives a value (null or false while not met); says what it waited for when it fails. */
  <T> T waitUntil(String what, Duration within, Supplier<T> condition) {
    return new WebDriverWait(driver, within).withMessage("waiting for " + what).until(d -> condition.get());
  }

  /** Saves what the window shows as name.png. */
  void screenshot(String name) throws IOException {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
