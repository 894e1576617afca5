package dev.lakehouse.workbench.governance.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.workbench.governance.GovernanceErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data folder's principals, owners, grants, row filters, column masks and SQL functions, kept
 * as one JSON file ({@code <dataDir>/governance/policy.json}, decision 0029). Securables are keyed
 * {@code CATALOG}, {@code SCHEMA s}, {@code TABLE s.t}: the local lake is one catalog, so any catalog
 * name in a statement names it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Policy {

  public static final String ADMINS = "admins";
  public static final String LEARNER = "learner";
  public static final List<String> PRIVILEGES = List.of("ALL PRIVILEGES", "USE CATALOG", "USE SCHEMA", "CREATE SCHEMA",
      "CREATE TABLE", "CREATE FUNCTION", "SELECT", "MODIFY", "EXECUTE");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The name the local lake's one catalog goes by in SHOW GRANTS and full names. */
  public String catalog = "main";
  /** Group → members (users or groups). */
  public Map<String, List<String>> groups = new TreeMap<>(Map.of(ADMINS, new ArrayList<>(List.of(LEARNER))));
  /** Users the folder knows besides those in groups. */
  public Set<String> users = new java.util.TreeSet<>(Set.of(LEARNER));
  /** Securable key → owner. */
  public Map<String, String> owners = new TreeMap<>(Map.of("CATALOG", LEARNER));
  public List<Grant> grants = new ArrayList<>();
  /** Table key (s.t) → its row filter. */
  public Map<String, RowFilter> rowFilters = new TreeMap<>();
  /** Table key (s.t) → column → mask function. */
  public Map<String, Map<String, String>> masks = new TreeMap<>();
  /** Function name (lower case) → SQL function. */
  public Map<String, Function> functions = new TreeMap<>();

  /** The port recipients' profiles name; {@code share serve} listens on it unless told otherwise. */
  public int sharingPort = 8770;
  /** Delta Sharing: share name → share. */
  public Map<String, Share> shares = new TreeMap<>();
  /** Delta Sharing: recipient name → recipient. */
  public Map<String, Recipient> recipients = new TreeMap<>();
  /**
   * How long a recipient's new bearer token stays valid, in seconds; null: tokens do not expire. Like
   * Databricks' metastore setting (the recipient token lifetime), it is set for the whole folder, not
   * per recipient, and applies to tokens issued after it changes ({@code share token-lifetime}).
   */
  public Long recipientTokenLifetimeSeconds;

  public record Grant(String principal, String privilege, String securable) {}

  /**
   * A table in a share: shown as {@code schema.name}, read from the lake's {@code table} (at
   * {@code version}, or the latest), limited to the files of some partitions (null or empty: all).
   */
  public record SharedTable(String schema, String name, String table, Long version, List<PartitionSpec> partitions) {

    public boolean shares(Map<String, String> partitionValues) {
      return partitions == null || partitions.isEmpty() || partitions.stream().anyMatch(p -> p.matches(partitionValues));
    }
  }

  public record Share(String name, String owner, List<SharedTable> tables) {}

  /**
   * A recipient: its bearer token's SHA-256 (the token itself is only in the profile file), the shares
   * granted to it, when the token expires (ISO-8601 instant; null: never), and, after a rotation, the
   * previous token's hash and the time it stops working.
   */
  public record Recipient(String name, String tokenSha256, List<String> shares, String tokenExpiresAt,
      String previousTokenSha256, String previousTokenExpiresAt) {

    /** The recipient with a new token; the old one keeps working until {@code oldExpiresAt} (null or past: not at all). */
    public Recipient rotated(String newSha256, String newExpiresAt, String oldExpiresAt) {
      return new Recipient(name, newSha256, shares, newExpiresAt, oldExpiresAt == null ? null : tokenSha256, oldExpiresAt);
    }
  }

  /**
   * A table in a share limited to some partitions: each spec is one {@code PARTITION (...)} clause
   * of {@code ALTER SHARE ... ADD TABLE}, column → value (null: the column is NULL); a file is shared
   * when it matches every column of at least one spec.
   */
  public record PartitionSpec(Map<String, String> values) {

    public boolean matches(Map<String, String> partitionValues) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        String found = null;
        for (Map.Entry<String, String> pv : partitionValues.entrySet()) {
          if (pv.getKey().equalsIgnoreCase(e.getKey())) {
            found = pv.getValue();
          }
        }
        if (!Objects.equals(e.getValue(), found == null || found.isEmpty() ? null : found)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("(");
      values.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(v == null ? " IS NULL" : " = '" + v.replace("'", "\\'") + "'"));
      return b.append(')').toString();
    }
  }

  public record RowFilter(String function, List<String> columns) {}

  public record Function(String name, List<String> params, String returns, String body) {}

  public static Policy load(Path file) {
    if (!Files.exists(file)) {
      return new Policy();
    }
    try {
      return JSON.readValue(file.toFile(), Policy.class);
    } catch (IOException e) {
      throw GovernanceErrors.bad("Cannot read " + file, "the governance policy is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")",
          "fix or delete the file; deleting it turns governance off");
    }
  }

  public void save(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw GovernanceErrors.failure("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether reads of the table ({@code schema.name}) go through a row filter or a column mask. */
  public boolean guarded(String table) {
    String t = table.toLowerCase(Locale.ROOT);
    return rowFilters.containsKey(t) || !masks.getOrDefault(t, Map.of()).isEmpty();
  }

  // ------------------------------------------------------------------ principals

  /** The principal and every group it belongs to, directly or through other groups. */
  public Set<String> identities(String principal) {
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(principal));
    while (!todo.isEmpty()) {
      String p = todo.pop();
      if (out.add(p)) {
        groups.forEach((g, members) -> {
          if (members.contains(p)) {
            todo.push(g);
          }
        });
      }
    }
    return out;
  }

  public boolean isAdmin(String principal) {
    return identities(principal).contains(ADMINS);
  }

  public boolean isMember(String principal, String group) {
    return identities(principal).contains(group);
  }

  public boolean known(String principal) {
    return users.contains(principal) || groups.containsKey(principal);
  }

  // ------------------------------------------------------------------ securables

  /** The securable and its parents, nearest first: TABLE s.t, SCHEMA s, CATALOG. */
  public static List<String> chain(String key) {
    List<String> out = new ArrayList<>();
    out.add(key);
    if (key.startsWith("TABLE ") || key.startsWith("FUNCTION ")) {
      String name = key.substring(key.indexOf(' ') + 1);
      int dot = name.indexOf('.');
      out.add("SCHEMA " + name.substring(0, dot));
    }
    if (!key.equals("CATALOG")) {
      out.add("CATALOG");
    }
    return out;
  }

  /** How SHOW GRANTS and errors name a securable: TABLE main.gold.revenue. */
  public String display(String key) {
    if (key.equals("CATALOG")) {
      return "CATALOG " + catalog;
    }
    int sp = key.indexOf(' ');
    return key.substring(0, sp) + " " + catalogOf(key.substring(sp + 1)) + "." + key.substring(sp + 1);
  }

  /** The catalog a schema's full name shows: {@code system} for the access schema (system tables). */
  public String catalogOf(String schemaQualified) {
    return schemaQualified.startsWith("access.") || schemaQualified.equals("access") ? "system" : catalog;
  }

  /** The owner of the securable or, if it has none recorded, its nearest parent's. */
  public String owner(String key) {
    for (String k : chain(key)) {
      if (owners.containsKey(k)) {
        return owners.get(k);
      }
    }
    return LEARNER;
  }

  /** Owns the securable itself or one of its parents. */
  public boolean owns(String principal, String key) {
    Set<String> ids = identities(principal);
    for (String k : chain(key)) {
      String o = owners.get(k);
      if (o != null && ids.contains(o)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the principal holds the privilege on the securable: admin, owner, or a grant on it or a parent. */
  public boolean has(String principal, String privilege, String key) {
    if (isAdmin(principal) || owns(principal, key)) {
      return true;
    }
    Set<String> ids = identities(principal);
    List<String> keys = chain(key);
    for (Grant g : grants) {
      if (ids.contains(g.principal()) && keys.contains(g.securable())
          && (g.privilege().equals(privilege) || g.privilege().equals("ALL PRIVILEGES"))) {
        return true;
      }
    }
    return false;
  }

  public boolean grant(String principal, String privilege, String key) {
    Grant g = new Grant(principal, privilege, key);
    if (grants.contains(g)) {
      return false;
    }
    grants.add(g);
    return true;
  }

  public boolean revoke(String principal, String privilege, String key) {
    if (privilege.equals("ALL PRIVILEGES")) {
      return grants.removeIf(g -> g.principal().equals(principal) && g.securable().equals(key));
    }
    return grants.remove(new Grant(principal, privilege, key));
  }

  public static String normalizePrivilege(String words) {
    String p = words.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (p.equals("ALL")) {
      p = "ALL PRIVILEGES";
    }
    if (!PRIVILEGES.contains(p)) {
      throw GovernanceErrors.bad("Unknown privilege " + words, "the local catalog knows " + String.join(", ", PRIVILEGES),
          "use one of them");
    }
    return p;
  }

  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("grants", grants.size());
    m.put("owners", owners.size());
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Policy p && Objects.equals(grants, p.grants);
  }

  @Override
  public int hashCode() {
    return grants.hashCode();
  }
}
