package dev.lakehouse.workbench.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the {@code bench} parts share: the median of repeated timings. */
public final class Timing {

  private Timing() {}

  /** The median of the timings (the upper one of the middle two for an even count). */
  public static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
