package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a failure of the Delta library into one clear error by looking at the log itself: which
 * commit file is not valid JSON, which checkpoint is missing, which version is missing, or which
 * protocol feature the table needs.
 */
final class LogDiagnosis {

  private final ObjectMapper json;

  LogDiagnosis(ObjectMapper json) {
    this.json = json;
  }

  WorkbenchException diagnose(TableId id, Path loc, Throwable cause) {
    Path logDir = loc.resolve("_delta_log");
    try {
      Path last = logDir.resolve("_last_checkpoint");
      if (Files.exists(last)) {
        JsonNode lc;
        try {
          lc = json.readTree(Files.readString(last));
        } catch (IOException e) {
          return LakeErrors.damagedFile(id, last, "the _last_checkpoint file is not valid JSON", cause);
        }
        long v = lc.path("version").asLong(-1);
        long parts = lc.path("parts").asLong(0);
        Path cp = logDir.resolve(String.format("%020d.checkpoint.parquet", v));
        if (v >= 0 && parts == 0 && !Files.exists(cp)) {
          return LakeErrors.missingCheckpoint(id, v, cp, cause);
        }
      }
      List<Path> commits;
      try (Stream<Path> s = Files.list(logDir)) {
        commits = s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().collect(Collectors.toList());
      }
      long expected = commits.isEmpty() ? 0 : version(commits.get(0));
      JsonNode protocol = null;
      for (Path c : commits) {
        long v = version(c);
        if (v != expected) {
          return LakeErrors.missingCommit(id, expected, logDir.resolve(String.format("%020d.json", expected)), cause);
        }
        expected++;
        List<String> lines;
        try {
          lines = Files.readAllLines(c, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
          return LakeErrors.damagedCommit(id, v, c, "the file is not UTF-8 JSON (garbled or overwritten)");
        }
        if (lines.stream().allMatch(String::isBlank)) {
          return LakeErrors.damagedCommit(id, v, c, "the commit file is empty");
        }
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.isBlank()) {
            continue;
          }
          JsonNode node;
          try {
            node = json.readTree(line);
          } catch (IOException e) {
            return LakeErrors.damagedCommit(id, v, c, "line " + (i + 1) + " is not valid JSON (the file is truncated or edited)");
          }
          if (node.has("protocol")) {
            protocol = node.get("protocol");
          }
        }
      }
      if (protocol != null) {
        int reader = protocol.path("minReaderVersion").asInt(1);
        int writer = protocol.path("minWriterVersion").asInt(2);
        if (reader > 2 || writer > 5 || protocol.has("readerFeatures") || protocol.has("writerFeatures")) {
          List<String> features = new ArrayList<>();
          protocol.path("readerFeatures").forEach(f -> features.add(f.asText()));
          protocol.path("writerFeatures").forEach(f -> {
            if (!features.contains(f.asText())) {
              features.add(f.asText());
            }
          });
          return LakeErrors.unsupportedProtocol(id, reader, writer, features);
        }
      }
    } catch (IOException e) {
      // the log cannot be read either: say so, and keep the failure that sent us here for --verbose
      WorkbenchException unreadable = LakeErrors.unreadableTable(id, loc, e);
      unreadable.addSuppressed(cause);
      return unreadable;
    }
    String msg = String.valueOf(cause.getMessage());
    if (msg.contains("FileNotFound") || msg.contains("No such file") || cause instanceof java.io.UncheckedIOException) {
      return LakeErrors.unreadableTable(id, loc, cause);
    }
    return LakeErrors.unreadableTable(id, loc, cause);
  }

  private static long version(Path commit) {
    return Long.parseLong(commit.getFileName().toString().substring(0, 20));
  }
}
