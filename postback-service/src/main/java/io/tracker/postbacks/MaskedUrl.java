package io.tracker.postbacks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as the report shows it: the values of query parameters whose names say they are secrets (key, token,
 * secret, password, auth, sig...) replaced by ***, so that a report shared or exported does not carry an
 * affiliate's credentials.
 */
final class MaskedUrl {
  private MaskedUrl() {}

  static final String MASK = "***";
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "([?&;])([^=&;#]*(?:key|token|secret|pass|pwd|auth|sig|session|credential)[^=&;#]*)=([^&;#]*)",
      Pattern.CASE_INSENSITIVE);

  static String mask(String url) {
    if (url == null) {
      return null;
    }
    Matcher secrets = SECRET_PARAMETER.matcher(url);
    StringBuilder masked = new StringBuilder(url.length());
    while (secrets.find()) {
      secrets.appendReplacement(masked, Matcher.quoteReplacement(secrets.group(1) + secrets.group(2) + "="
          + (secrets.group(3).isEmpty() ? "" : MASK)));
    }
    return secrets.appendTail(masked).toString();
  }
}
