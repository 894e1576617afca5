package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.lab.ShopFeed;
import dev.lakehouse.workbench.lab.shop.ShopCalendar;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shop advance|incidents}: age the shop's lake day by day, and read the incident calendar. */
@Command(name = "shop", mixinStandardHelpOptions = true, description = "The shop's feed: advance it by days, list the planted incidents.",
    subcommands = {ShopCommand.Advance.class, ShopCommand.Incidents.class})
final class ShopCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return WorkbenchCli.BAD_INPUT;
  }

  static ShopFeed feed(CommandSpec spec) {
    return new ShopFeed(WorkbenchCli.context(spec).labs().lake());
  }

  @Command(name = "advance", mixinStandardHelpOptions = true,
      description = "Land the next days' batches into shop.orders, one append per batch.")
  static final class Advance implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--days", paramLabel = "N", defaultValue = "1", description = "how many days (default 1)")
    private int days;

    @Option(names = "--json", description = "Print [{feedDay, date, batchDay, rows, version, note}].")
    private boolean json;

    @Option(names = "--into", paramLabel = "TABLE", description = "land into this copy of shop.orders instead (e.g. a lab's table)")
    private String into;

    @Override
    public Integer call() throws Exception {
      ShopFeed feed = into == null ? feed(spec) : new ShopFeed(WorkbenchCli.context(spec).labs().lake(), into);
      List<ShopFeed.Landed> landed = feed.advance(days);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode a = mapper.createArrayNode();
        for (ShopFeed.Landed l : landed) {
          ObjectNode o = a.addObject();
          o.put("feedDay", l.feedDay());
          o.put("date", l.date().toString());
          o.put("batchDay", l.batchDay());
          o.put("rows", l.rows());
          if (l.version() == null) {
            o.putNull("version");
          } else {
            o.put("version", l.version());
          }
          o.put("note", l.note());
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        for (ShopFeed.Landed l : landed) {
          out.println(l.date() + "  " + (l.version() == null ? "no batch" : String.format("%4d rows -> %s version %d",
              l.rows(), feed.target(), l.version())) + (l.note().isEmpty() ? "" : "  (" + l.note() + ")"));
        }
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "incidents", mixinStandardHelpOptions = true,
      description = "The incident calendar: which day carries which planted incident.")
  static final class Incidents implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--json", description = "Print [{day, date, incident, column, description}].")
    private boolean json;

    @Override
    public Integer call() throws Exception {
      List<ShopCalendar.Entry> entries = feed(spec).calendar().incidents();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode a = mapper.createArrayNode();
        for (ShopCalendar.Entry e : entries) {
          ObjectNode o = a.addObject();
          o.put("day", e.day());
          o.put("date", e.date().toString());
          o.put("incident", e.incident().name());
          o.put("column", e.incident().column());
          o.put("description", e.incident().description());
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        entries.forEach(e -> out.printf("day %2d  %s  %-17s %s%n", e.day(), e.date(), e.incident().name(),
            e.incident().description()));
      }
      return WorkbenchCli.OK;
    }
  }
}
