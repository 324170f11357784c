package io.tracker.edge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A catalog URL with its tokens found once, so that filling it per click is a single pass of appends. Both
 * spellings of the contract are tokens: {@code #affid#} and {@code {affiliate_id}}, and so on. Values are
 * URL-encoded where they are put.
 */
final class LandingUrl {

  /** What a click knows to put into a URL; one slot per token. */
  enum Token {
    AFFILIATE_ID("#affid#", "{affiliate_id}"),
    OFFER_ID("#oid#", "{offer_id}"),
    CAMPAIGN_ID("#campid#", "{campaign_id}"),
    CREATIVE_ID("#cid#", "{creative_id}"),
    S1("#s1#", "{sub1}"),
    S2("#s2#", "{sub2}"),
    S3("#s3#", "{sub3}"),
    S4("#s4#", "{sub4}"),
    S5("#s5#", "{sub5}"),
    CLICK_ID("#reqid#", "{click_id}"),
    UDID("#udid#", "{udid}");

    final String cake;
    final String braces;

    Token(String cake, String braces) {
      this.cake = cake;
      this.braces = braces;
    }
  }

  // Templates come only from the catalog, so this cache is bounded by the catalog's URLs.
  private static final Map<String, LandingUrl> COMPILED = new ConcurrentHashMap<>();

  private final List<String> literals; // literals.size() == tokens.size() + 1
  private final List<Token> tokens;
  /** The filled URL's length when each value is an id or a click id: one array, no copy on the way. */
  private final int usualLength;

  private LandingUrl(List<String> literals, List<Token> tokens) {
    this.literals = literals;
    this.tokens = tokens;
    this.usualLength = literals.stream().mapToInt(String::length).sum() + 24 * tokens.size();
  }

  static LandingUrl of(String template) {
    return COMPILED.computeIfAbsent(template, LandingUrl::compile);
  }

  private static LandingUrl compile(String template) {
    List<String> literals = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < template.length()) {
      Token found = tokenAt(template, i);
      if (found == null) {
        i++;
        continue;
      }
      literals.add(template.substring(start, i));
      tokens.add(found);
      i += template.startsWith(found.cake, i) ? found.cake.length() : found.braces.length();
      start = i;
    }
    literals.add(template.substring(start));
    return new LandingUrl(List.copyOf(literals), List.copyOf(tokens));
  }

  private static Token tokenAt(String template, int i) {
    char c = template.charAt(i);
    if (c != '#' && c != '{') {
      return null;
    }
    for (Token token : Token.values()) {
      if (template.startsWith(token.cake, i) || template.startsWith(token.braces, i)) {
        return token;
      }
    }
    return null;
  }

  /**
   * The URL with each token replaced by its value ({@code null} = empty); {@code values} is asked only for the
   * tokens the template has.
   */
  String fill(Function<Token, String> values) {
    StringBuilder url = new StringBuilder(usualLength);
    url.append(literals.get(0));
    for (int t = 0; t < tokens.size(); t++) {
      String value = values.apply(tokens.get(t));
      if (value != null) {
        url.append(encode(value));
      }
      url.append(literals.get(t + 1));
    }
    return url.toString();
  }

  static String encode(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~';
      if (!unreserved) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      }
    }
    return value; // the common case (ids, click ids) needs no copy
  }
}
