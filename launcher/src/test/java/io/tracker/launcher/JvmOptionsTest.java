package io.tracker.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code jvm.options}, which {@code ./tracker}, the image and the benchmarks pass to java as an
 * argument file: a line java cannot read would stop every tracker process at its start.
 */
class JvmOptionsTest {
  /** The file at the project's root; Maven runs a module's tests in the module's folder. */
  private static final Path OPTIONS = Path.of(System.getProperty("jvmOptions", "../jvm.options"));

  @Test
  void javaReadsTheFileAndG1MarksAtThreeQuartersOfTheHeap(@TempDir Path work) throws Exception {
    assertTrue(Files.isRegularFile(OPTIONS), OPTIONS.toAbsolutePath() + " is missing");
    // the output goes to a file, so that the wait below is the only one and is bounded
    Path output = work.resolve("flags.txt");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + OPTIONS, "-XX:+UseG1GC", "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!java.waitFor(60, TimeUnit.SECONDS)) {
      java.destroyForcibly();
      fail("java -version did not end within 60 s");
    }
    String flags = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, java.exitValue(), flags);
    assertTrue(setFromCommandLine(flags, "InitiatingHeapOccupancyPercent", "75"), flags);
    assertTrue(setFromCommandLine(flags, "G1UseAdaptiveIHOP", "false"), flags);
  }

  /** Whether -XX:+PrintFlagsFinal lists the flag with this value, taken from the command line. */
  private static boolean setFromCommandLine(String flags, String flag, String value) {
    return Pattern.compile("\\s" + flag + "\\s+=\\s+" + value + "\\s.*\\{command line\\}").matcher(flags).find();
  }
}
