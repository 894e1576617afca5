package dev.lakehouse.workbench.quality.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The observability view on the day-22 lab's aged table, headless: the learner picks the table, the
 * commits are watched off the FX thread, and the charts mark the days the monitors alerted on.
 */
class ObservabilityViewUiTest extends FxRobot {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;
  private Stage stage;
  private AppContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC());
    LabDefinition lab = ctx.labCatalog().require("day-22-observability");
    ctx.labs().setup(lab);
    // the learner's monitors, tuned
    Files.writeString(dataDir.resolve(ObservabilityView.LEARNER_MONITORS), lab.files().get(0).solution());
  }

  @AfterEach
  void tearDown() throws Exception {
    FxToolkit.setupFixture(() -> stage.hide());
    ctx.close();
  }

  @Test
  void pickingTheTableChartsItsCommitsAndMarksTheLateAndMissingBatches() throws Exception {
    ObservabilityView[] view = new ObservabilityView[1];
    FxToolkit.setupFixture(() -> {
      view[0] = new ObservabilityView(ctx.lake(), dataDir);
      Scene scene = new Scene(view[0], 1280, 800);
      dev.lakehouse.workbench.ui.Theme.apply(scene, false);
      stage.setScene(scene);
      stage.show();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view[0].tableChoice().getItems().contains("lab22.orders"));

    // a watch can be cancelled between commits
    // (the Cancel is pressed in the same FX turn that starts the watch: a robot's click can come after
    // a fast machine has finished all 35 commits)
    WaitForAsyncUtils.asyncFx(() -> {
      view[0].tableChoice().setValue("lab22.orders");
      lookup("#obs-cancel").queryButton().fire();
    }).get();
    Label status = lookup("#obs-status").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !status.getText().startsWith("Watching"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getText()).isEqualTo("Cancelled.");

    clickOn("#obs-run");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status.getText().contains("days alerted"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(status.getText()).contains("35 batches in 35 commits, 5 days alerted, with your day-22 monitors");

    @SuppressWarnings("unchecked")
    ListView<String> alerts = lookup("#obs-alerts").queryAs(ListView.class);
    assertThat(alerts.getItems()).anyMatch(a -> a.startsWith("2024-03-24  freshness: no batch for 2024-03-24"))
        .anyMatch(a -> a.startsWith("2024-03-18  freshness: the batch landed"));
    // the late batch is marked in both charts, the volume drop in the volume chart; a normal day is not
    assertThat(lookup("#obs-freshness").lookup("#obs-incident-2024-03-18").queryAs(Node.class).getStyleClass()).contains("obs-incident");
    assertThat(lookup("#obs-volume").lookup("#obs-incident-2024-04-05").queryAs(Node.class).getStyleClass()).contains("obs-incident");
    assertThat(lookup("#obs-freshness").lookup("#obs-incident-2024-03-24").queryAs(Node.class).getStyleClass()).contains("obs-incident");
    assertThat(lookup("#obs-incident-2024-03-20").tryQuery()).isEmpty();
    assertThat(lookup("#obs-freshness").lookup("#obs-incident-2024-03-09").tryQuery()).as("a volume alert is not a freshness mark").isEmpty();
    @SuppressWarnings("unchecked")
    ListView<String> schema = lookup("#obs-schema").queryAs(ListView.class);
    assertThat(schema.getItems()).anyMatch(s -> s.startsWith("2024-03-27  +coupon_code"));

    // the same health goes into a recap that reaches day 22, the alerted days in red; week 1 has none
    var exporter = new dev.lakehouse.workbench.recap.RecapExporter(ctx.recap(), dataDir);
    Path out = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-out"));
    exporter.export(dev.lakehouse.workbench.recap.RecapScope.week(4), dev.lakehouse.workbench.recap.RecapFormat.MD,
        out.resolve("w4.md"), false, dev.lakehouse.workbench.recap.ExportListener.silent());
    assertThat(Files.readString(out.resolve("w4.md"))).contains("w4-charts/health-lab22-orders.png",
        "lab22.orders: rows per batch day against the expected band, and hours late; 5 days alerted (your day-22 monitors)");
    java.awt.image.BufferedImage health = javax.imageio.ImageIO.read(out.resolve("w4-charts/health-lab22-orders.png").toFile());
    long red = 0;
    for (int x = 0; x < health.getWidth(); x++) {
      for (int y = 0; y < health.getHeight(); y++) {
        red += (health.getRGB(x, y) & 0xffffff) == 0xd1242f ? 1 : 0;
      }
    }
    assertThat(red).as("the alerted days are drawn in the alert colour").isGreaterThan(50);
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.copy(out.resolve("w4-charts/health-lab22-orders.png"), Path.of("target", "screenshots", "recap-health.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    exporter.export(dev.lakehouse.workbench.recap.RecapScope.week(1), dev.lakehouse.workbench.recap.RecapFormat.MD,
        out.resolve("w1.md"), false, dev.lakehouse.workbench.recap.ExportListener.silent());
    assertThat(Files.readString(out.resolve("w1.md"))).doesNotContain("health-");

    for (Path png : dev.lakehouse.workbench.ui.Screenshots.lightAndDark(view[0].getScene(), "observability")) {
      assertThat(png).isNotEmptyFile();
    }
  }
}
