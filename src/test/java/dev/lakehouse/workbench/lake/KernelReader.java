package dev.lakehouse.workbench.lake;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/** Delta Kernel as an independent reader of the tables the lake writes. */
public final class KernelReader {

  private final Engine engine = DefaultEngine.create(new Configuration());

  /** Rows of a version, canonical (see {@link #canon}) and sorted. */
  public List<List<Object>> rows(Path table, long version) throws Exception {
    Snapshot snap = Table.forPath(engine, table.toString()).getSnapshotAsOfVersion(engine, version);
    return rows(snap);
  }

  public long latestVersion(Path table) {
    return Table.forPath(engine, table.toString()).getLatestSnapshot(engine).getVersion();
  }

  /** The version Kernel's TIMESTAMP AS OF picks (the last commit at or before the instant). */
  public long versionAt(Path table, Instant timestamp) {
    return Table.forPath(engine, table.toString()).getSnapshotAsOfTimestamp(engine, timestamp.toEpochMilli()).getVersion();
  }

  public List<String> schema(Path table, long version) {
    StructType s = Table.forPath(engine, table.toString()).getSnapshotAsOfVersion(engine, version).getSchema();
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.getName() + " " + f.getDataType().toString().toLowerCase() + (f.isNullable() ? "" : " not null"));
    }
    return out;
  }

  /** The table configuration (metaData.configuration) Kernel sees at a version. */
  public java.util.Map<String, String> configuration(Path table, long version) {
    return ((io.delta.kernel.internal.SnapshotImpl) Table.forPath(engine, table.toString())
        .getSnapshotAsOfVersion(engine, version)).getMetadata().getConfiguration();
  }

  /** The protocol Kernel sees at a version, as (minReaderVersion, minWriterVersion). */
  public List<Integer> protocol(Path table, long version) {
    io.delta.kernel.internal.actions.Protocol p = ((io.delta.kernel.internal.SnapshotImpl) Table.forPath(engine,
        table.toString()).getSnapshotAsOfVersion(engine, version)).getProtocol();
    return List.of(p.getMinReaderVersion(), p.getMinWriterVersion());
  }

  public List<String> partitionColumns(Path table, long version) {
    return Table.forPath(engine, table.toString()).getSnapshotAsOfVersion(engine, version).getPartitionColumnNames();
  }

  private List<List<Object>> rows(Snapshot snap) throws Exception {
    Scan scan = snap.getScanBuilder().build();
    Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> rows = files.next().getRows()) {
          while (rows.hasNext()) {
            Row file = rows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(single(status), physical, Optional.empty()).map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state, file, data)) {
              while (logical.hasNext()) {
                FilteredColumnarBatch b = logical.next();
                ColumnarBatch batch = b.getData();
                for (int r = 0; r < batch.getSize(); r++) {
                  if (b.getSelectionVector().isPresent() && !b.getSelectionVector().get().getBoolean(r)) {
                    continue;
                  }
                  List<Object> row = new ArrayList<>();
                  for (int c = 0; c < batch.getSchema().length(); c++) {
                    ColumnVector v = batch.getColumnVector(c);
                    row.add(canon(value(v, v.getDataType(), r)));
                  }
                  out.add(row);
                }
              }
            }
          }
        }
      }
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }

  private static CloseableIterator<FileStatus> single(FileStatus s) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(s);
  }

  private static Object value(ColumnVector v, DataType t, int r) {
    if (v.isNullAt(r)) {
      return null;
    }
    if (t instanceof IntegerType) return v.getInt(r);
    if (t instanceof LongType) return v.getLong(r);
    if (t instanceof ShortType) return v.getShort(r);
    if (t instanceof ByteType) return v.getByte(r);
    if (t instanceof StringType) return v.getString(r);
    if (t instanceof DoubleType) return v.getDouble(r);
    if (t instanceof FloatType) return (double) v.getFloat(r);
    if (t instanceof BooleanType) return v.getBoolean(r);
    if (t instanceof DecimalType) return v.getDecimal(r);
    if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(r)).toString();
    if (t instanceof TimestampType) {
      long micros = v.getLong(r);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }
    return String.valueOf(v);
  }

  /** One form for values from Kernel and from the lake: integers as Long, decimals as plain text. */
  public static Object canon(Object o) {
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    if (o instanceof Float) {
      return ((Float) o).doubleValue();
    }
    if (o instanceof BigDecimal) {
      return ((BigDecimal) o).stripTrailingZeros().toPlainString();
    }
    return o;
  }

  /** The lake's rows in the same canonical, sorted form. */
  public static List<List<Object>> canonRows(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<Object> c = new ArrayList<>();
      for (Object o : r) {
        c.add(canon(o));
      }
      out.add(c);
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }
}
