package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.storage.CloseableIterator;
import io.delta.storage.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * A log store for the local file system whose commit write is an atomic put-if-absent: the commit is
 * written whole to a hidden temp file, synced, then hard-linked to its final name. {@code link(2)}
 * fails if the name exists, so of two processes racing for version N exactly one wins; the loser
 * gets {@link FileAlreadyExistsException} and Delta's conflict check retries it at N+1 (blind appends)
 * or fails it (conflicting writes). Readers never see a partial commit.
 *
 * <p>It also names operations the Delta library has no constant for (RESTORE, OPTIMIZE, VACUUM START,
 * CLONE ...): such commits are made as "Manual Update" with a marker in userMetadata, and the marker
 * is turned into the operation name here, before the commit becomes visible. A RESTORE's marker may
 * also carry the target version's schema, which replaces the metaData action's schemaString: the
 * Delta library refuses to commit a narrower schema, Delta's RESTORE commits exactly that.
 *
 * <p>CHECK constraints: the Delta library knows writer protocol 2 at most and refuses a (1,3) table,
 * although the only thing writer version 3 adds is CHECK constraints, which the lake enforces itself
 * on every write. So a commit marked {@link #PROTOCOL_MARKER} gets the protocol action (1,3) here,
 * and a commit read back by the library shows (1,3) as (1,2); the files keep (1,3) for every other
 * reader. Change Data Feed and generated columns ask for (1,4) the same way, through {@link
 * #protocolMarker}: the lake writes their {@code cdc} actions and generated values itself. Column
 * mapping asks for (2,5) and is shown as (1,2) too: the lake itself reads and writes the files by their
 * physical names and commits the renamed or narrower schema through the schema marker.
 *
 * <p>Commit timestamps: the commit file's modification time is set to the commitInfo timestamp (made
 * at least 1 ms later than the previous commit's), so DESCRIBE HISTORY, TIMESTAMP AS OF (ours, Delta
 * Kernel's and Spark's, which use the file's modification time) all see the same instant.
 */
public final class PutIfAbsentLogStore extends LogStore {

  /** Prefix of the userMetadata that carries the real operation name. */
  static final String OPERATION_MARKER = "lakehouse-workbench:operation=";

  /** Separates the operation name from the schema a RESTORE commits, inside the marker. */
  static final String SCHEMA_MARKER = "|schemaString=";

  /**
   * Asks for a protocol action (1,3) in the commit, inside the marker: ADD CONSTRAINT raises the
   * writer version to 3 as Delta does, which the Delta library here cannot commit itself.
   */
  static final String PROTOCOL_MARKER = "|protocol=1,3";

  /**
   * The marker asking for protocol (reader, writer) in the commit: (1,3) for CHECK constraints, (1,4)
   * for Change Data Feed and generated columns; a commit read back by the library shows (1,2).
   */
  static String protocolMarker(int reader, int writer) {
    return "|protocol=" + reader + "," + writer;
  }

  /**
   * Inside the marker, before any schema: a JSON map from partition columns' logical names to their
   * physical names (column mapping). The Delta library is handed add actions keyed by logical names, as
   * it insists; the commit keys them by physical names, as the Delta protocol wants.
   */
  static final String PARTITION_KEYS_MARKER = "|partitionKeys=";

  private static final java.util.regex.Pattern PARTITION_KEYS_ASKED = java.util.regex.Pattern.compile("\\|partitionKeys=(\\{[^|]*\\})");

  private static final java.util.regex.Pattern PROTOCOL_ASKED = java.util.regex.Pattern.compile("\\|protocol=(\\d+),(\\d+)");

  private final ObjectMapper json = new ObjectMapper();

  public PutIfAbsentLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public CloseableIterator<String> read(Path path, Configuration hadoopConf) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(local(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      // Delta reads "no such file" as FileNotFoundException (e.g. no _last_checkpoint yet); anything
      // else is retried with a sleep
      throw new java.io.FileNotFoundException(path.toString());
    }
    if (isCommit(local(path))) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("{\"protocol\"") && line.matches(".*\"minWriterVersion\":[345][,}].*")) {
          ObjectNode root = (ObjectNode) json.readTree(line);
          ObjectNode protocol = (ObjectNode) root.get("protocol");
          int writer = protocol.path("minWriterVersion").asInt();
          int reader = protocol.path("minReaderVersion").asInt();
          if ((reader == 1 || reader == 2) && writer >= 3 && writer <= 5 && protocol.size() == 2) {
            protocol.put("minReaderVersion", 1);
            protocol.put("minWriterVersion", 2);
            lines.set(i, json.writeValueAsString(root));
          }
        }
      }
    }
    Iterator<String> it = lines.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public String next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    java.nio.file.Path target = local(path);
    Files.createDirectories(target.getParent());
    List<String> lines = new ArrayList<>();
    actions.forEachRemaining(lines::add);
    long timestamp = -1;
    if (isCommit(target)) {
      timestamp = prepareCommit(target, lines);
    }
    StringBuilder content = new StringBuilder();
    for (String line : lines) {
      content.append(line).append('\n');
    }
    java.nio.file.Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content.toString().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    if (timestamp >= 0) {
      Files.setLastModifiedTime(temp, FileTime.fromMillis(timestamp));
    }
    try {
      if (Boolean.TRUE.equals(overwrite)) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        try {
          Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
          throw new FileAlreadyExistsException(target.toString());
        } catch (UnsupportedOperationException e) {
          // no hard links on this file system: exclusive create still claims the name atomically
          Files.write(target, content.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
          if (timestamp >= 0) {
            Files.setLastModifiedTime(target, FileTime.fromMillis(timestamp));
          }
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration hadoopConf) throws IOException {
    java.nio.file.Path p = local(path);
    java.nio.file.Path dir = p.getParent();
    if (!Files.isDirectory(dir)) {
      throw new java.io.FileNotFoundException(dir.toString());
    }
    String from = p.getFileName().toString();
    List<FileStatus> out = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.compareTo(from) >= 0 && !name.startsWith(".")) {
          try {
            out.add(new FileStatus(Files.size(f), Files.isDirectory(f), 1, 0,
                Files.getLastModifiedTime(f).toMillis(), new Path(f.toUri())));
          } catch (NoSuchFileException gone) {
            // removed while listing (log cleanup): skip
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    return out.iterator();
  }

  @Override
  public Path resolvePathOnPhysicalStorage(Path path, Configuration hadoopConf) {
    return new Path(local(path).toUri());
  }

  /**
   * True: checkpoints are written by the Delta library straight through the file system, so they must
   * go to a temp file and be renamed, or a reader in another process could see half a checkpoint.
   */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    return true;
  }

  private static boolean isCommit(java.nio.file.Path target) {
    return target.getFileName().toString().matches("\\d{20}\\.json");
  }

  /**
   * Names marked operations, applies a RESTORE's schema, and settles the commit's timestamp: the
   * commitInfo timestamp, or the previous commit's modification time + 1 ms if that is later (Delta
   * keeps commit timestamps increasing). Returns the timestamp the file's modification time must get.
   */
  private long prepareCommit(java.nio.file.Path target, List<String> lines) throws IOException {
    long previous = -1;
    long version = Long.parseLong(target.getFileName().toString().substring(0, 20));
    if (version > 0) {
      try {
        previous = Files.getLastModifiedTime(target.resolveSibling(String.format("%020d.json", version - 1))).toMillis();
      } catch (NoSuchFileException e) {
        previous = -1;
      }
    }
    long timestamp = -1;
    String schema = null;
    String raiseProtocol = null;
    ObjectNode partitionKeys = null;
    int metadataLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("{\"metaData\"")) {
        metadataLine = i;
      }
      if (!line.startsWith("{\"commitInfo\"")) {
        continue;
      }
      ObjectNode root = (ObjectNode) json.readTree(line);
      ObjectNode info = (ObjectNode) root.get("commitInfo");
      String marker = info.path("userMetadata").asText("");
      if (marker.startsWith(OPERATION_MARKER)) {
        String name = marker.substring(OPERATION_MARKER.length());
        java.util.regex.Matcher pm = PROTOCOL_ASKED.matcher(name);
        if (pm.find()) {
          raiseProtocol = "{\"protocol\":{\"minReaderVersion\":" + pm.group(1) + ",\"minWriterVersion\":" + pm.group(2) + "}}";
          name = name.substring(0, pm.start()) + name.substring(pm.end());
        }
        java.util.regex.Matcher km = PARTITION_KEYS_ASKED.matcher(name);
        if (km.find()) {
          partitionKeys = (ObjectNode) json.readTree(km.group(1));
          name = name.substring(0, km.start()) + name.substring(km.end());
        }
        int s = name.indexOf(SCHEMA_MARKER);
        if (s >= 0) {
          schema = name.substring(s + SCHEMA_MARKER.length());
          name = name.substring(0, s);
        }
        info.put("operation", name);
        info.remove("userMetadata");
      }
      timestamp = Math.max(info.path("timestamp").asLong(System.currentTimeMillis()), previous + 1);
      info.put("timestamp", timestamp);
      lines.set(i, json.writeValueAsString(root));
    }
    if (schema != null && metadataLine >= 0) {
      ObjectNode root = (ObjectNode) json.readTree(lines.get(metadataLine));
      ((ObjectNode) root.get("metaData")).put("schemaString", schema);
      lines.set(metadataLine, json.writeValueAsString(root));
    }
    if (partitionKeys != null) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("{\"add\"")) {
          ObjectNode root = (ObjectNode) json.readTree(lines.get(i));
          ObjectNode add = (ObjectNode) root.get("add");
          ObjectNode physical = json.createObjectNode();
          JsonNode pv = add.path("partitionValues");
          for (java.util.Iterator<String> it = pv.fieldNames(); it.hasNext();) {
            String k = it.next();
            physical.set(partitionKeys.has(k) ? partitionKeys.get(k).asText() : k, pv.get(k));
          }
          add.set("partitionValues", physical);
          lines.set(i, json.writeValueAsString(root));
        }
      }
    }
    if (raiseProtocol != null) {
      lines.removeIf(l -> l.startsWith("{\"protocol\""));
      int at = metadataLine >= 0 ? lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"metaData\"")).findFirst().get())
          : lines.size();
      lines.add(at, raiseProtocol);
    }
    return timestamp;
  }

  private static java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(path.toUri().getPath());
  }
}
