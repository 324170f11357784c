package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.schemas.VisitorId;

/**
 * Who "the same visitor" is when a click is told unique or repeat; chosen per offer (see reference.conf). A
 * click that lacks what its mode needs falls back to its visitor cookie. IP and user agent, or a device id,
 * are hashed into a short key.
 */
enum VisitorIdentity {
  VISITOR {
    @Override
    String of(Click click) {
      return "v:" + click.getVisitorId();
    }
  },
  IP_USER_AGENT {
    @Override
    String of(Click click) {
      if (click.getIp() == null || click.getUserAgent() == null) {
        return VISITOR.of(click);
      }
      return "i:" + VisitorId.fromIdentity(click.getIp() + "\n" + click.getUserAgent());
    }
  },
  DEVICE {
    @Override
    String of(Click click) {
      return click.getUdid() == null ? VISITOR.of(click) : "d:" + VisitorId.fromIdentity(click.getUdid());
    }
  };

  /** The key of the visitor under this mode; keys of different modes never collide. */
  abstract String of(Click click);
}
