package io.tracker.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A key of the all-in-one mode (the admin key, the internal key): the configured one when set, else one
 * generated on first start and kept in a file of the data folder, readable by its owner only.
 */
final class GeneratedKey {
  private GeneratedKey() {}

  static final String ADMIN_FILE = "admin.key";
  static final String INTERNAL_FILE = "internal.key";

  record Resolved(String key, boolean generated, Path file) {}

  static Resolved resolve(String configured, Path dataDir, String fileName) {
    Path file = dataDir.resolve(fileName);
    if (!configured.isBlank()) {
      return new Resolved(configured, false, file);
    }
    try {
      if (Files.exists(file)) {
        return new Resolved(Files.readString(file, StandardCharsets.UTF_8).strip(), false, file);
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String key = HexFormat.of().formatHex(random);
      Files.createDirectories(dataDir);
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the key is still only in the data folder, which the user owns
      }
      return new Resolved(key, true, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the key in " + file, e);
    }
  }
}
