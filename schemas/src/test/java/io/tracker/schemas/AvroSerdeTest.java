package io.tracker.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tracker.catalog.AttributionModel;
import io.tracker.catalog.Offer;
import io.tracker.events.AttributedConversion;
import io.tracker.events.Click;
import io.tracker.events.ClickKind;
import io.tracker.events.RedirectReason;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<Click> serde = AvroSerde.of(Click.class);

  @Test
  void roundTripsACurrentRecord() {
    Click click = Click.newBuilder()
        .setClickId(ClickId.create(1_700_000_000_000L, VisitorId.mint(), false))
        .setVisitorId(VisitorId.mint())
        .setTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setAffiliateId(7).setCreativeId(9).setOfferId(3L).setS1("news")
        .setReason(RedirectReason.OK)
        .build();
    byte[] bytes = serde.serialize("t", click);
    assertEquals(click, serde.deserialize("t", bytes));
  }

  @Test
  void writesTheSchemaFingerprintInFrontOfTheBody() {
    Offer offer = Offer.newBuilder().setId(1).setAdvertiserId(2).setName("o")
        .setLandingPageUrl("https://x.example/").setAttributionModel(AttributionModel.LAST_TOUCH).build();
    byte[] bytes = AvroSerde.of(Offer.class).encode(offer);
    // single-object encoding: C3 01, then the 8-byte little-endian CRC-64-AVRO fingerprint
    assertArrayEquals(new byte[] {(byte) 0xC3, 0x01}, new byte[] {bytes[0], bytes[1]});
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(org.apache.avro.SchemaNormalization.parsingFingerprint64(Offer.getClassSchema()), fingerprint);
  }

  @Test
  void readsARecordWrittenWithThePreviousSchemaVersion() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/io.tracker.events.Click.v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("clickId", "AAAAAAAAAAAAAAAAAAAAAAAA");
    old.put("visitorId", "AAAAAAAAAAA");
    old.put("time", 1_600_000_000_000L);
    old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "DIRECT"));
    old.put("affiliateId", 11L);
    old.put("creativeId", 12L);
    old.put("offerId", 13L);
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    Click read = serde.deserialize("t", written);

    assertEquals(ClickKind.DIRECT, read.getKind());
    assertEquals(11L, read.getAffiliateId());
    assertEquals(13L, read.getOfferId());
    assertEquals(Instant.ofEpochMilli(1_600_000_000_000L), read.getTime());
    assertNull(read.getS1(), "a field added later takes its default");
    assertEquals(30, read.getClickCookieDays(), "a field added later takes its default");
  }

  @Test
  void readsAnAttributedConversionWrittenBeforeCreditsCarriedTheirClicksSubIdsAndDevice() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/io.tracker.events.AttributedConversion.v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    Schema conversion = v1.getField("conversion").schema();
    Schema credit = v1.getField("credits").schema().getElementType();
    GenericRecord old = new GenericRecordBuilder(v1)
        .set("conversion", new GenericRecordBuilder(conversion).set("conversionId", "c-1").set("visitorId", "v")
            .set("time", 1_600_000_000_000L).set("offerId", 5L).set("advertiserId", 9L).set("revenueMicros", 10L).build())
        .set("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "ATTRIBUTED"))
        .set("credits", List.of(new GenericRecordBuilder(credit).set("clickId", "k-1").set("clickTime", 1_599_000_000_000L)
            .set("affiliateId", 2L).set("offerId", 5L).set("campaignId", 21L).set("creativeId", 11L).set("weight", 1.0)
            .set("revenueMicros", 10L).set("payoutMicros", 3L).build()))
        .build();
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    AttributedConversion read = AvroSerde.of(AttributedConversion.class).deserialize("t", written);

    assertEquals("k-1", read.getCredits().get(0).getClickId());
    assertEquals(3L, read.getCredits().get(0).getPayoutMicros());
    assertNull(read.getCredits().get(0).getDeviceClass(), "a field added later takes its default");
    assertNull(read.getCredits().get(0).getS2());
  }

  @Test
  void refusesBytesOfAnUnknownSchemaWithASerializationError() {
    assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[] {1, 2, 3}));
    assertThrows(SerializationException.class, () -> serde.deserialize("t",
        new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0}));
  }
}
