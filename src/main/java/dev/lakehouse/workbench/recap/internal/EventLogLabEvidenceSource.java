package dev.lakehouse.workbench.recap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.progress.ProgressEvent;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.recap.LabEvidence;
import dev.lakehouse.workbench.recap.LabEvidenceSource;
import dev.lakehouse.workbench.recap.TableEvidence;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lab evidence read from the progress store's event log: one event of kind {@value #KIND} per lab
 * check, its detail a JSON object
 * {@code {"lab":"day-01-first-lake","passed":3,"total":3,"tables":[{"table":"s.t","version":2,"operations":["CREATE TABLE","WRITE"]}]}}
 * (docs/decisions/0006-streaks-drafts-recaps.md). Events whose detail cannot be read are skipped,
 * never guessed at.
 */
public final class EventLogLabEvidenceSource implements LabEvidenceSource {

  /** The event kind a lab check is logged under. */
  public static final String KIND = "lab.checked";

  private final ProgressStore store;
  /** Made on first use: a mapper loads a few hundred classes, and the workbench's first frame reads no evidence. */
  private ObjectMapper json;

  private synchronized ObjectMapper json() {
    if (json == null) {
      json = new ObjectMapper();
    }
    return json;
  }

  public EventLogLabEvidenceSource(ProgressStore store) {
    this.store = store;
  }

  @Override
  public List<LabEvidence> evidence() {
    List<LabEvidence> out = new ArrayList<>();
    for (ProgressEvent e : store.events(Instant.EPOCH)) {
      if (KIND.equals(e.kind())) {
        LabEvidence ev = parse(e);
        if (ev != null) {
          out.add(ev);
        }
      }
    }
    return out;
  }

  /** The detail for one check, in the format {@link #evidence()} reads. */
  public String detail(LabEvidence e) {
    var root = json().createObjectNode();
    root.put("lab", e.labId());
    root.put("passed", e.checksPassed());
    root.put("total", e.checksTotal());
    var tables = root.putArray("tables");
    for (TableEvidence t : e.tables()) {
      var o = tables.addObject();
      o.put("table", t.table());
      o.put("version", t.version());
      var ops = o.putArray("operations");
      t.operations().forEach(ops::add);
    }
    return root.toString();
  }

  private LabEvidence parse(ProgressEvent e) {
    try {
      JsonNode n = json().readTree(e.detail());
      if (n == null || !n.hasNonNull("lab")) {
        return null;
      }
      List<TableEvidence> tables = new ArrayList<>();
      for (JsonNode t : n.path("tables")) {
        List<String> ops = new ArrayList<>();
        t.path("operations").forEach(o -> ops.add(o.asText()));
        tables.add(new TableEvidence(t.path("table").asText(), t.path("version").asLong(), ops));
      }
      return new LabEvidence(n.get("lab").asText(), e.day(), e.at(), n.path("passed").asInt(), n.path("total").asInt(), tables);
    } catch (IOException | RuntimeException ex) {
      return null;
    }
  }
}
