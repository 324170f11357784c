package io.tracker.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracker.platform.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A walk through the console in a real browser against a real tracker, one tracker and one browser per test
 * class; the steps build on each other, so the methods run in order. Screenshots go to target/screenshots (or
 * the console.screenshotDir property).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserWalk {
  @TempDir
  static Path work;

  ConsoleSite site;
  ConsoleBrowser browser;

  @BeforeAll
  void openTrackerAndBrowser() throws IOException {
    site = ConsoleSite.start(work.resolve("tracker"));
    String screenshots = System.getProperty("console.screenshotDir");
    browser = new ConsoleBrowser(site.consoleUrl, work.resolve("browser"),
        screenshots == null ? Path.of("target", "screenshots") : Path.of(screenshots));
  }

  @AfterAll
  void closeBrowserAndTracker() {
    if (browser != null) {
      browser.close();
    }
    if (site != null) {
      site.close();
    }
  }

  /** Signs in with the key and waits for the page the console opens for it. */
  void signIn(String key, String home) {
    browser.open("#/login");
    browser.heading("Sign in to the tracker console");
    browser.fill("Admin or affiliate key", key);
    browser.enterIn("Admin or affiliate key");
    browser.heading(home);
  }

  /** From the navigation, New <thing>, the form filled in, then Create <thing>. */
  void createThroughForm(String navItem, String singular, Runnable fillIn) {
    browser.followNav(navItem);
    browser.press("New " + singular);
    browser.heading("New " + singular);
    fillIn.run();
    browser.press("Create " + singular);
  }

  /** Walks the link wizard from the navigation step by step, Enter in the last step; the link it shows. */
  String generateLinkInTheWizard(String affiliate, String campaign, String creative, String s1) {
    browser.followNav("Generate Unique Link");
    browser.findText(".steps [aria-current=step]", "Affiliate");
    browser.choose("Affiliate", affiliate);
    browser.press("Next");
    browser.choose("Campaign", campaign);
    browser.press("Next");
    browser.choose("Creative", creative);
    browser.fill("Sub id 1 (s1)", s1);
    browser.enterIn("Sub id 1 (s1)");
    return browser.find("textarea[data-snippet=link]").getAttribute("value");
  }

  static JsonNode json(HttpResponse<String> answer) {
    try {
      return Json.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.body(), e);
    }
  }
}
