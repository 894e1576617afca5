package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.lake.ExternalLocation;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where tables may live, and so where SQL may write or delete files. A table is either a folder
 * {@code lake/<schema>/<table>} or a folder strictly inside an external location the learner declared;
 * never the data folder, the lake, a schema folder, an ancestor of any of them, a folder inside
 * another table, or a non-empty folder without a {@code _delta_log}. Each declared location is one
 * small JSON file in {@code lake/_external_locations/}, created exclusively so two processes cannot
 * declare the same name twice.
 */
final class Locations {

  static final String FOLDER = "_external_locations";
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

  private final Path dataDir;
  private final Path root;
  private final List<Path> readableDirs;
  private final ObjectMapper json;

  Locations(Path dataDir, Path root, List<Path> readableDirs, ObjectMapper json) {
    this.dataDir = real(dataDir);
    this.root = real(root);
    this.readableDirs = readableDirs.stream().map(Locations::real).toList();
    this.json = json;
  }

  /**
   * The path with every existing part's symbolic links resolved, so a link cannot smuggle a folder
   * past the rules: the deepest existing ancestor is made real, the rest appended.
   */
  static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    List<Path> rest = new ArrayList<>();
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      rest.add(0, existing.getFileName());
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      Path r = existing.toRealPath();
      for (Path part : rest) {
        r = r.resolve(part);
      }
      return r;
    } catch (IOException e) {
      return abs;
    }
  }

  // ---- the declared locations

  List<ExternalLocation> all() {
    Path dir = root.resolve(FOLDER);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ExternalLocation> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".json") || !n.substring(0, n.length() - 5).matches(NAME)) {
          continue;
        }
        try {
          JsonNode node = json.readTree(Files.readString(f, StandardCharsets.UTF_8));
          Path p = Path.of(node.path("url").asText());
          if (!p.isAbsolute()) {
            continue;
          }
          out.add(new ExternalLocation(n.substring(0, n.length() - 5), p.normalize(),
              node.path("comment").isNull() || node.path("comment").isMissingNode() ? null : node.path("comment").asText(),
              Instant.ofEpochMilli(node.path("createdAt").asLong(0))));
        } catch (IOException | RuntimeException e) {
          // a damaged declaration declares nothing
        }
      }
    } catch (IOException e) {
      throw LakeErrors.io("listing the external locations in " + dir, e);
    }
    return out;
  }

  Optional<ExternalLocation> find(String name) {
    return all().stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
  }

  ExternalLocation create(String name, String url, String comment, boolean ifNotExists) {
    if (!name.matches(NAME)) {
      throw LakeErrors.invalidIdentifier(name);
    }
    Optional<ExternalLocation> existing = find(name);
    if (existing.isPresent()) {
      if (ifNotExists) {
        return existing.get();
      }
      throw LakeErrors.locationExists(name, existing.get().path());
    }
    Path p = Path.of(url);
    if (!p.isAbsolute()) {
      throw LakeErrors.pathNotAbsolute(url);
    }
    Path r = real(p);
    if (r.startsWith(dataDir)) {
      throw LakeErrors.locationInsideDataFolder(url, dataDir);
    }
    if (dataDir.startsWith(r)) {
      throw LakeErrors.locationAboveDataFolder(url, dataDir);
    }
    for (Path c : readableDirs) {
      if (r.startsWith(c) || c.startsWith(r)) {
        throw LakeErrors.locationOverlapsContent(url, c);
      }
    }
    for (ExternalLocation other : all()) {
      Path o = real(other.path());
      if (r.startsWith(o) || o.startsWith(r)) {
        throw LakeErrors.locationsOverlap(url, other.name(), other.path());
      }
    }
    if (Files.exists(r) && !Files.isDirectory(r)) {
      throw LakeErrors.locationNotAFolder(url);
    }
    Path dir = root.resolve(FOLDER);
    Instant now = Instant.now();
    ObjectNode node = json.createObjectNode();
    node.put("name", name);
    node.put("url", r.toString());
    if (comment != null) {
      node.put("comment", comment);
    }
    node.put("createdAt", now.toEpochMilli());
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name.toLowerCase(Locale.ROOT) + ".json"), json.writeValueAsString(node),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      if (ifNotExists) {
        return find(name).orElseThrow();
      }
      throw LakeErrors.locationExists(name, r);
    } catch (IOException e) {
      throw LakeErrors.io("declaring the external location " + name, e);
    }
    return new ExternalLocation(name, r, comment, now);
  }

  boolean drop(String name, boolean ifExists, List<String> tablesUsingIt) {
    Optional<ExternalLocation> l = find(name);
    if (l.isEmpty()) {
      if (ifExists) {
        return false;
      }
      throw LakeErrors.locationNotFound(name, all().stream().map(ExternalLocation::name).toList());
    }
    if (!tablesUsingIt.isEmpty()) {
      throw LakeErrors.locationInUse(l.get().name(), tablesUsingIt);
    }
    try {
      Files.deleteIfExists(root.resolve(FOLDER).resolve(l.get().name().toLowerCase(Locale.ROOT) + ".json"));
    } catch (IOException e) {
      throw LakeErrors.io("dropping the external location " + name, e);
    }
    return true;
  }

  /** The declared location that holds {@code p} strictly inside it, if any. */
  Optional<ExternalLocation> holding(Path p) {
    Path r = real(p);
    for (ExternalLocation l : all()) {
      Path lr = real(l.path());
      if (r.startsWith(lr) && !r.equals(lr)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  // ---- the rules for a table's folder

  /** Whether the folder is one of the app's own read-only content folders (lab assets). */
  boolean isReadOnly(Path p) {
    Path r = real(p);
    return readableDirs.stream().anyMatch(r::startsWith);
  }

  /**
   * Checks that a table may live at {@code p}: for reading (an existing table) or, with
   * {@code creating}, for a new one. Returns the normalized folder.
   */
  Path checkTableFolder(TableId id, String given, Path p, boolean creating) {
    Path r = real(p);
    if (r.startsWith(root)) {
      Path rel = root.relativize(r);
      if (rel.getNameCount() != 2 || rel.toString().isEmpty() || rel.getName(0).toString().startsWith("_")
          || !rel.getName(0).toString().matches("[a-z_][a-z0-9_]*") || !rel.getName(1).toString().matches("[a-z_][a-z0-9_]*")) {
        throw LakeErrors.notATableFolder(given, "inside the lake, a table is a folder lake/<schema>/<table>",
            "address lake tables by name, e.g. shop.orders");
      }
    } else if (r.startsWith(dataDir) || dataDir.startsWith(r)) {
      throw LakeErrors.notATableFolder(given, "it is the data folder, a folder in it or one above it, which hold your progress and lake",
          "keep tables in the lake (use a table name) or under an external location outside " + dataDir);
    } else if (!isReadOnly(r) && holding(r).isEmpty()) {
      throw LakeErrors.pathOutsideLocations(given, all().stream().map(ExternalLocation::path).map(Path::toString).toList());
    }
    Path stop = r.startsWith(root) ? root : holding(r).map(l -> real(l.path())).orElse(r.getRoot());
    for (Path a = r.getParent(); a != null && a.startsWith(stop) && !a.equals(stop); a = a.getParent()) {
      if (Files.isDirectory(a.resolve("_delta_log"))) {
        throw LakeErrors.notATableFolder(given, "it is inside the table at " + a, "give the table's own folder, or another folder");
      }
    }
    if (creating && Files.isDirectory(r) && !Files.isDirectory(r.resolve("_delta_log")) && !isEmpty(r, id)) {
      throw LakeErrors.notATableFolder(given, "the folder is not empty and holds no Delta table (_delta_log)",
          "choose an empty or new folder, or move its files elsewhere first");
    }
    return r;
  }

  private static boolean isEmpty(Path dir, TableId id) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(f -> f.getFileName().toString().equals(LocalLake.EXTERNAL_MARKER));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether a file below a table's folder looks like a file the table could have written: Parquet data
   * files (under partition folders {@code col=value}) or deletion vectors. VACUUM deletes nothing else.
   */
  static boolean looksLikeDataFile(Path relative) {
    int n = relative.getNameCount();
    for (int i = 0; i < n - 1; i++) {
      String part = relative.getName(i).toString();
      if (!part.matches("[^=/_.][^=/]*=[^/]*")) {
        return false;
      }
    }
    String file = relative.getFileName().toString();
    return !file.startsWith(".") && !file.startsWith("_")
        && (file.endsWith(".parquet") || file.matches("deletion_vector_[0-9a-f-]+\\.bin"));
  }
}
