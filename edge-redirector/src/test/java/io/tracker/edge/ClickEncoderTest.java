package io.tracker.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tracker.catalog.AttributionModel;
import io.tracker.events.Click;
import io.tracker.events.ClickKind;
import io.tracker.events.RedirectReason;
import io.tracker.events.RedirectTarget;
import io.tracker.schemas.AvroSerde;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/**
 * The edge writes clicks with its own encoder; every consumer reads them with Avro. The bytes must be exactly
 * Avro's, for any click: nulls in every optional field, long and non-ASCII text, extreme numbers, every enum
 * symbol.
 */
class ClickEncoderTest {
  private static final AvroSerde<Click> AVRO = AvroSerde.of(Click.class);

  @Property(tries = 1_000)
  void writesTheBytesAvroWrites(@ForAll("clicks") Click click) {
    RecordBuffer buffer = new RecordBuffer();
    ClickEncoder.write(click, buffer);
    assertArrayEquals(AVRO.encode(click), Arrays.copyOf(buffer.bytes(), buffer.length()));
  }

  @Example
  void aJournalRecordHoldsTheClickAfterItsFraming() {
    Click click = Click.newBuilder().setClickId("c").setVisitorId("visitor-1").setTime(Instant.ofEpochMilli(5))
        .setAffiliateId(1).setCreativeId(2).build();
    RecordBuffer record = Journal.begin(new RecordBuffer(), 1, 5L, click.getVisitorId());
    int framing = record.length();
    ClickEncoder.write(click, record);
    assertArrayEquals(AVRO.encode(click), Arrays.copyOfRange(record.bytes(), framing, record.length()));
  }

  @Provide
  Arbitrary<Click> clicks() {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings().ascii().ofMaxLength(300), Arbitraries.strings().all().ofMaxLength(40));
    Arbitrary<String> optional = text.injectNull(0.3);
    Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-200, 200),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 63L, 64L, -64L, -65L));
    Arbitrary<Long> optionalNumber = number.injectNull(0.3);
    Arbitrary<Click> ids = Combinators.combine(text, text, Arbitraries.longs().between(0, 1L << 44),
        Arbitraries.of(ClickKind.class), number, number, optionalNumber, optionalNumber)
        .as((clickId, visitorId, time, kind, affiliate, creative, offer, campaign) -> Click.newBuilder()
            .setClickId(clickId).setVisitorId(visitorId).setTime(Instant.ofEpochMilli(time)).setKind(kind)
            .setAffiliateId(affiliate).setCreativeId(creative).setOfferId(offer).setCampaignId(campaign).build());
    Arbitrary<Click> subIds = Combinators.combine(ids, optionalNumber, optional, optional, optional, optional,
        optional, optional).as((click, advertiser, s1, s2, s3, s4, s5, udid) -> {
          click.setAdvertiserId(advertiser);
          click.setS1(s1);
          click.setS2(s2);
          click.setS3(s3);
          click.setS4(s4);
          click.setS5(s5);
          click.setUdid(udid);
          return click;
        });
    return Combinators.combine(subIds, Arbitraries.of(true, false), optional, optional, optional,
        Arbitraries.of(RedirectReason.class), Arbitraries.of(RedirectTarget.class), optional).as(
            (click, test, ip, userAgent, referer, reason, target, url) -> {
              click.setTest(test);
              click.setIp(ip);
              click.setUserAgent(userAgent);
              click.setReferer(referer);
              click.setReason(reason);
              click.setTarget(target);
              click.setRedirectUrl(url);
              return click;
            }).flatMap(click -> Combinators.combine(Arbitraries.integers(), Arbitraries.of(AttributionModel.class),
                number, number, optional, Arbitraries.integers(), optional, Arbitraries.of(true, false)).as(
                    (days, model, payout, revenue, country, caps, detail, newVisitor) -> {
                      click.setClickCookieDays(days);
                      click.setAttributionModel(model);
                      click.setPayoutMicros(payout);
                      click.setRevenueMicros(revenue);
                      click.setCountry(country);
                      click.setClickCaps(caps);
                      click.setReasonDetail(detail);
                      click.setNewVisitor(newVisitor);
                      return click;
                    }));
  }
}
