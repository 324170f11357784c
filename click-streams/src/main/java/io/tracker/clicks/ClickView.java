package io.tracker.clicks;

import io.tracker.events.Click;
import io.tracker.events.JudgedClick;
import io.tracker.events.ProcessedClick;
import io.tracker.schemas.Reasons;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A click as {@code GET /api/clicks/{id}} shows it: the click as recorded, its disposition, its reasons as
 * sentences and what its user agent says; the same fields whether it was judged now or by an earlier version.
 */
final class ClickView {
  private ClickView() {}

  static String clickIdOf(SpecificRecord judgement) {
    return judgement instanceof JudgedClick judged ? judged.getClickId()
        : ((ProcessedClick) judgement).getClick().getClickId();
  }

  /** An earlier version's processed click: it holds the click and its judgement, reasons as sentences. */
  static Object of(ProcessedClick earlier) {
    return AvroJson.plain(earlier);
  }

  /** The click as recorded and how it was judged, as JSON values. */
  static Object of(Click click, JudgedClick judged) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("click", AvroJson.plain(click));
    view.put("disposition", judged.getDisposition().name());
    view.put("reasons", Reasons.sentences(judged.getReasons(), judged.getOfferId()));
    view.put("deviceClass", judged.getDeviceClass());
    view.put("browser", judged.getBrowser());
    view.put("os", judged.getOs());
    return view;
  }
}
