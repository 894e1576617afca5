package dev.lakehouse.workbench.pipeline.ci;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The workbench's own command dispatcher, as a CI step calls it: {@code workbench dbt build ...} runs
 * the words after {@code workbench} in this process, in {@code workDir} (the clean checkout). The app
 * implements it over its command line; the runner only knows it returns an exit code (0 = success).
 */
@FunctionalInterface
public interface WorkbenchCommands {

  int run(List<String> args, Path workDir, PrintWriter out);
}
