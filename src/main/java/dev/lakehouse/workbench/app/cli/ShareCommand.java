package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.governance.Governance;
import dev.lakehouse.workbench.governance.GovernanceErrors;
import dev.lakehouse.workbench.governance.Sharing;
import dev.lakehouse.workbench.governance.SharingClient;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lakehouse.workbench.lake.Lake;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code share serve | read | token-lifetime | rotate-token}: the Delta Sharing server on 127.0.0.1
 * until the process is stopped, a recipient's read landed as a lake table, and the provider's token
 * settings (which Databricks keeps outside SQL: a metastore setting and the recipients API).
 */
@Command(name = "share", mixinStandardHelpOptions = true,
    subcommands = {ShareCommand.Serve.class, ShareCommand.Read.class, ShareCommand.TokenLifetime.class, ShareCommand.RotateToken.class},
    description = "Delta Sharing: serve the shares made with CREATE SHARE, read a shared table, manage recipients' tokens.")
final class ShareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return WorkbenchCli.BAD_INPUT;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve the open Delta Sharing protocol on 127.0.0.1 (only) until stopped with Ctrl-C.")
  static final class Serve implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the port (default: the one recipients' profiles name, 8770)")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
      WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
      PrintWriter out = spec.commandLine().getOut();
      try (Lake lake = Lake.open(root.dataDir())) {
        Governance g = Governance.open(root.dataDir(), lake, root.principal());
        try (Sharing server = Sharing.serve(g, lake, port == null ? g.sharingPort() : port)) {
          out.println("serving Delta Sharing at " + server.endpoint() + " (profiles in " + g.profiles() + "); Ctrl-C stops");
          out.flush();
          Thread.currentThread().join();
        }
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true,
      description = "Read a shared table through the Delta Sharing protocol (the server must be running: share serve)"
          + " and land it as a lake table.")
  static final class Read implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROFILE#SHARE.SCHEMA.TABLE",
        description = "the recipient's profile file, '#', and the shared table, e.g. governance/recipients/acme.share#partners.sales.revenue")
    private String target;

    @Option(names = "--into", paramLabel = "SCHEMA.TABLE", description = "the lake table to write (default: SHARE_SCHEMA.TABLE)")
    private String into;

    @Option(names = "--replace", description = "replace --into even if it is a table of your own rather than an earlier read")
    private boolean replace;

    @Override
    public Integer call() {
      WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
      PrintWriter out = spec.commandLine().getOut();
      int hash = target.lastIndexOf('#');
      String[] name = hash < 0 ? new String[0] : target.substring(hash + 1).split("\\.", -1);
      if (hash <= 0 || name.length != 3 || java.util.Arrays.stream(name).anyMatch(String::isBlank)) {
        throw GovernanceErrors.bad("Cannot read " + target, "a shared table is named PROFILE#SHARE.SCHEMA.TABLE",
            "e.g. share read governance/recipients/acme.share#partners.sales.revenue");
      }
      Path profileFile = Path.of(target.substring(0, hash));
      if (!profileFile.isAbsolute() && !Files.exists(profileFile)) {
        profileFile = root.dataDir().resolve(profileFile); // a path inside the data folder, as CREATE RECIPIENT prints it
      }
      if (!Files.isRegularFile(profileFile)) {
        throw GovernanceErrors.bad("There is no profile file " + profileFile, "the part before '#' names the recipient's .share file",
            "CREATE RECIPIENT writes it under governance/recipients/ in the data folder");
      }
      SharingClient.Profile profile = SharingClient.Profile.load(profileFile);
      TableId id = TableId.parse(into != null ? into : (name[0] + "_" + name[1] + "." + name[2]).toLowerCase(java.util.Locale.ROOT));
      try (Lake lake = Lake.open(root.dataDir())) {
        if (lake.exists(id) && !replace) {
          String comment = lake.describe(id).description();
          if (comment == null || !comment.startsWith(SharingClient.LANDED_COMMENT)) {
            throw GovernanceErrors.bad("Table " + id + " exists and was not made by share read", "landing would replace its rows",
                "choose another table with --into, or add --replace");
          }
        }
        SharingClient.Landed landed = SharingClient.land(profile, name[0], name[1], name[2], lake, id,
            lake.root().resolve(".sharing-downloads").resolve(java.util.UUID.randomUUID().toString()));
        if (landed.status() != 200) {
          out.println("not read: " + (landed.status() == 0 ? "" : "the server answered " + landed.status() + " ") + landed.error());
          out.flush();
          return WorkbenchCli.BAD_INPUT;
        }
        out.println("read " + name[0] + "." + name[1] + "." + name[2] + " through " + profile.endpoint() + ": " + landed.rows()
            + " rows landed in " + id + " (version " + lake.latestVersion(id) + ")");
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "token-lifetime", mixinStandardHelpOptions = true,
      description = "How long recipients' new bearer tokens stay valid (the folder's setting, as a Databricks metastore's).")
  static final class TokenLifetime implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SECONDS|none", description = "seconds a new token lives, or none: tokens never expire")
    private String lifetime;

    @Override
    public Integer call() {
      Long seconds = null;
      if (!lifetime.equalsIgnoreCase("none")) {
        try {
          seconds = Long.parseLong(lifetime);
        } catch (NumberFormatException e) {
          throw GovernanceErrors.bad("A token lifetime of " + lifetime + " is not a number of seconds", null,
              "give seconds (86400 is a day) or none");
        }
      }
      Long chosen = seconds;
      return admin(spec, g -> g.setRecipientTokenLifetime(chosen));
    }
  }

  @Command(name = "rotate-token", mixinStandardHelpOptions = true,
      description = "Give a recipient a new bearer token (a new profile file); the old one stops working at once unless told otherwise.")
  static final class RotateToken implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECIPIENT")
    private String recipient;

    @Option(names = "--existing-token-expire-in-seconds", paramLabel = "N", defaultValue = "0",
        description = "how long the old token keeps working (default 0: not at all)")
    private long existing;

    @Override
    public Integer call() {
      return admin(spec, g -> g.rotateRecipientToken(recipient, existing));
    }
  }

  private static int admin(CommandSpec spec, java.util.function.Function<Governance, String> action) {
    WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
    try (Lake lake = Lake.open(root.dataDir())) {
      spec.commandLine().getOut().println(action.apply(Governance.open(root.dataDir(), lake, root.principal())));
    }
    return WorkbenchCli.OK;
  }
}
