package dev.lakehouse.workbench.governance;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.governance.internal.Policy;
import dev.lakehouse.workbench.governance.internal.LineageEvents;
import dev.lakehouse.workbench.governance.internal.Records;
import dev.lakehouse.workbench.governance.internal.Words;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.ColumnLineage;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementHook;
import dev.lakehouse.workbench.sql.StatementResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unity Catalog-style governance on the local lake (decision 0029): principals and a current
 * principal, GRANT/REVOKE/SHOW GRANTS/ALTER ... OWNER TO, privileges inherited catalog → schema →
 * table and enforced on every statement, row filters and column masks on every read, and every
 * statement appended to {@code system.access.audit} and its lineage to
 * {@code system.access.table_lineage}. It is off until the data folder has a policy (the first
 * GRANT, CREATE GROUP or {@code --as} writes one), so a folder that never used it behaves as before.
 * A {@link SqlSession} reaches it through the {@link StatementHook} the app wires.
 */
public final class Governance implements StatementHook {

  private final Path policyFile;
  private final Records records;
  private final LineageEvents events;
  private final Lake lake;
  private final Clock clock;
  private Policy policy;
  private long policyStamp = -1;
  private long policySize = -1;
  private final String login;
  private volatile String current;
  private volatile java.util.function.Consumer<String> onPrincipalChange = who -> { };
  private final ThreadLocal<Context> context = ThreadLocal.withInitial(Context::new);

  /** What one statement touched, for the audit and the lineage. */
  private static final class Context {
    String action = "commandSubmit";
    String securable;
    TableId target;
    boolean createsTarget;
    final List<Records.Edge> reads = new ArrayList<>();
    final Map<TableId, Long> versions = new LinkedHashMap<>();
    final UUID runId = UUID.randomUUID(); // the audit's event_id, the lineage's entity_run_id and the OpenLineage runId
    boolean started; // a START run event was emitted
    boolean enforce = true; // false without a policy: nothing is checked, the lineage of writes is still recorded
  }

  private Governance(Path dataDir, Lake lake, String principal, Clock clock) {
    this.policyFile = dataDir.resolve("governance").resolve("policy.json");
    this.lake = lake;
    this.records = new Records(lake);
    this.events = new LineageEvents(dataDir);
    this.clock = clock;
    this.login = principal == null || principal.isBlank() ? Policy.LEARNER : principal.trim();
    this.current = login;
    if (!login.equals(Policy.LEARNER)) {
      Policy p = policy();
      p.users.add(login);
      save(p);
    }
  }

  /** Governance of the data folder, acting as {@code principal} (null: the folder's admin, {@code learner}). */
  public static Governance open(Path dataDir, Lake lake, String principal) {
    return new Governance(dataDir, lake, principal, Clock.systemUTC());
  }

  /** Whether the folder has a policy (governance is on). */
  public boolean enabled() {
    return Files.exists(policyFile);
  }

  /** The principal statements run as. */
  public String principal() {
    return current;
  }

  /** Told who statements run as whenever that changes ({@code SET ROLE} typed in SQL, or {@link #actAs}). */
  public void onPrincipalChange(java.util.function.Consumer<String> listener) {
    this.onPrincipalChange = listener == null ? who -> { } : listener;
  }

  private void switchTo(String who) {
    String before = current;
    current = who;
    if (!who.equals(before)) {
      try {
        onPrincipalChange.accept(who);
      } catch (RuntimeException e) {
        // a listener's trouble never fails the statement
      }
    }
  }

  /**
   * The users of a data folder (the learner first, then the users the policy names directly or as
   * group members), for a switch of who statements run as. Reads the policy file only.
   */
  public static List<String> principals(Path dataDir) {
    Policy p = Policy.load(dataDir.resolve("governance").resolve("policy.json"));
    java.util.Set<String> out = new java.util.TreeSet<>(p.users);
    p.groups.values().forEach(members -> members.stream().filter(m -> !p.groups.containsKey(m)).forEach(out::add));
    out.remove(Policy.LEARNER);
    List<String> list = new ArrayList<>();
    list.add(Policy.LEARNER);
    list.addAll(out);
    return list;
  }

  /**
   * Runs the following statements as {@code who} (the learner, or the login: as oneself again), as
   * {@code SET ROLE} does and with its rule: only an admin may. A user the policy does not know yet is
   * added, which turns governance on as {@code --as} does.
   */
  public void actAs(String who) {
    String name = who == null || who.isBlank() ? login : who.trim();
    if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
      throw GovernanceErrors.bad("'" + name + "' is not a principal name", "names are letters, digits, _ . @ or -",
          "pick a user from the list or create one with CREATE GROUP ... WITH USER");
    }
    Policy p = policy();
    if (!p.isAdmin(login)) {
      throw GovernanceErrors.denied(login, "admin rights", "the workbench (acting as another principal)");
    }
    if (!name.equals(login) && !p.known(name)) {
      p.users.add(name);
      save(p);
    }
    switchTo(name);
  }

  /** The policy, parsed again only when the file changed (its modification time or size: one stat per call). */
  private synchronized Policy policy() {
    long stamp;
    long size;
    try {
      java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(policyFile,
          java.nio.file.attribute.BasicFileAttributes.class);
      stamp = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      size = a.size();
    } catch (java.nio.file.NoSuchFileException e) {
      stamp = 0;
      size = -1;
    } catch (java.io.IOException e) {
      stamp = -2;
      size = -2;
    }
    if (policy == null || stamp != policyStamp || size != policySize) {
      policy = Policy.load(policyFile);
      policyStamp = stamp;
      policySize = size;
    }
    return policy;
  }

  private synchronized void save(Policy p) {
    p.save(policyFile);
    policy = null;
  }

  // ------------------------------------------------------------------ statements governance owns

  @Override
  public StatementResult own(SqlSession session, String statement) {
    Context c = new Context();
    context.set(c);
    Words w = new Words(statement);
    StatementResult sharing = sharing(statement, w, c);
    if (sharing != null) {
      return sharing;
    }
    w.pos(0);
    if (w.accept("GRANT")) {
      c.action = "updatePermissions";
      return grantOrRevoke(statement, w, true);
    }
    if (w.accept("REVOKE")) {
      c.action = "updatePermissions";
      return grantOrRevoke(statement, w, false);
    }
    if (w.accept("SHOW", "GRANTS")) {
      c.action = "getPermissions";
      return showGrants(session, statement, w);
    }
    if (w.accept("SHOW", "GROUPS") || w.accept("SHOW", "USERS")) {
      boolean groups = statement.toUpperCase(Locale.ROOT).contains("GROUPS");
      w.end();
      Policy p = policy();
      List<List<Object>> rows = new ArrayList<>();
      if (groups) {
        p.groups.forEach((g, m) -> rows.add(List.of(g, String.join(", ", m))));
      } else {
        p.users.forEach(u -> rows.add(List.of(u, p.isAdmin(u))));
      }
      return new StatementResult(statement, groups ? List.of("name", "members") : List.of("name", "admin"), rows,
          rows.size() + " rows", Map.of());
    }
    if (w.at("CREATE", "GROUP") || w.at("ALTER", "GROUP") || w.at("DROP", "GROUP")) {
      c.action = "updateGroups";
      return group(statement, w);
    }
    if (w.accept("SET", "ROLE")) {
      c.action = "setRole";
      String who = w.name();
      w.end();
      if (!policy().isAdmin(login)) {
        throw GovernanceErrors.denied(login, "admin rights", "the workbench (SET ROLE acts as another principal)");
      }
      switchTo(who.equalsIgnoreCase("NONE") ? login : who);
      return new StatementResult(statement, List.of(), List.of(), "acting as " + current, Map.of());
    }
    if (w.at("ALTER")) {
      int at = w.pos();
      w.skip();
      String kind = w.accept("TABLE") ? "TABLE" : w.accept("SCHEMA") || w.accept("DATABASE") ? "SCHEMA"
          : w.accept("CATALOG") ? "CATALOG" : null;
      if (kind != null) {
        List<String> name = w.dotted();
        String key = key(kind, name, session);
        if (w.accept("OWNER", "TO") || w.accept("SET", "OWNER", "TO")) {
          c.action = "updateOwner";
          c.securable = policy().display(key);
          return owner(statement, w, key);
        }
        if (kind.equals("TABLE")) {
          return tablePolicy(statement, w, key, c);
        }
      }
      w.pos(at);
    }
    if (w.accept("CREATE", "FUNCTION") || w.accept("CREATE", "OR", "REPLACE", "FUNCTION")) {
      c.action = "createFunction";
      return function(statement, w);
    }
    return null;
  }

  private StatementResult grantOrRevoke(String statement, Words w, boolean grant) {
    List<String> privileges = new ArrayList<>();
    do {
      StringBuilder sb = new StringBuilder();
      while (!w.atEnd() && !w.at("ON") && !w.peek().text().equals(",")) {
        sb.append(sb.length() == 0 ? "" : " ").append(w.peek().text());
        w.skip();
      }
      privileges.add(Policy.normalizePrivilege(sb.toString()));
    } while (w.acceptSym(","));
    w.expect("ON");
    int at = w.pos();
    String key = securable(w);
    String catalogName = key.equals("CATALOG") ? new Words(w.text(at, w.pos())).rest().replaceFirst("(?i)^CATALOG\\s+", "")
        .replace("`", "") : null;
    w.expect(grant ? "TO" : "FROM");
    List<String> principals = new ArrayList<>();
    do {
      principals.add(w.name());
    } while (w.acceptSym(","));
    w.end();
    if (grant && key.startsWith("TABLE ") && !lake.exists(TableId.parse(key.substring("TABLE ".length())))) {
      // as Unity Catalog: a grant names an object that exists (TABLE_OR_VIEW_NOT_FOUND)
      throw GovernanceErrors.bad("Table " + key.substring("TABLE ".length()) + " does not exist", "a grant is on a table that exists",
          "check the name with SHOW TABLES, or create the table first");
    }
    Policy p = policy();
    context.get().securable = p.display(key);
    if (!p.isAdmin(current) && !p.owns(current, key)) {
      throw GovernanceErrors.notOwner(current, grant ? "GRANT" : "REVOKE", p.display(key), p.owner(key));
    }
    if (key.equals("CATALOG") && p.grants.stream().noneMatch(g -> g.securable().equals("CATALOG"))) {
      p.catalog = catalogName; // the lake's one catalog takes the name the plan first gives it
    }
    int changed = 0;
    for (String who : principals) {
      if (!p.known(who)) {
        p.users.add(who);
      }
      for (String priv : privileges) {
        changed += (grant ? p.grant(who, priv, key) : p.revoke(who, priv, key)) ? 1 : 0;
      }
    }
    save(p);
    return new StatementResult(statement, List.of(), List.of(), (grant ? "granted " : "revoked ")
        + String.join(", ", privileges) + " on " + p.display(key) + (grant ? " to " : " from ")
        + String.join(", ", principals) + (changed == 0 ? " (no change)" : ""), Map.of("changed", (long) changed));
  }

  private StatementResult showGrants(SqlSession session, String statement, Words w) {
    String who = null;
    if (!w.at("ON")) {
      who = w.name();
    }
    String key = null;
    if (w.accept("ON")) {
      key = securable(w, session);
    }
    w.end();
    Policy p = policy();
    context.get().securable = key == null ? null : p.display(key);
    List<List<Object>> rows = new ArrayList<>();
    List<String> keys = key == null ? null : Policy.chain(key);
    for (Policy.Grant g : p.grants) {
      if ((who == null || p.identities(who).contains(g.principal())) && (keys == null || keys.contains(g.securable()))) {
        String[] d = p.display(g.securable()).split(" ", 2);
        rows.add(List.of(g.principal(), g.privilege(), d[0], d[1]));
      }
    }
    if (key != null) {
      String[] d = p.display(key).split(" ", 2);
      rows.add(List.of(p.owner(key), "OWN", d[0], d[1]));
    }
    return new StatementResult(statement, List.of("Principal", "ActionType", "ObjectType", "ObjectKey"), rows,
        rows.size() + (rows.size() == 1 ? " grant" : " grants"), Map.of());
  }

  private StatementResult owner(String statement, Words w, String key) {
    String who = w.name();
    w.end();
    Policy p = policy();
    if (!p.isAdmin(current) && !p.owns(current, key)) {
      throw GovernanceErrors.notOwner(current, "ALTER ... OWNER TO", p.display(key), p.owner(key));
    }
    if (!p.known(who)) {
      p.users.add(who);
    }
    p.owners.put(key, who);
    save(p);
    return new StatementResult(statement, List.of(), List.of(), p.display(key) + " is owned by " + who, Map.of());
  }

  private StatementResult tablePolicy(String statement, Words w, String key, Context c) {
    Policy p = policy();
    String table = key.substring("TABLE ".length());
    c.securable = p.display(key);
    if (w.accept("SET", "ROW", "FILTER")) {
      c.action = "setRowFilter";
      List<String> fnName = w.dotted();
      String fn = fnName.get(fnName.size() - 1).toLowerCase(Locale.ROOT);
      w.expect("ON");
      w.expectSym("(");
      List<String> cols = new ArrayList<>();
      do {
        cols.add(w.name());
      } while (w.acceptSym(","));
      w.expectSym(")");
      w.end();
      requireOwner(p, key, "SET ROW FILTER");
      function(p, fn);
      p.rowFilters.put(table, new Policy.RowFilter(fn, cols));
      save(p);
      return new StatementResult(statement, List.of(), List.of(), "row filter " + fn + " set on " + p.display(key), Map.of());
    }
    if (w.accept("DROP", "ROW", "FILTER")) {
      c.action = "dropRowFilter";
      w.end();
      requireOwner(p, key, "DROP ROW FILTER");
      p.rowFilters.remove(table);
      save(p);
      return new StatementResult(statement, List.of(), List.of(), "row filter dropped from " + p.display(key), Map.of());
    }
    int at = w.pos();
    if (w.accept("ALTER", "COLUMN") || w.accept("ALTER") || w.accept("CHANGE", "COLUMN") || w.accept("CHANGE")) {
      String col = w.name();
      if (w.accept("SET", "MASK")) {
        c.action = "setColumnMask";
        List<String> fnName = w.dotted();
        String fn = fnName.get(fnName.size() - 1).toLowerCase(Locale.ROOT);
        w.end();
        requireOwner(p, key, "SET MASK");
        function(p, fn);
        p.masks.computeIfAbsent(table, k -> new java.util.TreeMap<>()).put(col, fn);
        save(p);
        return new StatementResult(statement, List.of(), List.of(), "mask " + fn + " set on " + p.display(key) + "." + col,
            Map.of());
      }
      if (w.accept("DROP", "MASK")) {
        c.action = "dropColumnMask";
        w.end();
        requireOwner(p, key, "DROP MASK");
        Map<String, String> m = p.masks.get(table);
        if (m != null) {
          m.remove(col);
        }
        save(p);
        return new StatementResult(statement, List.of(), List.of(), "mask dropped from " + p.display(key) + "." + col, Map.of());
      }
    }
    w.pos(at);
    return null;
  }

  private void requireOwner(Policy p, String key, String action) {
    if (context.get().enforce && !p.isAdmin(current) && !p.owns(current, key)) {
      throw GovernanceErrors.notOwner(current, action, p.display(key), p.owner(key));
    }
  }

  private static Policy.Function function(Policy p, String name) {
    Policy.Function f = p.functions.get(name.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw GovernanceErrors.bad("Function " + name + " does not exist", "a row filter or mask names a SQL function",
          "create it first: CREATE FUNCTION " + name + "(x STRING) RETURNS STRING RETURN ...");
    }
    return f;
  }

  private StatementResult function(String statement, Words w) {
    List<String> name = w.dotted();
    String fn = name.get(name.size() - 1).toLowerCase(Locale.ROOT);
    w.expectSym("(");
    List<String> params = new ArrayList<>();
    if (!w.acceptSym(")")) {
      do {
        params.add(w.name());
        w.name(); // the type
        while (w.acceptSym("(") || w.peek().kind() == 'N' || w.peek().text().equals(",") && false) {
          if (w.peek().kind() == 'N') {
            w.skip();
          }
          w.acceptSym(",");
          if (w.peek().kind() == 'N') {
            w.skip();
          }
          w.acceptSym(")");
        }
      } while (w.acceptSym(","));
      w.expectSym(")");
    }
    String returns = null;
    if (w.accept("RETURNS")) {
      returns = w.name();
    }
    while (!w.atEnd() && !w.at("RETURN")) {
      w.skip(); // COMMENT '...', DETERMINISTIC, ...
    }
    w.expect("RETURN");
    String body = w.rest();
    if (body.isEmpty()) {
      throw w.error("expected the function's expression after RETURN");
    }
    Policy p = policy();
    p.functions.put(fn, new Policy.Function(fn, params, returns, body));
    save(p);
    return new StatementResult(statement, List.of(), List.of(), "function " + fn + " created", Map.of());
  }

  private StatementResult group(String statement, Words w) {
    Policy p = policy();
    if (!p.isAdmin(current)) {
      throw GovernanceErrors.denied(current, "admin rights", "the workbench's groups");
    }
    if (w.accept("CREATE", "GROUP")) {
      String g = w.name();
      List<String> members = new ArrayList<>();
      if (w.accept("WITH")) {
        while (w.accept("USER") || w.accept("GROUP")) {
          do {
            members.add(w.name());
          } while (w.acceptSym(","));
        }
      }
      w.end();
      p.groups.put(g, members);
      members.stream().filter(m -> !p.groups.containsKey(m)).forEach(p.users::add);
      save(p);
      return new StatementResult(statement, List.of(), List.of(), "group " + g + " created with " + members.size()
          + " members", Map.of());
    }
    if (w.accept("DROP", "GROUP")) {
      String g = w.name();
      w.end();
      p.groups.remove(g);
      save(p);
      return new StatementResult(statement, List.of(), List.of(), "group " + g + " dropped", Map.of());
    }
    w.expect("ALTER", "GROUP");
    String g = w.name();
    boolean add = w.accept("ADD");
    if (!add) {
      w.expect("DROP");
    }
    List<String> members = new ArrayList<>();
    while (w.accept("USER") || w.accept("GROUP")) {
      do {
        members.add(w.name());
      } while (w.acceptSym(","));
    }
    w.end();
    List<String> now = p.groups.computeIfAbsent(g, k -> new ArrayList<>());
    for (String m : members) {
      if (add && !now.contains(m)) {
        now.add(m);
        if (!p.groups.containsKey(m)) {
          p.users.add(m);
        }
      } else if (!add) {
        now.remove(m);
      }
    }
    save(p);
    return new StatementResult(statement, List.of(), List.of(), "group " + g + " has " + now.size() + " members", Map.of());
  }

  private String securable(Words w) {
    return securable(w, null);
  }

  private String securable(Words w, SqlSession session) {
    if (w.accept("CATALOG")) {
      w.dotted();
      return "CATALOG";
    }
    if (w.accept("SCHEMA") || w.accept("DATABASE")) {
      return key("SCHEMA", w.dotted(), session);
    }
    w.accept("TABLE");
    return key("TABLE", w.dotted(), session);
  }

  /** The securable key of a catalog, schema or table name (a catalog part is dropped: the lake is one catalog). */
  private static String key(String kind, List<String> name, SqlSession session) {
    String schema = session == null ? TableId.DEFAULT_SCHEMA : session.currentSchema();
    switch (kind) {
      case "CATALOG":
        return "CATALOG";
      case "SCHEMA":
        return "SCHEMA " + name.get(name.size() - 1).toLowerCase(Locale.ROOT);
      default:
        String t = name.get(name.size() - 1);
        String s = name.size() >= 2 ? name.get(name.size() - 2) : schema;
        return "TABLE " + (s + "." + t).toLowerCase(Locale.ROOT);
    }
  }

  private static String key(TableId id) {
    return "TABLE " + (id.schema() + "." + id.name()).toLowerCase(Locale.ROOT);
  }

  private String fullName(TableId id) {
    Policy p = policy();
    return p.catalogOf(id.schema()) + "." + id.schema() + "." + id.name();
  }

  /** The policy as the sharing server reads it (re-read when the file changes). */
  Policy policyForSharing() {
    return policy();
  }

  /** Where recipients' profile files are written. */
  public Path profiles() {
    return policyFile.resolveSibling("recipients");
  }

  /** The port in recipients' profiles. */
  public int sharingPort() {
    return policy().sharingPort;
  }

  /** A new bearer token: its hash (kept in the policy), its expiry (null: never) and the profile file that holds it. */
  private record Issued(String sha256, String expiresAt, Path profile) {}

  /** Makes a bearer token for the recipient, valid for the folder's token lifetime, and writes its profile file. */
  private Issued issueToken(Policy p, String name) {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String expiresAt = p.recipientTokenLifetimeSeconds == null ? null
        : clock.instant().plusSeconds(p.recipientTokenLifetimeSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    Path profile = profiles().resolve(name + ".share");
    try {
      Files.createDirectories(profile.getParent());
      Files.writeString(profile, "{\"shareCredentialsVersion\":1,\"endpoint\":\"http://127.0.0.1:" + p.sharingPort
          + Sharing.PREFIX + "/\",\"bearerToken\":\"" + token + "\""
          + (expiresAt == null ? "" : ",\"expirationTime\":\"" + expiresAt + "\"") + "}\n");
    } catch (java.io.IOException e) {
      throw GovernanceErrors.failure("Cannot write the profile " + profile + ": " + e.getMessage(), e);
    }
    return new Issued(Sharing.sha256(token), expiresAt, profile);
  }

  /**
   * Sets how long recipients' new tokens stay valid (null: they never expire), as a metastore admin
   * sets Databricks' recipient token lifetime; tokens already issued keep their expiry. Audited as
   * {@code updateMetastore}.
   */
  public String setRecipientTokenLifetime(Long seconds) {
    if (seconds != null && seconds <= 0) {
      throw GovernanceErrors.bad("A token lifetime of " + seconds + " seconds is not allowed", "a token must live at least a second",
          "give a number of seconds above 0, or 'none' for tokens that do not expire");
    }
    return administer("updateMetastore", "METASTORE", "{\"delta_sharing_recipient_token_lifetime_in_seconds\":" + seconds + "}",
        "recipient token lifetime", () -> {
          Policy p = policy();
          p.recipientTokenLifetimeSeconds = seconds;
          save(p);
          return seconds == null ? "recipient tokens issued from now on do not expire"
              : "recipient tokens issued from now on expire " + seconds + " seconds after they are made";
        });
  }

  /**
   * Gives the recipient a new bearer token (a new profile file) valid for the folder's token lifetime;
   * the old token keeps working for {@code existingTokenExpireInSeconds} (0: it stops at once), as the
   * Databricks recipients API's rotate-token does. Audited as {@code rotateRecipientToken}.
   */
  public String rotateRecipientToken(String name, long existingTokenExpireInSeconds) {
    if (existingTokenExpireInSeconds < 0) {
      throw GovernanceErrors.bad("The old token cannot expire " + existingTokenExpireInSeconds + " seconds from now",
          "the time is counted from now", "give 0 to stop the old token at once, or a number of seconds it may still be used");
    }
    return administer("rotateRecipientToken", "RECIPIENT " + name,
        "{\"name\":" + jsonString(name) + ",\"existing_token_expire_in_seconds\":" + existingTokenExpireInSeconds + "}",
        "ROTATE TOKEN", () -> {
          Policy p = policy();
          Policy.Recipient r = p.recipients.get(name);
          if (r == null) {
            throw GovernanceErrors.bad("Recipient " + name + " does not exist", null, "see SHOW RECIPIENTS, or create it with CREATE RECIPIENT " + name);
          }
          Issued issued = issueToken(p, name);
          Instant now = clock.instant();
          Instant until = now.plusSeconds(existingTokenExpireInSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
          if (r.tokenExpiresAt() != null && Instant.parse(r.tokenExpiresAt()).isBefore(until)) {
            until = Instant.parse(r.tokenExpiresAt()); // a grace time never outlives the token's own expiry
          }
          String oldUntil = existingTokenExpireInSeconds == 0 || !until.isAfter(now) ? null : until.toString();
          p.recipients.put(name, r.rotated(issued.sha256(), issued.expiresAt(), oldUntil));
          save(p);
          return "recipient " + name + " has a new token in " + issued.profile()
              + (issued.expiresAt() == null ? "" : " (it expires at " + issued.expiresAt() + ")")
              + (oldUntil == null ? "; the old token no longer works" : "; the old token works until " + oldUntil);
        });
  }

  /** An admin's action outside SQL: checked, done, and appended to the audit table with its result. */
  private String administer(String action, String securable, String params, String what, java.util.function.Supplier<String> work) {
    Instant now = clock.instant();
    String message = null;
    RuntimeException failure = null;
    try {
      adminPolicy(what);
      message = work.get();
      return message;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        records.audit(new Records.AuditEvent(now, java.util.UUID.randomUUID().toString(), action, current, securable, params,
            failure == null ? 200 : failure instanceof GovernanceErrors.Denied ? 403 : 400,
            failure == null ? null : failure.getMessage()));
      } catch (WorkbenchException e) {
        System.err.println("warning: the audit could not record " + action + ": " + e.getMessage());
      }
    }
  }

  private StatementResult sharing(String statement, Words w, Context c) {
    boolean create = w.accept("CREATE");
    if (create) {
      w.accept("OR", "REPLACE");
    }
    if (create && w.accept("SHARE")) {
      c.action = "createShare";
      boolean ifNotExists = w.accept("IF", "NOT", "EXISTS");
      String name = w.name();
      if (w.accept("COMMENT")) {
        w.string();
      }
      w.end();
      Policy p = adminPolicy("CREATE SHARE");
      c.securable = "SHARE " + name;
      if (p.shares.containsKey(name) && !ifNotExists) {
        throw GovernanceErrors.bad("Share " + name + " already exists", null, "use CREATE SHARE IF NOT EXISTS, or another name");
      }
      p.shares.putIfAbsent(name, new Policy.Share(name, current, new ArrayList<>()));
      save(p);
      return new StatementResult(statement, List.of(), List.of(), "share " + name + " created", Map.of());
    }
    if (create && w.accept("RECIPIENT")) {
      c.action = "createRecipient";
      boolean ifNotExists = w.accept("IF", "NOT", "EXISTS");
      String name = w.name();
      if (w.accept("COMMENT")) {
        w.string();
      }
      w.end();
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw GovernanceErrors.bad("Recipient name " + name + " is not allowed", "it names the profile file",
            "use letters, digits, '-' and '_'");
      }
      Policy p = adminPolicy("CREATE RECIPIENT");
      c.securable = "RECIPIENT " + name;
      if (p.recipients.containsKey(name)) {
        if (ifNotExists) {
          return new StatementResult(statement, List.of(), List.of(), "recipient " + name + " exists", Map.of());
        }
        throw GovernanceErrors.bad("Recipient " + name + " already exists", null, "DROP RECIPIENT it first to issue a new token");
      }
      Issued issued = issueToken(p, name);
      p.recipients.put(name, new Policy.Recipient(name, issued.sha256(), new ArrayList<>(), issued.expiresAt(), null, null));
      Path profile = issued.profile();
      save(p);
      return new StatementResult(statement, List.of("recipient", "profile"), List.of(List.of(name, profile.toString())),
          "recipient " + name + " created; its profile (with the bearer token) is " + profile
          + (issued.expiresAt() == null ? "" : "; the token expires at " + issued.expiresAt()), Map.of());
    }
    if (create) {
      return null;
    }
    if (w.accept("DROP", "RECIPIENT") || w.accept("DROP", "SHARE")) {
      boolean recipient = w.text(1, 2).equalsIgnoreCase("RECIPIENT");
      c.action = recipient ? "deleteRecipient" : "deleteShare";
      boolean ifExists = w.accept("IF", "EXISTS");
      String name = w.name();
      w.end();
      Policy p = adminPolicy(recipient ? "DROP RECIPIENT" : "DROP SHARE");
      boolean gone = recipient ? p.recipients.remove(name) != null : p.shares.remove(name) != null;
      if (!gone && !ifExists) {
        throw GovernanceErrors.bad((recipient ? "Recipient " : "Share ") + name + " does not exist", null, "see SHOW SHARES");
      }
      if (recipient) {
        try {
          Files.deleteIfExists(profiles().resolve(name + ".share"));
        } catch (java.io.IOException ignored) {
          // the token no longer opens anything
        }
      }
      save(p);
      return new StatementResult(statement, List.of(), List.of(), (recipient ? "recipient " : "share ") + name + " dropped", Map.of());
    }
    if (w.accept("ALTER", "SHARE")) {
      String name = w.name();
      Policy p = adminPolicy("ALTER SHARE");
      Policy.Share share = p.shares.get(name);
      if (share == null) {
        throw GovernanceErrors.bad("Share " + name + " does not exist", null, "create it with CREATE SHARE " + name);
      }
      c.securable = "SHARE " + name;
      boolean add = w.accept("ADD");
      if (!add) {
        w.expect("REMOVE");
      }
      w.accept("TABLE");
      List<String> t = w.dotted();
      String table = (t.size() >= 2 ? t.get(t.size() - 2) : TableId.DEFAULT_SCHEMA) + "." + t.get(t.size() - 1);
      String alias = table;
      Long version = null;
      List<Policy.PartitionSpec> partitions = new ArrayList<>();
      while (!w.atEnd()) {
        if (w.accept("PARTITION")) {
          do {
            partitions.add(partitionSpec(w));
          } while (w.acceptSym(","));
        } else if (w.accept("AS")) {
          List<String> a = w.dotted();
          alias = (a.size() >= 2 ? a.get(a.size() - 2) : t.size() >= 2 ? t.get(t.size() - 2) : "default") + "." + a.get(a.size() - 1);
        } else if (w.accept("VERSION", "AS", "OF")) {
          version = Long.parseLong(w.peek().text());
          w.skip();
        } else if (w.accept("WITH", "HISTORY") || w.accept("WITHOUT", "HISTORY")) {
          continue;
        } else if (w.accept("COMMENT")) {
          w.string();
        } else {
          throw w.error("expected AS, PARTITION (...), VERSION AS OF, WITH HISTORY or the end of the statement");
        }
      }
      String[] a = alias.split("\\.");
      String lakeTable = table;
      if (add) {
        c.action = "updateShare";
        TableId id = TableId.parse(lakeTable);
        if (!lake.exists(id)) {
          throw GovernanceErrors.bad("Table " + lakeTable + " does not exist", "only lake tables can be shared", "check SHOW TABLES");
        }
        if (version != null && (version < 0 || version > lake.latestVersion(id))) {
          throw GovernanceErrors.bad("Version " + version + " of " + lakeTable + " does not exist", null, "see DESCRIBE HISTORY " + lakeTable);
        }
        if (p.guarded(lakeTable)) {
          throw GovernanceErrors.bad("Table " + lakeTable + " has a row filter or a column mask, so it cannot be shared",
              "a recipient reads the table's files, which hold every row and every raw value",
              "share a copy holding only what recipients may see: CREATE TABLE ... AS SELECT the rows and columns, then ADD TABLE it");
        }
        if (!partitions.isEmpty()) {
          checkPartitions(id, partitions);
        }
        share.tables().removeIf(x -> x.schema().equals(a[0]) && x.name().equals(a[1]));
        share.tables().add(new Policy.SharedTable(a[0], a[1], lakeTable, version, partitions.isEmpty() ? null : partitions));
      } else {
        c.action = "updateShare";
        share.tables().removeIf(x -> x.table().equalsIgnoreCase(lakeTable) || x.schema().equals(a[0]) && x.name().equals(a[1]));
      }
      save(p);
      return new StatementResult(statement, List.of(), List.of(), (add ? "added " : "removed ") + lakeTable
          + (add ? " to share " : " from share ") + name + (version == null ? "" : " at version " + version)
          + (partitions.isEmpty() ? "" : ", partitions " + partitions.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))),
          Map.of());
    }
    if (w.accept("SHOW", "SHARES") || w.accept("SHOW", "RECIPIENTS")) {
      boolean shares = w.text(1, 2).equalsIgnoreCase("SHARES");
      w.end();
      Policy p = policy();
      List<List<Object>> rows = new ArrayList<>();
      if (shares) {
        p.shares.values().forEach(s -> s.tables().forEach(t -> rows.add(java.util.Arrays.asList(s.name(), t.schema() + "." + t.name(),
            t.table(), t.version() == null ? "latest" : String.valueOf(t.version()), t.partitions() == null || t.partitions().isEmpty() ? null
                : t.partitions().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))))));
        p.shares.values().stream().filter(s -> s.tables().isEmpty()).forEach(s -> rows.add(java.util.Arrays.asList(s.name(), null, null, null, null)));
      } else {
        p.recipients.values().forEach(r -> rows.add(List.of(r.name(), String.join(", ", r.shares()))));
      }
      return new StatementResult(statement, shares ? List.of("share", "shared_as", "table", "version", "partitions")
          : List.of("recipient", "shares"), rows, rows.size() + " rows", Map.of());
    }
    if (w.accept("SHOW", "GRANTS", "ON", "SHARE")) {
      String name = w.name();
      w.end();
      Policy p = policy();
      List<List<Object>> rows = new ArrayList<>();
      p.recipients.values().stream().filter(r -> r.shares().contains(name))
          .forEach(r -> rows.add(List.of(r.name(), "SELECT", "SHARE", name)));
      return new StatementResult(statement, List.of("Principal", "ActionType", "ObjectType", "ObjectKey"), rows,
          rows.size() + " grants", Map.of());
    }
    boolean grant = w.accept("GRANT");
    if (grant || w.accept("REVOKE")) {
      if (!w.accept("SELECT") || !w.accept("ON", "SHARE")) {
        return null;
      }
      String name = w.name();
      w.expect(grant ? "TO" : "FROM");
      w.expect("RECIPIENT");
      String who = w.name();
      w.end();
      c.action = "updateSharePermissions";
      c.securable = "SHARE " + name;
      Policy p = adminPolicy(grant ? "GRANT ON SHARE" : "REVOKE ON SHARE");
      if (!p.shares.containsKey(name)) {
        throw GovernanceErrors.bad("Share " + name + " does not exist", null, "see SHOW SHARES");
      }
      Policy.Recipient r = p.recipients.get(who);
      if (r == null) {
        throw GovernanceErrors.bad("Recipient " + who + " does not exist", null, "create it with CREATE RECIPIENT " + who);
      }
      r.shares().remove(name);
      if (grant) {
        r.shares().add(name);
      }
      save(p);
      return new StatementResult(statement, List.of(), List.of(), (grant ? "granted SELECT on share " : "revoked SELECT on share ")
          + name + (grant ? " to recipient " : " from recipient ") + who, Map.of());
    }
    return null;
  }

  /** One {@code (column = value [, ...])} of a share's PARTITION clause. */
  private static Policy.PartitionSpec partitionSpec(Words w) {
    w.expectSym("(");
    Map<String, String> values = new java.util.LinkedHashMap<>();
    do {
      String column = w.name();
      if (w.accept("IS", "NULL")) {
        values.put(column, null);
        continue;
      }
      if (!w.acceptSym("=")) {
        throw GovernanceErrors.bad("Cannot share partition " + column + " " + w.peek().text() + " ...",
            "the local server shares partitions named by equality: column = value, or column IS NULL",
            "write PARTITION (" + column + " = 'value'), and list more partitions after a comma: (a = 1), (a = 2)");
      }
      Words.Tok v = w.peek();
      if (v.kind() == 'S' || v.kind() == 'N') {
        w.skip();
        values.put(column, v.text());
      } else if (w.accept("NULL")) {
        values.put(column, null);
      } else {
        throw w.error("expected a value: a 'string', a number or NULL");
      }
    } while (w.acceptSym(","));
    w.expectSym(")");
    return new Policy.PartitionSpec(values);
  }

  /** Every column a PARTITION clause names is one of the table's partition columns. */
  private void checkPartitions(TableId id, List<Policy.PartitionSpec> partitions) {
    List<String> columns = lake.describe(id).partitionColumns();
    for (Policy.PartitionSpec spec : partitions) {
      for (String c : spec.values().keySet()) {
        if (columns.stream().noneMatch(c::equalsIgnoreCase)) {
          throw GovernanceErrors.bad("Column " + c + " is not a partition column of " + id,
              columns.isEmpty() ? id + " is not partitioned, so it can only be shared whole"
                  : "a share can be limited by " + String.join(", ", columns) + " only",
              columns.isEmpty() ? "drop the PARTITION clause, or share a copy made with PARTITIONED BY"
                  : "name one of them in PARTITION (...)");
        }
      }
    }
  }

  private Policy adminPolicy(String action) {
    Policy p = policy();
    if (!p.isAdmin(current)) {
      throw GovernanceErrors.denied(current, action.startsWith("CREATE") ? action : "admin rights", "METASTORE (" + action + ")");
    }
    return p;
  }

  // ------------------------------------------------------------------ enforcement

  @Override
  public void before(SqlSession session, String statement) {
    check(session, statement);
    Context c = context.get();
    if (c.target != null && !c.target.isPath()) {
      try {
        events.start(c.runId, clock.instant(), current, c.action, statement, dataset(c.target, false));
        c.started = true;
      } catch (RuntimeException e) {
        System.err.println("warning: the lineage event could not be written: " + e.getMessage());
      }
    }
  }

  /** The table as a lineage event names it (with its schema and version when {@code written}). */
  private LineageEvents.Dataset dataset(TableId t, boolean written) {
    try {
      if (lake.exists(t)) {
        dev.lakehouse.workbench.lake.TableInfo info = lake.describe(t);
        return new LineageEvents.Dataset(fullName(t), info.location(), info.columns(), written ? lake.latestVersion(t) : null);
      }
    } catch (RuntimeException e) {
      // described as far as known
    }
    return new LineageEvents.Dataset(fullName(t), lake.root().resolve(t.schema()).resolve(t.name()).toString(), List.of(), null);
  }

  /**
   * Works out what the statement writes and checks the privileges it needs. Without a policy nothing is
   * checked, but the target is still found so that the lineage of a write is recorded (a statement the
   * reading here does not follow simply has no lineage).
   */
  private void check(SqlSession session, String statement) {
    Context c = context.get();
    c.enforce = enabled();
    if (c.enforce) {
      analyse(session, statement, c);
      return;
    }
    try {
      analyse(session, statement, c);
    } catch (RuntimeException e) {
      c.target = null;
      c.reads.clear();
    }
  }

  private void analyse(SqlSession session, String statement, Context c) {
    Words w = new Words(statement);
    String need = null;
    String key = null;
    w.accept("EXPLAIN");
    if (w.accept("INSERT")) {
      if (!w.accept("INTO")) {
        w.expect("OVERWRITE");
      }
      w.accept("TABLE");
      c.action = "insert";
      c.target = table(w, session);
      need = "MODIFY";
    } else if (w.accept("UPDATE") || w.accept("MERGE", "INTO") || w.accept("DELETE", "FROM")
        || w.accept("OPTIMIZE") || w.accept("VACUUM") || w.accept("RESTORE") || w.accept("TRUNCATE", "TABLE")) {
      w.accept("TABLE");
      c.action = w.text(0, 1).toLowerCase(Locale.ROOT);
      c.target = table(w, session);
      need = "MODIFY";
    } else if (w.accept("CREATE") || w.accept("REPLACE")) {
      w.accept("OR", "REPLACE");
      if (w.accept("SCHEMA") || w.accept("DATABASE")) {
        c.action = "createSchema";
        w.accept("IF", "NOT", "EXISTS");
        c.securable = key("SCHEMA", w.dotted(), session);
        require(policy(), "CREATE SCHEMA", "CATALOG");
        require(policy(), "USE CATALOG", "CATALOG");
        return;
      }
      if (w.accept("EXTERNAL", "LOCATION")) {
        c.action = "createExternalLocation";
        if (c.enforce && !policy().isAdmin(current)) {
          throw GovernanceErrors.denied(current, "CREATE EXTERNAL LOCATION", "METASTORE");
        }
        return;
      }
      if (!w.accept("TABLE")) {
        c.action = "create"; // views, functions and the like: no table is written
        return;
      }
      w.accept("IF", "NOT", "EXISTS");
      c.action = "createTable";
      c.target = table(w, session);
      c.createsTarget = true;
      if (w.accept("SHALLOW", "CLONE")) { // the source is read without a scan: check and record it here
        TableId source = table(w, session);
        checkRead(source);
        if (!source.isPath()) {
          c.reads.add(new Records.Edge(fullName(source), versionOf(source), null));
        }
      }
      need = "CREATE TABLE";
      key = "SCHEMA " + c.target.schema().toLowerCase(Locale.ROOT);
    } else if (w.accept("DROP", "TABLE") || w.accept("ALTER", "TABLE")) {
      c.action = w.text(0, 1).equalsIgnoreCase("DROP") ? "deleteTable" : "updateTable";
      w.accept("IF", "EXISTS");
      c.target = table(w, session);
      Policy p = policy();
      c.securable = fullName(c.target);
      requireOwner(p, key(c.target), c.action.equals("deleteTable") ? "DROP TABLE" : "ALTER TABLE");
      return;
    } else if (w.accept("DESCRIBE") || w.accept("DESC")) {
      c.action = "getTable";
      w.accept("HISTORY");
      w.accept("DETAIL");
      w.accept("EXTENDED");
      w.accept("TABLE");
      if (!w.atEnd() && (w.peek().kind() == 'W' || w.peek().kind() == 'Q')) {
        TableId id = table(w, session);
        c.securable = fullName(id);
        checkRead(id);
      }
      return;
    } else {
      String first = w.peek().text().toUpperCase(Locale.ROOT);
      c.action = switch (first) {
        case "SELECT", "WITH", "FROM", "VALUES", "TABLE", "(" -> "select";
        case "SET", "RESET", "USE" -> "setSession";
        case "SHOW" -> "list";
        default -> first.toLowerCase(Locale.ROOT);
      };
      return;
    }
    if (c.target != null && c.target.isPath()) {
      return;
    }
    c.securable = fullName(c.target);
    Policy p = policy();
    String schemaKey = "SCHEMA " + c.target.schema().toLowerCase(Locale.ROOT);
    require(p, "USE CATALOG", "CATALOG");
    require(p, "USE SCHEMA", schemaKey);
    if (c.createsTarget && lake.exists(c.target)) {
      requireOwner(p, key(c.target), "CREATE OR REPLACE TABLE");
      c.createsTarget = false;
      return;
    }
    require(p, need, key == null ? key(c.target) : key);
  }

  private TableId table(Words w, SqlSession session) {
    List<String> parts = w.dotted();
    if (parts.size() == 2 && parts.get(0).equalsIgnoreCase("delta")) {
      return TableId.atPath(parts.get(1));
    }
    String name = parts.get(parts.size() - 1);
    String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : session.currentSchema();
    return TableId.of(schema, name);
  }

  private void require(Policy p, String privilege, String key) {
    if (context.get().enforce && !p.has(current, privilege, key)) {
      throw GovernanceErrors.denied(current, privilege, p.display(key));
    }
  }

  private void checkRead(TableId table) {
    if (table.isPath()) {
      return;
    }
    Policy p = policy();
    require(p, "USE CATALOG", "CATALOG");
    require(p, "USE SCHEMA", "SCHEMA " + table.schema().toLowerCase(Locale.ROOT));
    require(p, "SELECT", key(table));
  }

  @Override
  public String read(TableId table, String relation) {
    Context c = context.get();
    if (!enabled()) {
      if (c.target != null && !table.isPath()) { // without a policy only a write's sources are recorded
        c.reads.add(new Records.Edge(fullName(table), versionOf(table), null));
      }
      return relation;
    }
    if (!table.isPath() && c.securable == null) {
      c.securable = fullName(table);
    }
    checkRead(table);
    if (!table.isPath()) {
      c.reads.add(new Records.Edge(fullName(table), versionOf(table), null));
    }
    return guarded(table, relation);
  }

  private long versionOf(TableId table) {
    try {
      return lake.latestVersion(table);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Wraps a read in the table's row filter and column masks, evaluated for the current principal. */
  private String guarded(TableId table, String relation) {
    Policy p = policy();
    String t = (table.schema() + "." + table.name()).toLowerCase(Locale.ROOT);
    Policy.RowFilter filter = p.rowFilters.get(t);
    Map<String, String> masks = p.masks.getOrDefault(t, Map.of());
    if (filter == null && masks.isEmpty()) {
      return relation;
    }
    StringBuilder sql = new StringBuilder("SELECT *");
    if (!masks.isEmpty()) {
      List<String> replace = new ArrayList<>();
      masks.forEach((col, fn) -> replace.add(apply(p, function(p, fn), List.of(col)) + " AS " + quote(col)));
      sql.append(" REPLACE (").append(String.join(", ", replace)).append(")");
    }
    sql.append(" FROM ").append(relation.trim().startsWith("(") ? relation : "(" + relation + ")").append(" AS \"__governed\"");
    if (filter != null) {
      sql.append(" WHERE ").append(apply(p, function(p, filter.function()), filter.columns()));
    }
    return sql.toString();
  }

  private static final Pattern MEMBER = Pattern.compile("(?i)\\b(is_account_group_member|is_member)\\s*\\(\\s*'([^']*)'\\s*\\)");
  private static final Pattern CURRENT_USER = Pattern.compile("(?i)\\b(current_user|session_user)\\s*\\(\\s*\\)");

  /** The function's body with its parameters bound to the columns and the principal's facts inlined, as engine SQL. */
  private String apply(Policy p, Policy.Function f, List<String> columns) {
    String body = f.body();
    Matcher m = MEMBER.matcher(body);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, p.isMember(current, m.group(2)) ? "TRUE" : "FALSE");
    }
    m.appendTail(sb);
    body = CURRENT_USER.matcher(sb.toString()).replaceAll(Matcher.quoteReplacement("'" + current.replace("'", "''") + "'"));
    for (int i = 0; i < f.params().size() && i < columns.size(); i++) {
      body = bind(body, f.params().get(i), columns.get(i));
    }
    return "(" + SqlSession.engineExpression(body) + ")";
  }

  /** Replaces the parameter's name with the column's (`quoted`) outside string literals. */
  private static String bind(String body, String param, String column) {
    StringBuilder out = new StringBuilder();
    Pattern word = Pattern.compile("(?i)\\b" + Pattern.quote(param) + "\\b");
    String[] pieces = body.split("'", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        out.append('\'');
      }
      out.append(i % 2 == 0 ? word.matcher(pieces[i]).replaceAll(Matcher.quoteReplacement("`" + column + "`")) : pieces[i]);
    }
    return out.toString();
  }

  private static String quote(String col) {
    return "\"" + col.replace("\"", "\"\"") + "\"";
  }

  // ------------------------------------------------------------------ audit and lineage

  @Override
  public void after(SqlSession session, String statement, StatementResult result, RuntimeException error) {
    Context c = context.get();
    context.remove();
    Instant now = clock.instant();
    String id = c.runId.toString();
    if (!enabled()) { // no policy: no checks and no audit, but a write's lineage and run events all the same
      if (c.target != null && !c.target.isPath()) {
        try {
          lineage(session, statement, c, now, id, error);
        } catch (RuntimeException e) { // never fails a statement in a folder that does not use governance
          System.err.println("warning: the lineage of this statement could not be recorded: " + e.getMessage());
        }
      }
      return;
    }
    try {
      if (error == null && c.createsTarget && c.target != null && !c.target.isPath()) {
        Policy p = policy();
        p.owners.put(key(c.target), current);
        save(p);
      }
      int status = error == null ? 200 : error instanceof GovernanceErrors.Denied ? 403 : 400;
      String params = "{\"commandText\":" + jsonString(statement) + "}";
      records.audit(new Records.AuditEvent(now, id, c.action, current, c.securable, params, status,
          error == null ? null : error.getMessage()));
      lineage(session, statement, c, now, id, error);
    } catch (WorkbenchException e) {
      System.err.println("warning: the audit could not record this statement: " + e.getMessage());
    }
  }

  /** The statement's table and column lineage rows and its OpenLineage COMPLETE (or FAIL) event. */
  private void lineage(SqlSession session, String statement, Context c, Instant now, String id, RuntimeException error) {
    if (error == null) {
      List<Records.Edge> edges = new ArrayList<>();
      String target = c.target == null || c.target.isPath() ? null : fullName(c.target);
      for (Records.Edge r : c.reads) {
        edges.add(new Records.Edge(r.sourceFullName(), r.sourceVersion(), target));
      }
      if (edges.isEmpty() && target != null) {
        edges.add(new Records.Edge(null, -1, target));
      }
      records.lineage(now, id, current, statement, edges);
      if (target != null) {
        List<Records.ColumnEdge> columns = columnEdges(session, statement);
        records.columnLineage(now, id, current, columns);
        if (c.started) {
          runEnded(c, statement, columns, null);
        }
      }
    } else if (c.started) {
      runEnded(c, statement, List.of(), error.getMessage());
    }
  }

  private void runEnded(Context c, String statement, List<Records.ColumnEdge> columns, String error) {
    try {
      List<LineageEvents.Dataset> inputs = new ArrayList<>();
      for (Records.Edge r : c.reads) {
        String[] p = r.sourceFullName().split("\\.", 3);
        inputs.add(dataset(TableId.of(p[1], p[2]), false));
      }
      for (Records.ColumnEdge e : columns) { // sources seen only by the parse (a MERGE's source table) are inputs too
        if (inputs.stream().noneMatch(d -> d.fullName().equals(e.sourceFullName()))) {
          String[] p = e.sourceFullName().split("\\.", 3);
          inputs.add(dataset(TableId.of(p[1], p[2]), false));
        }
      }
      Map<String, List<String[]>> from = new LinkedHashMap<>();
      columns.forEach(e -> from.computeIfAbsent(e.targetColumn(), k -> new ArrayList<>())
          .add(new String[] {e.sourceFullName(), e.sourceColumn()}));
      List<LineageEvents.ColumnFrom> cols = new ArrayList<>();
      from.forEach((k, v) -> cols.add(new LineageEvents.ColumnFrom(k, v)));
      events.end(c.runId, clock.instant(), current, c.action, statement, inputs, dataset(c.target, error == null), cols, error);
    } catch (RuntimeException e) {
      System.err.println("warning: the lineage event could not be written: " + e.getMessage());
    }
  }

  /** The statement's column lineage (from Spark's parse tree) as rows: one per source column → target column. */
  private List<Records.ColumnEdge> columnEdges(SqlSession session, String statement) {
    ColumnLineage.Result r = ColumnLineage.of(statement, session.currentSchema(), this::columnNames);
    List<Records.ColumnEdge> out = new ArrayList<>();
    if (r.target() == null || r.target().isPath()) {
      return out;
    }
    String target = fullName(r.target());
    for (ColumnLineage.Column c : r.columns()) {
      for (ColumnLineage.Source s : c.sources()) {
        out.add(new Records.ColumnEdge(fullName(s.table()), s.column(), target, c.name()));
      }
    }
    return out;
  }

  private List<String> columnNames(TableId table) {
    try {
      return lake.exists(table) ? lake.describe(table).columns().stream().map(dev.lakehouse.workbench.lake.ColumnDef::name).toList()
          : List.of();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String jsonString(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "\"\"";
    }
  }
}
