package io.tracker.edge;

import java.util.Deque;
import java.util.Map;

/**
 * The parameters of a tracking link or click pixel, checked: {@code a} and {@code c} are positive ids,
 * sub ids and udid are bounded in length, {@code test} is a flag, none is repeated. A problem is reported as a
 * short reason for a 400 answer instead of an exception.
 */
record LinkParameters(long affiliateId, long creativeId, String s1, String s2, String s3, String s4, String s5,
    String udid, boolean test) {

  static final int MAX_ID_DIGITS = 18;
  static final int MAX_VALUE_LENGTH = 255;

  /** Either the parameters or the reason they were refused. */
  record Parsed(LinkParameters parameters, String error) {}

  static Parsed parse(Map<String, Deque<String>> query) {
    StringBuilder errors = new StringBuilder();
    long affiliateId = id(query, "a", errors);
    long creativeId = id(query, "c", errors);
    String s1 = text(query, "s1", errors);
    String s2 = text(query, "s2", errors);
    String s3 = text(query, "s3", errors);
    String s4 = text(query, "s4", errors);
    String s5 = text(query, "s5", errors);
    String udid = text(query, "udid", errors);
    boolean test = flag(query, "test", errors);
    if (errors.length() > 0) {
      return new Parsed(null, errors.toString());
    }
    return new Parsed(new LinkParameters(affiliateId, creativeId, s1, s2, s3, s4, s5, udid, test), null);
  }

  private static String single(Map<String, Deque<String>> query, String name, StringBuilder errors) {
    Deque<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      problem(errors, name + " is given more than once");
      return null;
    }
    return values.peekFirst();
  }

  private static long id(Map<String, Deque<String>> query, String name, StringBuilder errors) {
    String value = single(query, name, errors);
    if (value == null || value.isEmpty()) {
      if (!errors.toString().contains(name + " is given")) {
        problem(errors, name + " is required");
      }
      return 0;
    }
    if (value.length() > MAX_ID_DIGITS || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      problem(errors, name + " must be a positive whole number");
      return 0;
    }
    long id = Long.parseLong(value);
    if (id <= 0) {
      problem(errors, name + " must be a positive whole number");
    }
    return id;
  }

  private static String text(Map<String, Deque<String>> query, String name, StringBuilder errors) {
    String value = single(query, name, errors);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      problem(errors, name + " is longer than " + MAX_VALUE_LENGTH + " characters");
      return null;
    }
    return value;
  }

  private static boolean flag(Map<String, Deque<String>> query, String name, StringBuilder errors) {
    String value = single(query, name, errors);
    if (value == null || value.isEmpty() || value.equals("0") || value.equals("false")) {
      return false;
    }
    if (value.equals("1") || value.equals("true")) {
      return true;
    }
    problem(errors, name + " must be 1 or 0");
    return false;
  }

  private static void problem(StringBuilder errors, String problem) {
    if (errors.length() > 0) {
      errors.append("; ");
    }
    errors.append(problem);
  }
}
