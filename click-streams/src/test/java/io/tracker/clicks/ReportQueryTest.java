package io.tracker.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportQueryTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:34:56Z");

  @Test
  void withoutParametersCoversTheLast24HoursInOneRowWithoutTestTraffic() {
    ReportQuery query = ReportQuery.parse(Map.of(), NOW);

    assertEquals(NOW, query.to());
    assertEquals(Instant.parse("2026-03-01T12:34:56Z"), query.from());
    assertTrue(query.groupBy().isEmpty());
    assertTrue(query.filters().isEmpty());
    assertFalse(query.includeTest());
  }

  @Test
  void readsEveryParameterAndTreatsEmptyValuesAsLeftOut() {
    ReportQuery query = ReportQuery.parse(parameters("from=2026-03-01T00:00:00Z", "to=2026-03-02T00:00:00Z",
        "groupBy=day, Affiliate,s1,device", "affiliateId=4", "offerId=", "campaignId=70", "creativeId=9", "s1=a b",
        "browser=Chrome", "test=true"), NOW);

    assertEquals(new ReportQuery(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
        EnumSet.of(Dimension.AFFILIATE, Dimension.S1, Dimension.DAY, Dimension.DEVICE),
        Map.of(Dimension.AFFILIATE, 4L, Dimension.CAMPAIGN, 70L, Dimension.CREATIVE, 9L, Dimension.S1, "a b",
            Dimension.BROWSER, "Chrome"), true, false), query);
    assertEquals(0, query.subIdSlot(), "read from the report cube");
  }

  @Test
  void aQueryByOneOfS2ToS5ReadsTheSubIdStore() {
    assertEquals(3, ReportQuery.parse(parameters("groupBy=s3,affiliate"), NOW).subIdSlot());
    assertEquals(5, ReportQuery.parse(parameters("s5=x", "groupBy=day"), NOW).subIdSlot());
  }

  @Test
  void spellsItselfOutSoThatAnotherInstanceReadsTheSameQueryLater() {
    ReportQuery query = ReportQuery.parse(parameters("groupBy=hour,offer,s2", "s1=a b&c+d", "affiliateId=4",
        "s2=x"), NOW);

    Map<String, List<String>> sent = Stream.of(query.toQueryString().split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> List.of(URLDecoder.decode(pair[1], StandardCharsets.UTF_8))));

    assertEquals(query, ReportQuery.parse(sent, NOW.plusSeconds(5)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "from=2026-03-02T00:00:00Z|to=2026-03-02T00:00:00Z|from must be before to",
      "from=2026-03-03T00:00:00Z|to=2026-03-02T00:00:00Z|from must be before to",
      "from=2025-01-01T00:00:00Z|to=2026-03-02T00:00:00Z|at most 400 days",
      "from=yesterday|to=2026-03-02T00:00:00Z|from must be an ISO-8601 instant",
      "from=1969-12-31T00:00:00Z|to=1970-01-01T10:00:00Z|from must lie between",
      "to=1970-01-01T10:00:00Z|groupBy=hour|from must not be before",
      "groupBy=affiliate,browsers|test=false|cannot group by 'browsers'",
      "groupBy=s2,s3|test=false|one of s2..s5 at a time",
      "groupBy=s2|s4=x|one of s2..s5 at a time",
      "groupBy=s2|device=Phone|s2 cannot be combined with device, browser or os",
      "s5=x|groupBy=os|s5 cannot be combined with device, browser or os",
      "affiliateId=4x|test=false|affiliateId must be a whole number",
      "offerId=99999999999999999999|test=false|offerId must be a whole number",
      "test=yes|groupBy=hour|test must be true or false",
      "affiliate=4|groupBy=hour|unknown parameter 'affiliate'",
  })
  void refusesWhatItCannotAnswerWithAReason(String first, String second, String reason) {
    var error = assertThrows(ReportQuery.InvalidQuery.class, () -> ReportQuery.parse(parameters(first, second), NOW));
    assertTrue(error.getMessage().contains(reason), error.getMessage());
  }

  @Test
  void refusesARepeatedParameter() {
    var error = assertThrows(ReportQuery.InvalidQuery.class,
        () -> ReportQuery.parse(Map.of("affiliateId", List.of("1", "2")), NOW));
    assertTrue(error.getMessage().contains("more than once"), error.getMessage());
  }

  /** Query parameters as Undertow hands them over, from "name=value" pairs. */
  static Map<String, List<String>> parameters(String... pairs) {
    return Stream.of(pairs).map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> List.of(pair[1])));
  }
}
