package io.tracker.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The services of docker-compose.yml as Compose reads them: anchors and merge keys resolved, {@code ${VAR}},
 * {@code ${VAR:-default}} and {@code ${VAR:?error}} filled in from the given shell environment. Only what the
 * cluster test runs from it: each service's image or command, environment and volume mounts.
 */
record ComposeFile(Map<String, Service> services) {

  /** A service: the image it runs (null for the tracker's own) or its command, its environment and mounts. */
  record Service(String name, String image, List<String> command, Map<String, String> environment,
      List<String> mountPoints) {
    boolean isKafka() {
      return image != null && image.startsWith("apache/kafka");
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  static ComposeFile read(Path file, Map<String, String> shell) {
    Map<String, Object> root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = new Yaml().load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Service> services = new LinkedHashMap<>();
    map(root.get("services")).forEach((name, definition) -> {
      Map<String, Object> service = map(definition);
      Map<String, String> environment = new LinkedHashMap<>();
      map(service.get("environment")).forEach((key, value) ->
          environment.put(key, interpolate(String.valueOf(value), shell, name + "." + key)));
      List<String> mounts = new ArrayList<>();
      list(service.get("volumes")).forEach(volume -> mounts.add(String.valueOf(volume).split(":")[1]));
      List<String> command = new ArrayList<>();
      list(service.get("command")).forEach(word -> command.add(String.valueOf(word)));
      // the tracker's own services are built from the Dockerfile (build:); the others run a published image
      String image = service.get("build") == null ? (String) service.get("image") : null;
      services.put(name, new Service(name, image, command, environment, mounts));
    });
    return new ComposeFile(services);
  }

  /** Compose's interpolation: unset (or, with the colon, empty) variables take the default or fail the file. */
  static String interpolate(String value, Map<String, String> shell, String where) {
    Matcher matcher = VARIABLE.matcher(value.replace("$$", "\u0000"));
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String set = shell.get(matcher.group(1));
      String operator = matcher.group(2);
      boolean missing = set == null || (operator != null && operator.startsWith(":") && set.isEmpty());
      String replacement = set == null ? "" : set;
      if (missing && operator != null && operator.endsWith("-")) {
        replacement = matcher.group(3);
      } else if (missing && operator != null && operator.endsWith("?")) {
        throw new IllegalArgumentException(where + ": " + matcher.group(3));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString().replace("\u0000", "$");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    return node == null ? List.of() : (List<Object>) node;
  }
}
