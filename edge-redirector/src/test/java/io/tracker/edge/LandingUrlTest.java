package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LandingUrlTest {

  private static String[] values() {
    String[] v = new String[LandingUrl.Token.values().length];
    v[LandingUrl.Token.AFFILIATE_ID.ordinal()] = "12";
    v[LandingUrl.Token.OFFER_ID.ordinal()] = "3";
    v[LandingUrl.Token.CAMPAIGN_ID.ordinal()] = "7";
    v[LandingUrl.Token.CREATIVE_ID.ordinal()] = "9";
    v[LandingUrl.Token.S1.ordinal()] = "news letter";
    v[LandingUrl.Token.S2.ordinal()] = "a&b=c";
    v[LandingUrl.Token.CLICK_ID.ordinal()] = "AAECAwQFBgcICQoLDA0ODxAR";
    v[LandingUrl.Token.UDID.ordinal()] = "é/?#";
    return v;
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
}
