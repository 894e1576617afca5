package dev.lakehouse.workbench.recap;

import java.util.List;

/**
 * Where the recap finds the files the learner wrote for the labs. The app reads them from the data
 * folder through the lab catalog; a source returns only files the learner changed from the lab's
 * starter, so a recap shows work, not templates.
 */
public interface DocumentSource {

  /** The learner's files of days {@code first} to {@code last}, by day, then path. */
  List<LearnerDocument> documents(int first, int last);

  /** A source with no documents. */
  static DocumentSource none() {
    return (first, last) -> List.of();
  }
}
