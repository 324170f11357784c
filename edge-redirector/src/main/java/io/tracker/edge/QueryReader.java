package io.tracker.edge;

import java.util.Deque;
import java.util.Map;

/**
 * Reads one request's query parameters by the edge's rules and collects every problem as a short reason:
 * a parameter appears at most once, an empty value counts as absent, ids are positive whole numbers, text is
 * bounded in length.
 */
final class QueryReader {
  static final int MAX_ID_DIGITS = 18;

  private final Map<String, Deque<String>> query;
  private final StringBuilder problems = new StringBuilder();

  QueryReader(Map<String, Deque<String>> query) {
    this.query = query;
  }

  /** The one value of a parameter, or null when it is absent or empty. */
  String single(String name) {
    Deque<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      problem(name + " is given more than once");
      return null;
    }
    String value = values.peekFirst();
    return value.isEmpty() ? null : value;
  }

  /** A required positive id; 0 (with a problem noted) when it is missing or not one. */
  long id(String name, String label) {
    Deque<String> values = query.get(name);
    String value = single(name);
    if (value == null) {
      if (values == null || values.size() <= 1) { // a repeated one has its own problem already
        problem(label + " is required");
      }
      return 0;
    }
    long id = digits(value);
    if (id <= 0) {
      problem(name + " must be a positive whole number");
      return 0;
    }
    return id;
  }

  /** The number the value spells in at most MAX_ID_DIGITS decimal digits, else -1. */
  private static long digits(String value) {
    if (value.length() > MAX_ID_DIGITS) {
      return -1;
    }
    long number = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  /** Optional text of at most maxLength characters. */
  String text(String name, int maxLength) {
    String value = single(name);
    if (value != null && value.length() > maxLength) {
      problem(name + " is longer than " + maxLength + " characters");
      return null;
    }
    return value;
  }

  void problem(String problem) {
    if (problems.length() > 0) {
      problems.append("; ");
    }
    problems.append(problem);
  }

  /** Every problem found, or null when there is none. */
  String problems() {
    return problems.length() == 0 ? null : problems.toString();
  }
}
