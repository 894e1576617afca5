package dev.lakehouse.workbench.progress;

/** The two kinds of post draft: one LinkedIn post per plan day, one blog post per plan week. */
public enum DraftKind {
  /** Numbered by day, 1 to 30. */
  LINKEDIN("LinkedIn post", 30),
  /** Numbered by week, 1 to 5. */
  BLOG("blog post", 5);

  /** LinkedIn's limit for the text of one post, in characters. */
  public static final int LINKEDIN_POST_LIMIT = 3000;

  private final String label;
  private final int periods;

  DraftKind(String label, int periods) {
    this.label = label;
    this.periods = periods;
  }

  /** The words shown to people ("LinkedIn post"). */
  public String label() {
    return label;
  }

  /** How many drafts of this kind the plan has (30 days, 5 weeks). */
  public int periods() {
    return periods;
  }
}
