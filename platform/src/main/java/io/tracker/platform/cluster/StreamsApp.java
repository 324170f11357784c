package io.tracker.platform.cluster;

/**
 * A Streams app's process: its {@link StreamsService} (topology, query port, health) and whatever else the app
 * runs beside it. Each app builds its service in its constructor and starts it in its own {@code start()}.
 */
public abstract class StreamsApp implements AutoCloseable {
  protected final StreamsService service;

  protected StreamsApp(StreamsService service) {
    this.service = service;
  }

  /** Starts the app's service (queries first, then processing) and returns the app. */
  protected static <T extends StreamsApp> T started(T app) {
    app.service.start();
    return app;
  }

  /** True once Kafka has assigned the partitions and the app processes them. */
  public boolean isRunning() {
    return service.isRunning();
  }

  @Override
  public void close() {
    service.close();
  }
}
