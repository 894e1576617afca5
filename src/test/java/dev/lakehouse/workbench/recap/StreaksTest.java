package dev.lakehouse.workbench.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streak rule as a table. A history is a string of calendar dates ending today (the last
 * character): {@code x} = a verified day on that date, {@code .} = none.
 */
class StreaksTest {

  static Stream<Arguments> table() {
    return Stream.of(
        // history,         current, longest, last7, forgiven (offsets from the first date)
        row("",                   0, 0, 0, "", "no history"),
        row("x",                  1, 1, 1, "", "today only"),
        row("x.",                 1, 1, 1, "", "yesterday keeps the streak alive: today is not over"),
        row("x..",                0, 1, 1, "", "two empty dates break a short streak"),
        row("xxx",                3, 3, 3, "", "three in a row"),
        row("xxxx.x",             1, 4, 5, "", "a gap after four is not forgiven"),
        row("xxxxx.x",            6, 6, 6, "5", "a gap after five is forgiven and adds nothing"),
        row("xxxxx..x",           1, 5, 5, "", "two missed dates break even a long streak"),
        row("xxxxx.x.x",          1, 6, 5, "5", "grace is earned again: one date since the last grace is not enough"),
        row("xxxxx.xxxxx.x",      11, 11, 6, "5,11", "a second grace after five more in a row"),
        row("xxxxx.",             5, 5, 5, "", "yesterday missed, today open: still alive"),
        row("xxxxx..",            5, 5, 5, "5", "missed yesterday after five: forgiven while today is open"),
        row("xxxx..",             0, 4, 4, "", "missed yesterday after four: broken"),
        row("xxxxxxxxxx.......x", 1, 10, 1, "", "a long break leaves the longest and restarts"),
        row("x.x.x.x.x.x.x",      1, 1, 4, "", "every other day never reaches the grace"));
  }

  @ParameterizedTest(name = "{5}: {0}")
  @MethodSource("table")
  void streakFollowsTheGraceRule(String history, int current, int longest, int lastSeven, String forgiven, String why) {
    LocalDate start = LocalDate.of(2025, 3, 1);
    LocalDate today = history.isEmpty() ? start : start.plusDays(history.length() - 1);
    List<LocalDate> dates = new ArrayList<>();
    for (int i = 0; i < history.length(); i++) {
      if (history.charAt(i) == 'x') {
        dates.add(start.plusDays(i));
      }
    }
    List<LocalDate> expectedForgiven = forgiven.isEmpty() ? List.of()
        : Stream.of(forgiven.split(",")).map(s -> start.plusDays(Integer.parseInt(s))).toList();

    Streak s = Streaks.compute(dates, today);

    assertThat(s.current()).as("current").isEqualTo(current);
    assertThat(s.longest()).as("longest").isEqualTo(longest);
    assertThat(s.lastSeven()).as("n of the last 7 days").isEqualTo(lastSeven);
    assertThat(s.forgiven()).as("forgiven dates").isEqualTo(expectedForgiven);
  }

  private static Arguments row(String history, int current, int longest, int lastSeven, String forgiven, String why) {
    return Arguments.of(history, current, longest, lastSeven, forgiven, why);
  }
}
