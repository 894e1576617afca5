package dev.lakehouse.workbench.app.ui;

import dev.lakehouse.workbench.progress.DayState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** A day in the sidebar: fixed facts plus its live state. */
public final class DayItem {

  private final int day;
  private final String title;
  private final boolean hasProblem;

  /** The day's state; the sidebar re-draws when it changes. */
  private final ObjectProperty<DayState> state = new SimpleObjectProperty<>(this, "state", DayState.NOT_STARTED);

  public DayItem(int day, String title, boolean hasProblem, DayState state) {
    this.day = day;
    this.title = title;
    this.hasProblem = hasProblem;
    this.state.set(state);
  }

  public int day() {
    return day;
  }

  public int week() {
    return (day - 1) / 7 + 1;
  }

  public String title() {
    return title;
  }

  public boolean hasProblem() {
    return hasProblem;
  }

  public ObjectProperty<DayState> stateProperty() {
    return state;
  }

  public DayState state() {
    return state.get();
  }
}
