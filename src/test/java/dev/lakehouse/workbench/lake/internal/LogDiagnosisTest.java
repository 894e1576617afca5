package dev.lakehouse.workbench.lake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diagnosis of a failed table operation never hides the failure it was asked about. */
class LogDiagnosisTest {

  @TempDir Path dir;

  @Test
  void aTableWithNoLogFolderIsUnreadableAndTheFailureThatLedThereStaysForVerbose() throws Exception {
    Path table = Files.createDirectories(dir.resolve("s").resolve("t"));
    IllegalStateException original = new IllegalStateException("the commit failed for a reason of its own");

    WorkbenchException diagnosed = new LogDiagnosis(new ObjectMapper()).diagnose(TableId.of("s", "t"), table, original);

    assertThat(diagnosed.getMessage()).startsWith("table s.t cannot be read: nothing is at " + table.resolve("_delta_log"))
        .doesNotContain("Exception");
    assertThat(diagnosed.getSuppressed()).containsExactly(original);
  }
}
