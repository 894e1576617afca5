package dev.lakehouse.workbench.lake.internal;

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
 * is turned into the operation name here, before the commit becomes visible.
 */
public final class PutIfAbsentLogStore extends LogStore {

  /** Prefix of the userMetadata that carries the real operation name. */
  static final String OPERATION_MARKER = "lakehouse-workbench:operation=";

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
    StringBuilder content = new StringBuilder();
    while (actions.hasNext()) {
      String line = actions.next();
      content.append(isCommit(target) ? nameOperation(line) : line).append('\n');
    }
    java.nio.file.Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content.toString().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
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

  private String nameOperation(String line) throws IOException {
    if (!line.startsWith("{\"commitInfo\"") || !line.contains(OPERATION_MARKER)) {
      return line;
    }
    ObjectNode root = (ObjectNode) json.readTree(line);
    ObjectNode info = (ObjectNode) root.get("commitInfo");
    String marker = info.path("userMetadata").asText("");
    if (marker.startsWith(OPERATION_MARKER)) {
      info.put("operation", marker.substring(OPERATION_MARKER.length()));
      info.remove("userMetadata");
    }
    return json.writeValueAsString(root);
  }

  private static java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(path.toUri().getPath());
  }
}
