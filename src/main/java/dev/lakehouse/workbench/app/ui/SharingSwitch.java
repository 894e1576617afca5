package dev.lakehouse.workbench.app.ui;

/** The Delta Sharing server the app runs for the folder's shares (day 20), on 127.0.0.1 only. */
public interface SharingSwitch {

  /** Starts serving and returns the endpoint recipients' profiles name; throws a one-line error when it cannot. */
  String start();

  /** Stops serving; every answered request is in the audit table when it returns. */
  void stop();
}
