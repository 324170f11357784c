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

  static final int MAX_VALUE_LENGTH = 255;

  /** Either the parameters or the reason they were refused. */
  record Parsed(LinkParameters parameters, String error) {}

  static Parsed parse(Map<String, Deque<String>> query) {
    QueryReader reader = new QueryReader(query);
    LinkParameters parameters = new LinkParameters(reader.id("a", "a"), reader.id("c", "c"),
        reader.text("s1", MAX_VALUE_LENGTH), reader.text("s2", MAX_VALUE_LENGTH), reader.text("s3", MAX_VALUE_LENGTH),
        reader.text("s4", MAX_VALUE_LENGTH), reader.text("s5", MAX_VALUE_LENGTH),
        reader.text("udid", MAX_VALUE_LENGTH), testFlag(reader));
    String problems = reader.problems();
    return problems == null ? new Parsed(parameters, null) : new Parsed(null, problems);
  }

  private static boolean testFlag(QueryReader reader) {
    String value = reader.single("test");
    if (value == null || value.equals("0") || value.equals("false")) {
      return false;
    }
    if (value.equals("1") || value.equals("true")) {
      return true;
    }
    reader.problem("test must be 1 or 0");
    return false;
  }
}
