package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LandingUrlTest {

  private static Function<LandingUrl.Token, String> values() {
    return token -> switch (token) {
      case AFFILIATE_ID -> "12";
      case OFFER_ID -> "3";
      case CAMPAIGN_ID -> "7";
      case CREATIVE_ID -> "9";
      case S1 -> "news letter";
      case S2 -> "a&b=c";
      case CLICK_ID -> "AAECAwQFBgcICQoLDA0ODxAR";
      case UDID -> "é/?#";
      default -> null;
    };
  }

  @Test
  void fillsBothSpellingsOfEveryToken() {
    String cake = "https://x.example/?a=#affid#&o=#oid#&ca=#campid#&c=#cid#&s=#s1#&t=#s2#&u=#s3#&r=#reqid#&d=#udid#";
    String braces = "https://x.example/?a={affiliate_id}&o={offer_id}&ca={campaign_id}&c={creative_id}&s={sub1}&t={sub2}"
        + "&u={sub3}&r={click_id}&d={udid}";
    String expected = "https://x.example/?a=12&o=3&ca=7&c=9&s=news%20letter&t=a%26b%3Dc&u=&r=AAECAwQFBgcICQoLDA0ODxAR"
        + "&d=%C3%A9%2F%3F%23";
    assertEquals(expected, LandingUrl.of(cake).fill(values()));
    assertEquals(expected, LandingUrl.of(braces).fill(values()));
  }

  @Test
  void leavesEverythingElseAlone() {
    String template = "https://x.example/p#frag{not_a_token}#s9#";
    assertEquals(template, LandingUrl.of(template).fill(values()));
    assertEquals("https://x.example/12", LandingUrl.of("https://x.example/#affid#").fill(values()));
  }

  @Test
  void asksOnlyForTheTokensTheTemplateHas() {
    java.util.Set<LandingUrl.Token> asked = java.util.EnumSet.noneOf(LandingUrl.Token.class);
    LandingUrl.of("https://x.example/?r={click_id}&a=#affid#").fill(token -> {
      asked.add(token);
      return "x";
    });
    assertEquals(java.util.EnumSet.of(LandingUrl.Token.CLICK_ID, LandingUrl.Token.AFFILIATE_ID), asked);
  }
}
