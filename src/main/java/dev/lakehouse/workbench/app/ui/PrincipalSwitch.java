package dev.lakehouse.workbench.app.ui;

import java.util.List;

/** Who the lab's statements run as: the learner or a principal of the data folder's policy. */
public interface PrincipalSwitch {

  /** The users to choose from, the learner first. */
  List<String> principals();

  /** Who statements run as now. */
  String current();

  /** Statements run as {@code who} from now on; throws a one-line error when that is not allowed. */
  void actAs(String who);

  /** Tells {@code listener} (on any thread) who statements run as whenever it changes, SET ROLE in SQL included. */
  default void onChange(java.util.function.Consumer<String> listener) {
  }
}
