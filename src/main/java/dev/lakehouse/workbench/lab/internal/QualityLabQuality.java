package dev.lakehouse.workbench.lab.internal;

import dev.lakehouse.workbench.lab.LabQuality;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.DriftAnalyzer;
import dev.lakehouse.workbench.quality.DriftReport;
import dev.lakehouse.workbench.quality.DriftSpec;
import dev.lakehouse.workbench.quality.ExpectationResult;
import dev.lakehouse.workbench.quality.ExpectationSuite;
import dev.lakehouse.workbench.quality.ValidationResult;
import dev.lakehouse.workbench.quality.Validator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The lab's quality port over the {@code quality} part: a learner's suite and drift settings, run for a check. */
public final class QualityLabQuality implements LabQuality {

  private final Lake lake;

  public QualityLabQuality(Lake lake) {
    this.lake = lake;
  }

  @Override
  public SuiteRun validate(Path suite, String table) {
    ValidationResult v = new Validator(lake).validate(ExpectationSuite.read(suite), TableId.parse(table), TimeTravel.LATEST);
    List<String> failed = v.results().stream().filter(r -> !r.success()).map(QualityLabQuality::describe).toList();
    return new SuiteRun(table, v.success(), v.results().size(), failed);
  }

  private static String describe(ExpectationResult r) {
    String col = r.expectation().column() == null ? "" : "(" + r.expectation().column() + ")";
    String found = r.unexpectedCount() != null ? r.unexpectedCount() + " unexpected"
        : "observed " + r.observedValue();
    return r.expectation().type() + col + ": " + found;
  }

  @Override
  public ContractRun contract(Path file, String table) {
    dev.lakehouse.workbench.quality.DataContract c = dev.lakehouse.workbench.quality.DataContract.read(file);
    dev.lakehouse.workbench.quality.DataContract onTable = new dev.lakehouse.workbench.quality.DataContract(c.apiVersion(),
        c.id(), c.name(), c.version(), c.status(), c.objects().stream().map(o -> new dev.lakehouse.workbench.quality.DataContract.SchemaObject(
            o.name(), table, o.properties(), o.quality(), o.field())).toList(), c.source());
    List<dev.lakehouse.workbench.quality.ContractChecker.Finding> f = new dev.lakehouse.workbench.quality.ContractChecker(lake).check(onTable);
    return new ContractRun(table, f.stream().allMatch(dev.lakehouse.workbench.quality.ContractChecker.Finding::passed), f.size(),
        f.stream().filter(x -> !x.passed()).map(x -> x.field() + ": " + x.clause() + " (found " + x.found() + ")").toList());
  }

  @Override
  public DetectorRun detect(Path settings) {
    List<dev.lakehouse.workbench.quality.AnomalyDetector.Alert> alerts =
        new dev.lakehouse.workbench.quality.AnomalyDetector(lake).detect(dev.lakehouse.workbench.quality.DetectorSpec.read(settings));
    return new DetectorRun(alerts.stream().map(dev.lakehouse.workbench.quality.AnomalyDetector.Alert::day).distinct().toList(),
        alerts.stream().map(dev.lakehouse.workbench.quality.AnomalyDetector.Alert::line).toList());
  }

  @Override
  public DetectorRun monitor(Path settings) {
    List<dev.lakehouse.workbench.quality.Monitors.Alert> alerts = new dev.lakehouse.workbench.quality.Monitors(lake)
        .run(dev.lakehouse.workbench.quality.MonitorSpec.read(settings)).stream().flatMap(r -> r.alerts().stream()).toList();
    return new DetectorRun(alerts.stream().map(dev.lakehouse.workbench.quality.Monitors.Alert::day).distinct().toList(),
        alerts.stream().map(dev.lakehouse.workbench.quality.Monitors.Alert::line).toList());
  }

  @Override
  public DriftRun drift(Path settings, String table, long currentVersion) {
    DriftSpec read = DriftSpec.read(settings);
    DriftSpec spec = new DriftSpec(TableId.parse(table), read.batchColumn(), read.referenceVersion(), read.referenceFrom(),
        read.referenceTo(), read.columns(), read.thresholds(), read.source());
    DriftReport r = new DriftAnalyzer(lake).analyze(spec, TimeTravel.version(currentVersion));
    List<String> drifted = r.columns().stream().filter(DriftReport.ColumnDrift::drifted).map(DriftReport.ColumnDrift::column).toList();
    List<String> details = r.columns().stream().map(c -> String.format(Locale.ROOT, "%s PSI %.3f p %.2g%s", c.column(),
        c.psi(), c.pValue(), c.reasons().isEmpty() ? "" : " (" + String.join(", ", c.reasons()) + ")")).toList();
    return new DriftRun(table, r.version(), r.drifted(), drifted, details);
  }

  @Override
  public FileReading readFile(String checkType, String text, String source) {
    dev.lakehouse.workbench.quality.QualityFiles.Kind kind = dev.lakehouse.workbench.quality.QualityFiles.kindOf(checkType);
    if (kind == null) {
      return null;
    }
    dev.lakehouse.workbench.quality.QualityFiles.Reading r = dev.lakehouse.workbench.quality.QualityFiles.read(kind, text, source);
    return new FileReading(r.ok(), r.line());
  }
}
