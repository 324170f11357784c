package io.tracker.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Chromium, headless, loading one page as a consumer's browser would (scripts and images run). */
final class HeadlessChromium {
  private HeadlessChromium() {}

  private static final Path BINARY = Path.of("/usr/bin/chromium");

  /** Loads the page, lets its scripts and the requests they make run, and returns the DOM it ended with. */
  static String load(String url, Path profile) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError("Debian's chromium is needed for the browser tests: apt-get install chromium"
          + " (.ci/run installs it)");
    }
    // flags for a root sandbox on a closed network, as Debian's headless Chromium needs here
    Process chromium = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String dom = new String(chromium.getInputStream().readAllBytes());
    if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("chromium did not finish loading " + url);
    }
    return dom;
  }
}
