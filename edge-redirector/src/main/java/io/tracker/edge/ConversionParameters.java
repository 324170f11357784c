package io.tracker.edge;

import io.tracker.schemas.ClickId;
import java.math.BigDecimal;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of {@code /p.ashx}, checked: {@code o} a positive offer id, {@code r} a click id of ours,
 * {@code p} a plain decimal amount, {@code f} one of img, js, iframe, pb; text values bounded; none repeated.
 */
record ConversionParameters(long offerId, String eventName, String clickId, String transactionId,
    Long amountMicros, Format format, String postbackKey) {

  enum Format { IMG, JS, IFRAME, PB }

  static final int MAX_EVENT_NAME = 64;
  static final int MAX_TEXT = 128;
  private static final Pattern AMOUNT = Pattern.compile("\\d{1,10}(\\.\\d{1,6})?");
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9 _.:-]{1," + MAX_EVENT_NAME + "}");

  /** Either the parameters or the reason they were refused, with the format asked for (to answer in it). */
  record Parsed(ConversionParameters parameters, String error, Format format) {}

  static Parsed parse(Map<String, Deque<String>> query) {
    QueryReader reader = new QueryReader(query);
    Format format = format(reader);
    long offerId = reader.id("o", "o (offer id)");
    String eventName = reader.single("e");
    if (eventName != null && !EVENT_NAME.matcher(eventName).matches()) {
      reader.problem("e must be up to " + MAX_EVENT_NAME + " letters, digits, spaces or _ . : -");
    }
    String clickId = reader.single("r");
    if (clickId != null && ClickId.parse(clickId).isEmpty()) {
      reader.problem("r is not a click id of this tracker");
    }
    String transactionId = reader.text("t", MAX_TEXT);
    Long amountMicros = amount(reader);
    String key = reader.text("k", MAX_TEXT);
    String problems = reader.problems();
    if (problems != null) {
      return new Parsed(null, problems, format);
    }
    return new Parsed(new ConversionParameters(offerId, eventName, clickId, transactionId, amountMicros, format, key),
        null, format);
  }

  private static Format format(QueryReader reader) {
    String value = reader.single("f");
    if (value == null) {
      return Format.IMG;
    }
    for (Format format : Format.values()) {
      if (format.name().equalsIgnoreCase(value)) {
        return format;
      }
    }
    reader.problem("f must be img, js, iframe or pb");
    return Format.IMG;
  }

  private static Long amount(QueryReader reader) {
    String amount = reader.single("p");
    if (amount == null) {
      return null;
    }
    if (!AMOUNT.matcher(amount).matches()) {
      reader.problem("p must be an amount like 12.50");
      return null;
    }
    return new BigDecimal(amount).movePointRight(6).longValueExact();
  }
}
