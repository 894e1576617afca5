package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One workbench window per data directory: an OS file lock on {@code <dataDir>/workbench.lock},
 * released by the OS even when the process is killed. The command line does not take it, so it
 * keeps working while the workbench is open.
 */
public final class WorkbenchLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private WorkbenchLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static WorkbenchLock acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(dataDir.resolve("workbench.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "the workbench is already open on " + dataDir,
            "one window owns a data folder at a time", "switch to the open window, or pass another --data-dir");
      }
      return new WorkbenchLock(channel, lock);
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot lock " + dataDir, e.getMessage(),
          "check that the folder is writable, or pass another --data-dir");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the OS releases the lock when the process ends
    }
  }
}
