package dev.lakehouse.workbench.recap;

/** What a recap covers: one week of the plan (1 to 5; week 5 is days 29-30) or the whole month. */
public record RecapScope(int week) {

  public static final RecapScope MONTH = new RecapScope(0);

  public RecapScope {
    if (week < 0 || week > 5) {
      throw RecapException.badWeek(week);
    }
  }

  /** Week {@code n} of the plan, 1 to 5 (0 is not a week: the month is {@link #MONTH}). */
  public static RecapScope week(int n) {
    if (n < 1) {
      throw RecapException.badWeek(n);
    }
    return new RecapScope(n);
  }

  public boolean isMonth() {
    return week == 0;
  }

  public int firstDay() {
    return isMonth() ? 1 : (week - 1) * 7 + 1;
  }

  public int lastDay() {
    return isMonth() ? 30 : Math.min(week * 7, 30);
  }

  public boolean contains(int day) {
    return day >= firstDay() && day <= lastDay();
  }

  /** "Week 2 (days 8-14)" or "The month (days 1-30)". */
  public String title() {
    return (isMonth() ? "The month" : "Week " + week) + " (days " + firstDay() + "-" + lastDay() + ")";
  }
}
