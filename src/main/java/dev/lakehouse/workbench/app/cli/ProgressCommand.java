package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.progress.DayProgress;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code progress [--json]}: every day with its title and state. */
@Command(name = "progress", mixinStandardHelpOptions = true, description = "Every day of the plan with its title and state.")
final class ProgressCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array of {day, week, title, state, startedAt, doneAt}.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    AppContext ctx = WorkbenchCli.context(spec);
    Map<Integer, DayProgress> states = ctx.progress().days();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (CurriculumDay d : ctx.curriculum().days()) {
        DayProgress p = states.getOrDefault(d.day(), DayProgress.notStarted(d.day()));
        ObjectNode o = array.addObject();
        o.put("day", d.day());
        o.put("week", d.week());
        o.put("title", d.title());
        o.put("state", p.state().label());
        if (d.problem() != null) {
          o.put("problem", d.problem().describe());
        }
        o.put("startedAt", p.startedAt() == null ? null : p.startedAt().toString());
        o.put("doneAt", p.doneAt() == null ? null : p.doneAt().toString());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else {
      int done = 0;
      for (CurriculumDay d : ctx.curriculum().days()) {
        DayProgress p = states.getOrDefault(d.day(), DayProgress.notStarted(d.day()));
        done += p.state() == dev.lakehouse.workbench.progress.DayState.DONE ? 1 : 0;
        out.printf("%3d  %-12s %s%n", d.day(), p.state().label(),
            d.problem() == null ? d.title() : d.title() + " (" + d.problem().describe() + ")");
      }
      out.printf("%d of %d days done%n", done, CurriculumDay.DAYS);
    }
    return WorkbenchCli.OK;
  }
}
