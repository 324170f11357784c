package io.tracker.platform.postback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostbackUrlTest {

  @Test
  void fillsBothSpellingsUrlEncodedAndLeavesTokensWithoutValues() {
    Map<PostbackToken, String> values = new EnumMap<>(PostbackToken.class);
    values.put(PostbackToken.TRANSACTION_ID, "order 1/é&x=y");
    values.put(PostbackToken.PAYOUT, "1.5");
    values.put(PostbackToken.S1, null);
    String filled = PostbackUrl.fill("https://aff.example/pb?t=#tid#&tx={transaction_id}&p=#price#&s1=#s1#&s2={sub2}",
        values);
    assertEquals("https://aff.example/pb?t=order%201%2F%C3%A9%26x%3Dy&tx=order%201%2F%C3%A9%26x%3Dy&p=1.5&s1=&s2={sub2}",
        filled);
    assertEquals(Set.of(PostbackToken.S2), PostbackUrl.tokensIn(filled));
  }

  @Test
  void namesUnknownTokensOfEitherSpellingOnce() {
    assertEquals(List.of("#clickid#", "{amount}"),
        PostbackUrl.unknownTokens("https://a.example/?c=#clickid#&a={amount}&again=#clickid#&t=#tid#"));
    List<String> problems = PostbackUrl.problems("url", "https://a.example/?c=#clickid#&a={amount}");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("url has unknown tokens: #clickid#, {amount} (known: #tid# #reqid#"),
        problems.get(0));
  }

  @Test
  void acceptsHttpAndHttpsWithTokensInPathAndQuery() {
    assertEquals(List.of(), PostbackUrl.problems("url", "https://a.example:8443/pb/#affid#?t={transaction_id}"));
    assertEquals(List.of(), PostbackUrl.problems("url", "http://10.1.2.3/pb?lead=#leadid#"));
  }

  @Test
  void refusesOtherSchemesTokensInTheHostAndUserInfo() {
    assertEquals(List.of("url must be an absolute http or https URL"), PostbackUrl.problems("url", "ftp://a.example/"));
    assertEquals(List.of("url must be an absolute http or https URL"), PostbackUrl.problems("url", "a.example/pb"));
    assertEquals(List.of("url may have tokens in its path and query only, not in its host ('#s1#.example.com')"),
        PostbackUrl.problems("url", "https://#s1#.example.com/pb"));
    assertEquals(List.of("url must name a host (and no user or password)"),
        PostbackUrl.problems("url", "https://user:secret@a.example/pb"));
    assertEquals(List.of("url is required"), PostbackUrl.problems("url", " "));
  }
}
