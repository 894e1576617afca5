package dev.lakehouse.workbench.recap.ui;

import dev.lakehouse.workbench.recap.RecapException;
import dev.lakehouse.workbench.recap.RecapFormat;
import dev.lakehouse.workbench.recap.RecapScope;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * Export a recap: scope (a week or the month), format, destination, a progress bar while it runs
 * (on a background thread, cancellable), and "Open" when it is done.
 */
public final class ExportDialog extends Dialog<Void> {

  private final ChoiceBox<RecapScope> scope = new ChoiceBox<>();
  private final ChoiceBox<RecapFormat> format = new ChoiceBox<>();
  private final TextField destination = new TextField();
  private final ProgressBar bar = new ProgressBar(0);
  private final Label message = new Label();
  private final Button export = new Button("Export");
  private final Button open = new Button("Open");
  private Task<Path> running;

  public ExportDialog(Window owner, RecapViewModel vm, Path folder, int currentWeek, Consumer<String> openExternal) {
    initOwner(owner);
    setTitle("Export a recap");
    setHeaderText("Export your record as Markdown, HTML or PDF");
    scope.setId("export-scope");
    for (int w = 1; w <= 5; w++) {
      scope.getItems().add(RecapScope.week(w));
    }
    scope.getItems().add(RecapScope.MONTH);
    scope.setConverter(new StringConverter<>() {
      @Override
      public String toString(RecapScope s) {
        return s == null ? "" : s.title();
      }

      @Override
      public RecapScope fromString(String s) {
        return null;
      }
    });
    scope.getSelectionModel().select(RecapScope.MONTH);
    format.setId("export-format");
    format.getItems().addAll(RecapFormat.values());
    format.setConverter(new StringConverter<>() {
      @Override
      public String toString(RecapFormat f) {
        return f == null ? "" : switch (f) {
          case MD -> "Markdown (.md, charts beside it)";
          case HTML -> "HTML (one self-contained page)";
          case PDF -> "PDF";
        };
      }

      @Override
      public RecapFormat fromString(String s) {
        return null;
      }
    });
    format.getSelectionModel().select(RecapFormat.PDF);
    destination.setId("export-destination");
    destination.setPrefColumnCount(28);
    destination.setText(folder.resolve(defaultName()).toString());
    scope.valueProperty().addListener((o, old, v) -> renameTo(defaultName()));
    format.valueProperty().addListener((o, old, v) -> renameTo(defaultName()));
    Button browse = new Button("Browse...");
    browse.setOnAction(e -> {
      FileChooser chooser = new FileChooser();
      File current = new File(destination.getText());
      if (current.getParentFile() != null && current.getParentFile().isDirectory()) {
        chooser.setInitialDirectory(current.getParentFile());
      }
      chooser.setInitialFileName(current.getName());
      File chosen = chooser.showSaveDialog(getDialogPane().getScene().getWindow());
      if (chosen != null) {
        destination.setText(chosen.getAbsolutePath());
      }
    });
    HBox.setHgrow(destination, Priority.ALWAYS);

    bar.setId("export-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    message.setId("export-message");
    message.setWrapText(true);
    export.setId("export-run");
    export.setDefaultButton(true);
    open.setId("export-open");
    open.setDisable(true);

    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.setPadding(new Insets(10));
    form.addRow(0, label("Scope"), scope);
    form.addRow(1, label("Format"), format);
    browse.setMinWidth(Region.USE_PREF_SIZE);
    form.addRow(2, label("Save to"), new HBox(6, destination, browse));
    form.add(bar, 0, 3, 2, 1);
    form.add(message, 0, 4, 2, 1);
    form.add(new HBox(8, export, open), 0, 5, 2, 1);
    GridPane.setHgrow(destination, Priority.ALWAYS);
    getDialogPane().setPrefWidth(640);
    getDialogPane().setContent(form);
    getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    getDialogPane().setId("export-dialog");

    export.setOnAction(e -> start(vm));
    open.setOnAction(e -> openExternal.accept(Path.of(destination.getText()).toUri().toString()));
    setOnCloseRequest(e -> {
      if (running != null && running.isRunning()) {
        running.cancel();
      }
    });
    if (currentWeek < 1) {
      scope.getSelectionModel().select(RecapScope.MONTH);
    }
  }

  private static Label label(String text) {
    Label l = new Label(text);
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }

  private String defaultName() {
    RecapScope s = scope.getValue() == null ? RecapScope.MONTH : scope.getValue();
    RecapFormat f = format.getValue() == null ? RecapFormat.PDF : format.getValue();
    return (s.isMonth() ? "lakehouse-recap-month" : "lakehouse-recap-week-" + s.week()) + "." + f.extension();
  }

  private void renameTo(String name) {
    Path current = Path.of(destination.getText().isBlank() ? name : destination.getText());
    Path parent = current.getParent();
    destination.setText(parent == null ? name : parent.resolve(name).toString());
  }

  private void start(RecapViewModel vm) {
    if (running != null && running.isRunning()) {
      running.cancel();
      return;
    }
    Path out = Path.of(destination.getText());
    boolean replace = false;
    if (vm.wouldReplace(out)) {
      javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
          out + " already exists. Replace it with this recap?", ButtonType.CANCEL, ButtonType.OK);
      ask.setHeaderText("Replace the existing file?");
      ask.initOwner(getDialogPane().getScene().getWindow());
      ask.getDialogPane().setId("export-replace");
      if (ask.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
        message.textProperty().unbind();
        message.setText("Not exported: " + out.getFileName() + " was kept. Choose another name, or confirm to replace it.");
        return;
      }
      replace = true;
    }
    Task<Path> task = vm.exportTask(scope.getValue(), format.getValue(), out, replace);
    running = task;
    bar.progressProperty().bind(task.progressProperty());
    message.textProperty().bind(task.messageProperty());
    open.setDisable(true);
    export.setText("Cancel");
    task.stateProperty().addListener((o, old, state) -> {
      if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
        message.textProperty().unbind();
        bar.progressProperty().unbind();
        export.setText("Export");
        if (state == Worker.State.SUCCEEDED) {
          bar.setProgress(1);
          message.setText("Written to " + task.getValue());
          open.setDisable(false);
        } else if (state == Worker.State.CANCELLED) {
          bar.setProgress(0);
          message.setText(RecapException.cancelledByUser().getMessage());
        } else {
          bar.setProgress(0);
          Throwable t = task.getException();
          message.setText(t == null ? "The export failed." : t.getMessage());
        }
      }
    });
    Thread t = new Thread(task, "recap-export");
    t.setDaemon(true);
    t.start();
  }

  public Button exportButton() {
    return export;
  }

  public Button openButton() {
    return open;
  }

  public TextField destination() {
    return destination;
  }

  public ChoiceBox<RecapFormat> format() {
    return format;
  }

  public Label message() {
    return message;
  }
}
