package io.tracker.clicks;

import io.tracker.events.AttributedConversion;
import io.tracker.events.Click;
import io.tracker.events.ConversionChange;
import io.tracker.platform.ConfigCheck;
import io.tracker.schemas.AvroSerde;
import io.tracker.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole click-streams app on a {@link TopologyTestDriver}, built and configured as {@link ClickStreamsApp} runs
 * it (the defaults of reference.conf and a test's settings, state in the test's folder); events go in keyed and
 * timed as the edge and attribution publish them.
 */
final class ClickStreamsDriver implements AutoCloseable {
  final TopologyTestDriver driver;
  private final TestInputTopic<String, Click> clicks;
  private final TestInputTopic<String, AttributedConversion> conversions;
  private final TestInputTopic<String, ConversionChange> changes;

  ClickStreamsDriver(Path stateDir, Map<String, Object> settings, Instant wallClock) {
    Map<String, Object> withState = new HashMap<>(settings);
    withState.put("clickStreams.stateDir", stateDir.toString());
    ClickStreamsConfig config = ClickStreamsConfig.load(ConfigCheck.load(withState));
    driver = new TopologyTestDriver(ClickStreamsApp.buildTopology(config), ClickStreamsApp.streamsConfig(config),
        wallClock);
    clicks = driver.createInputTopic(Topics.CLICKS, new StringSerializer(), AvroSerde.of(Click.class));
    conversions = driver.createInputTopic(Topics.ATTRIBUTED_CONVERSIONS, new StringSerializer(),
        AvroSerde.of(AttributedConversion.class));
    changes = driver.createInputTopic(Topics.CONVERSION_CHANGES, new StringSerializer(),
        AvroSerde.of(ConversionChange.class));
  }

  /** Keyed by its visitor, at its time. */
  void send(Click click) {
    clicks.pipeInput(click.getVisitorId(), click, click.getTime());
  }

  /** Keyed by its visitor, at the conversion's time. */
  void send(AttributedConversion conversion) {
    conversions.pipeInput(conversion.getConversion().getVisitorId(), conversion, conversion.getConversion().getTime());
  }

  /** Keyed by the conversion's visitor, at the time the change was made. */
  void send(ConversionChange change, Instant madeAt) {
    changes.pipeInput(change.getAfter().getConversion().getVisitorId(), change, madeAt);
  }

  @Override
  public void close() {
    driver.close();
  }
}
