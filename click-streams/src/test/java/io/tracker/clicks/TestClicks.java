package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.Credit;
import io.tracker.schemas.ClickId;
import java.time.Instant;

/** Clicks as the edge records them, for the tests: a person's browser on offer 7 unless told otherwise. */
final class TestClicks {
  private TestClicks() {}

  static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/124.0.0.0 Safari/537.36";
  static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
  static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  static final String IP = "198.51.100.7";

  /**
   * A credit on this click as attribution writes it: the click's dimensions and sub ids, and the device, browser and
   * OS its user agent names.
   */
  static Credit credit(Click click, double weight, long revenueMicros, long payoutMicros) {
    UserAgents.Agent agent = UserAgents.shared().describe(click.getUserAgent());
    return new Credit(click.getClickId(), click.getTime(), click.getAffiliateId(), click.getOfferId(),
        click.getCampaignId(), click.getCreativeId(), click.getS1(), weight, revenueMicros, payoutMicros,
        click.getS2(), click.getS3(), click.getS4(), click.getS5(), agent.deviceClass(), agent.browser(), agent.os(),
        click.getCountry());
  }

  /** A click of this visitor at this time: affiliate 1, creative 9, offer 7, campaign 70, s1 "news". */
  static Click.Builder click(String visitorId, Instant time) {
    return Click.newBuilder()
        .setClickId(ClickId.create(time.toEpochMilli(), visitorId, false))
        .setVisitorId(visitorId)
        .setTime(time)
        .setAffiliateId(1)
        .setCreativeId(9)
        .setOfferId(7L)
        .setCampaignId(70L)
        .setS1("news")
        .setIp(IP)
        .setUserAgent(BROWSER);
  }
}
