package io.tracker.edge;

import io.tracker.catalog.DeviceClass;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device class of a user agent for targeting, cheaply: a few substring tests in the spirit of Yauaa's
 * DeviceClass (which click-streams' device column comes from): tablets (iPad, Android without "Mobile", Kindle,
 * "Tablet") first, then phones ("Mobi", iPhone, iPod, Android, Windows Phone), else desktop. Only clicks on
 * offers that target devices ask; answers are kept for the most recent agents (a bounded map, emptied when full),
 * since a few agents make most of the traffic.
 */
final class DeviceClassifier {
  static final int CACHE_SIZE = 4096;

  private final ConcurrentHashMap<String, DeviceClass> cache = new ConcurrentHashMap<>();

  DeviceClass classify(String userAgent) {
    if (userAgent == null) {
      return DeviceClass.DESKTOP;
    }
    DeviceClass known = cache.get(userAgent);
    if (known != null) {
      return known;
    }
    DeviceClass device = of(userAgent);
    if (cache.size() >= CACHE_SIZE) {
      cache.clear();
    }
    cache.put(userAgent, device);
    return device;
  }

  static DeviceClass of(String userAgent) {
    boolean android = userAgent.contains("Android");
    if (userAgent.contains("iPad") || userAgent.contains("Tablet") || userAgent.contains("Kindle")
        || userAgent.contains("Silk/") || (android && !userAgent.contains("Mobile"))) {
      return DeviceClass.TABLET;
    }
    if (userAgent.contains("Mobi") || userAgent.contains("iPhone") || userAgent.contains("iPod") || android
        || userAgent.contains("Windows Phone")) {
      return DeviceClass.MOBILE;
    }
    return DeviceClass.DESKTOP;
  }
}
