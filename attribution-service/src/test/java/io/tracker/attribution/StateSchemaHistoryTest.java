package io.tracker.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tracker.attribution.state.Touch;
import io.tracker.schemas.AvroSerde;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Attribution's stores still read what the version before wrote into them. */
class StateSchemaHistoryTest {

  @Test
  void readsATouchKeptBeforeTouchesCarriedSubIdsAndDevice() throws Exception {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/io.tracker.attribution.state.Touch.v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericRecordBuilder(v1).set("clickId", "k-1").set("time", 1_600_000_000_000L)
        .set("affiliateId", 2L).set("campaignId", 21L).set("creativeId", 11L).set("clickCookieDays", 7)
        .set("attributionModel", new GenericData.EnumSymbol(v1.getField("attributionModel").schema(), "LINEAR"))
        .set("payoutMicros", 3L).set("ineligible", "bot").build();
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    Touch read = AvroSerde.of(Touch.class).deserialize("t", written);

    assertEquals("k-1", read.getClickId());
    assertEquals("bot", read.getIneligible());
    assertEquals(7, read.getClickCookieDays());
    assertNull(read.getDeviceClass(), "a field added later takes its default");
  }
}
