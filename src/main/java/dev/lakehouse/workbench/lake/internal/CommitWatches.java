package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.CommitWatch;
import dev.lakehouse.workbench.lake.TableId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A lake's open {@link CommitWatch}es: the {@link Committer} tells them of every successful commit. */
final class CommitWatches {

  private final List<Watch> open = new CopyOnWriteArrayList<>();

  CommitWatch open() {
    Watch w = new Watch();
    open.add(w);
    return w;
  }

  /** A commit to {@code id} built on {@code readVersion} (-1: it created the table). */
  void committed(TableId id, long readVersion) {
    for (Watch w : open) {
      w.before.putIfAbsent(id, readVersion);
    }
  }

  private final class Watch implements CommitWatch {
    private final Map<TableId, Long> before = Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    public Map<TableId, Long> before() {
      synchronized (before) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(before));
      }
    }

    @Override
    public void close() {
      open.remove(this);
    }
  }
}
