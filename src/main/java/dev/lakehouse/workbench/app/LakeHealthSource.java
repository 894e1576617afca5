package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.lab.LabCatalog;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.quality.Observability;
import dev.lakehouse.workbench.quality.TableHealth;
import dev.lakehouse.workbench.recap.HealthSource;
import dev.lakehouse.workbench.recap.TableWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tables a recap shows the health of: those the learner's day-22 monitors file names, else the
 * day-22 lab's tables, when the recap reaches day 22 and they are in the lake. Their health is what
 * the observability view draws ({@link TableHealth}). A recap of a data folder without a lake opens
 * none; a table whose monitors cannot run is left out, never failing the export.
 */
final class LakeHealthSource implements HealthSource {

  /** The plan day the watching starts on. */
  static final int WATCH_DAY = 22;

  private final Path dataDir;
  private final Supplier<Lake> lake;
  private final Supplier<LabCatalog> catalog;

  LakeHealthSource(Path dataDir, Supplier<Lake> lake, Supplier<LabCatalog> catalog) {
    this.dataDir = dataDir;
    this.lake = lake;
    this.catalog = catalog;
  }

  @Override
  public List<TableWatch> tables(int first, int last) {
    if (first > WATCH_DAY || last < WATCH_DAY || !Files.isDirectory(dataDir.resolve("lake"))) {
      return List.of();
    }
    Set<TableId> tables = new LinkedHashSet<>(TableHealth.learnerTables(dataDir));
    if (tables.isEmpty()) {
      catalog.get().forDay(WATCH_DAY).ifPresent(l -> l.tables().forEach(t -> tables.add(TableId.parse(t))));
    }
    Lake l = lake.get();
    List<TableWatch> out = new ArrayList<>();
    for (TableId id : tables) {
      if (!l.exists(id) || TableHealth.dateColumn(l, id) == null) {
        continue;
      }
      try {
        out.add(watch(TableHealth.watch(l, dataDir, id, f -> { }, () -> false)));
      } catch (RuntimeException e) {
        // monitors that cannot run on this table (a file being edited, a table without batches): left out
      }
    }
    return out;
  }

  static TableWatch watch(TableHealth h) {
    List<TableWatch.Day> days = h.days().stream().map(d -> new TableWatch.Day(d.day(), d.rows(), d.low(), d.high(),
        d.lagHours(), !d.volumeAlerts().isEmpty(), !d.freshnessAlerts().isEmpty())).toList();
    List<TableWatch.Pass> pass = new ArrayList<>();
    for (Observability.QualityRun q : h.quality()) {
      pass.add(new TableWatch.Pass("v" + q.tableVersion() + " " + q.time().toString().substring(5, 16), 100 * q.passRate()));
    }
    return new TableWatch(h.table(), h.learners() ? "your day-22 monitors" : "the default monitors", days, pass,
        h.alerts().size());
  }
}
