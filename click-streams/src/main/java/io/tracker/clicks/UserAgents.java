package io.tracker.clicks;

import io.tracker.events.Reason;
import io.tracker.events.ReasonCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user agent string tells: device class, browser and OS for the reports, and whether a robot sent it.
 * Backed by Yauaa (see the README's architecture decisions). Its analyzer takes seconds to build and holds about
 * 100 MB, so one is built per JVM and shared; its results for recent user agents are cached.
 */
final class UserAgents {
  private static final Logger log = LoggerFactory.getLogger(UserAgents.class);
  private static final int CACHED_USER_AGENTS = 10_000;
  /** Yauaa's classes for crawlers, monitors, scripts and tools, and for agents that only pretend. */
  private static final Set<String> ROBOT_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker");

  /** The facts of one user agent; bot is null for a person's browser. */
  record Agent(String deviceClass, String browser, String os, Reason bot) {}

  private static final Agent NONE = new Agent(null, null, null,
      Reason.newBuilder().setCode(ReasonCode.NO_USER_AGENT).build());

  private static final ThreadLocal<Map<String, Agent>> RECENT = ThreadLocal.withInitial(() ->
      new LinkedHashMap<>(CACHED_USER_AGENTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Agent> eldest) {
          return size() > CACHED_USER_AGENTS;
        }
      });

  private final UserAgentAnalyzer analyzer;

  private UserAgents(UserAgentAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** The one instance of this JVM, built on first use. */
  static UserAgents shared() {
    return Shared.INSTANCE;
  }

  /**
   * The facts of a user agent. A browser's user agent repeats across many clicks: the ones seen last are kept per
   * thread (a look-up costs a hash of the string, where Yauaa's own cache costs microseconds).
   */
  Agent describe(String userAgent) {
    Map<String, Agent> recent = RECENT.get();
    Agent agent = recent.get(userAgent);
    if (agent == null) {
      agent = analyze(userAgent);
      recent.put(userAgent, agent);
    }
    return agent;
  }

  private Agent analyze(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return NONE; // every browser sends one: a request without is a script
    }
    UserAgent parsed = analyzer.parse(userAgent);
    String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
    String agentClass = parsed.getValue(UserAgent.AGENT_CLASS);
    String browser = parsed.getValue(UserAgent.AGENT_NAME);
    boolean robot = ROBOT_CLASSES.contains(deviceClass) || ROBOT_CLASSES.contains(agentClass);
    return new Agent(deviceClass, browser, parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME), robot
        ? Reason.newBuilder().setCode(ReasonCode.BOT_USER_AGENT).setText(browser + " (" + agentClass + ")").build()
        : null);
  }

  /** Lazy holder: the analyzer is built when the first click needs it, once. */
  private static final class Shared {
    static final UserAgents INSTANCE = build();

    private static UserAgents build() {
      long start = System.nanoTime();
      UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
          .hideMatcherLoadStats()
          .withCache(CACHED_USER_AGENTS)
          // only the fields used: fewer rules to load and run
          .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME,
              UserAgent.OPERATING_SYSTEM_NAME)
          // the rule files' own test cases, which Yauaa 8 keeps after building unless told: a quarter of its heap
          .dropTests()
          .immediateInitialization()
          .build();
      log.info("user agent analyzer ready in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
      return new UserAgents(analyzer);
    }
  }
}
