package io.tracker.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The admin key of the all-in-one mode: TRACKER_ADMIN_KEY when set, else one generated once and kept. */
final class AdminKey {
  private AdminKey() {}

  static final String FILE = "admin.key";

  record Resolved(String key, boolean generated) {}

  static Resolved resolve(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      return new Resolved(configured, false);
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return new Resolved(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
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
      return new Resolved(key, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the admin key in " + file, e);
    }
  }
}
