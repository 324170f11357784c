package io.tracker.admin;

import io.tracker.platform.HttpErrors;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request body, so that one 400 answer names them all. */
final class Validation {
  static final int MAX_NAME = 200;
  static final int MAX_URL = 2048;
  static final int MAX_COOKIE_DAYS = 3650;
  static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

  private final List<String> errors = new ArrayList<>();

  List<String> errors() {
    return errors;
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new HttpErrors.BadRequest(errors);
    }
  }

  void check(boolean condition, String error) {
    if (!condition) {
      errors.add(error);
    }
  }

  void name(String field, String value) {
    check(value != null && !value.isBlank(), field + " is required");
    check(value == null || value.length() <= MAX_NAME, field + " is longer than " + MAX_NAME + " characters");
  }

  /** A URL the edge may redirect to: absolute http(s), bounded; tokens like #reqid# or {click_id} allowed. */
  void url(String field, String value, boolean required) {
    if (value == null) {
      check(!required, field + " is required");
      return;
    }
    if (value.length() > MAX_URL) {
      errors.add(field + " is longer than " + MAX_URL + " characters");
      return;
    }
    try {
      // tokens are not URL syntax: check the URL with them replaced by a plain value
      URI uri = URI.create(value.replaceAll("#[a-z0-9]+#|\\{[a-z0-9_]+}", "x"));
      check(("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null, field + " must be an absolute http or https URL");
    } catch (IllegalArgumentException e) {
      errors.add(field + " is not a valid URL");
    }
  }

  void amount(String field, BigDecimal value) {
    if (value != null) {
      check(value.signum() >= 0 && value.compareTo(MAX_AMOUNT) <= 0, field + " must be between 0 and " + MAX_AMOUNT);
      check(value.stripTrailingZeros().scale() <= 6, field + " has more than 6 decimals");
    }
  }

  void cookieDays(String field, Integer value) {
    if (value != null) {
      check(value >= 1 && value <= MAX_COOKIE_DAYS, field + " must be between 1 and " + MAX_COOKIE_DAYS);
    }
  }

  /** A literal IPv4 or IPv6 address, the form the edge compares with. */
  void ipAddress(String field, String value) {
    boolean literal = value != null && (value.matches("\\d{1,3}(\\.\\d{1,3}){3}") || value.matches("[0-9a-fA-F:]{2,39}"));
    check(literal, field + ": '" + value + "' is not an IP address");
  }

  void reference(String field, Long id, boolean exists) {
    if (id == null) {
      errors.add(field + " is required");
    } else {
      check(exists, field + " " + id + " does not exist");
    }
  }
}
