package io.tracker.platform.postback;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A postback URL template: absolute http(s), tokens ({@link PostbackToken}, either spelling) in its path and query
 * only, so that no value of a click (sub ids come from the public) can steer where the call goes. Filling replaces
 * the tokens given with their URL-encoded values and leaves the others as they are, so a URL can be filled in two
 * steps (what the conversion knows, then what the click knows).
 */
public final class PostbackUrl {
  private PostbackUrl() {}

  public static final int MAX_LENGTH = 2048;
  /** Anything written like a token: #word# or {word}. */
  private static final Pattern TOKEN_LIKE = Pattern.compile("#[A-Za-z0-9_]+#|\\{[A-Za-z0-9_]+}");

  /** What is wrong with a URL as a postback template (empty when nothing), each problem naming the field. */
  public static List<String> problems(String field, String url) {
    List<String> problems = new ArrayList<>();
    if (url == null || url.isBlank()) {
      problems.add(field + " is required");
      return problems;
    }
    if (url.length() > MAX_LENGTH) {
      problems.add(field + " is longer than " + MAX_LENGTH + " characters");
      return problems;
    }
    List<String> unknown = unknownTokens(url);
    if (!unknown.isEmpty()) {
      problems.add(field + " has unknown tokens: " + String.join(", ", unknown) + " (known: " + knownTokens() + ")");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      problems.add(field + " must be an absolute http or https URL");
      return problems;
    }
    String authority = authority(url);
    if (TOKEN_LIKE.matcher(authority).find() || authority.contains("#") || authority.contains("{")) {
      problems.add(field + " may have tokens in its path and query only, not in its host ('" + authority + "')");
      return problems;
    }
    try {
      URI uri = URI.create(TOKEN_LIKE.matcher(url).replaceAll("x"));
      if (uri.getHost() == null || uri.getRawUserInfo() != null) {
        problems.add(field + " must name a host (and no user or password)");
      }
    } catch (IllegalArgumentException e) {
      problems.add(field + " is not a valid URL: " + e.getMessage());
    }
    return problems;
  }

  /** The host (and port) part of an absolute URL: after "://", up to the first '/' or '?'. */
  public static String authority(String url) {
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
      end++;
    }
    return url.substring(start, end);
  }

  /** Every token-like part of the URL that is not a postback token, once each, in order. */
  public static List<String> unknownTokens(String url) {
    Set<String> unknown = new LinkedHashSet<>();
    Matcher found = TOKEN_LIKE.matcher(url);
    while (found.find()) {
      if (PostbackToken.bySpelling(found.group()) == null) {
        unknown.add(found.group());
      }
    }
    return List.copyOf(unknown);
  }

  /** The postback tokens the URL holds. */
  public static Set<PostbackToken> tokensIn(String url) {
    Set<PostbackToken> tokens = EnumSet.noneOf(PostbackToken.class);
    Matcher found = TOKEN_LIKE.matcher(url);
    while (found.find()) {
      PostbackToken token = PostbackToken.bySpelling(found.group());
      if (token != null) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  /** The URL with each token of {@code values} replaced by its URL-encoded value (null: empty); others stay. */
  public static String fill(String url, Map<PostbackToken, String> values) {
    StringBuilder filled = new StringBuilder(url.length() + 64);
    Matcher found = TOKEN_LIKE.matcher(url);
    int from = 0;
    while (found.find()) {
      PostbackToken token = PostbackToken.bySpelling(found.group());
      if (token == null || !values.containsKey(token)) {
        continue;
      }
      filled.append(url, from, found.start());
      String value = values.get(token);
      if (value != null) {
        filled.append(encode(value));
      }
      from = found.end();
    }
    return filled.append(url, from, url.length()).toString();
  }

  /** Percent-encoding for a query value or path segment: a space is %20, never '+'. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String knownTokens() {
    List<String> known = new ArrayList<>();
    for (PostbackToken token : PostbackToken.values()) {
      known.add(token.cake());
    }
    return String.join(" ", known) + ", or the same in braces such as {transaction_id}";
  }
}
