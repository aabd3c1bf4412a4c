package io.goalrank.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the {@code *.tmp} files an atomic save leaves behind when its process is killed between writing the
 * temporary file and moving it into place ({@code Checkpoint.save}, the training state, {@code items.txt}, prepared
 * data, reports). Such a file is stale when it was last written before this JVM started: no save of this process
 * made it, and a save of a live process keeps writing (so touching) its own. Files written since are left alone.
 * Every name ending in {@code .tmp} counts: {@link TempFiles#sibling}'s {@code <name>.<random>.tmp} and the
 * {@code <name><digits>.tmp} of builds that used {@code Files.createTempFile}.
 */
public final class StaleTemporaries {
  private static final Logger LOG = LoggerFactory.getLogger(StaleTemporaries.class);
  private static final String SUFFIX = TempFiles.SUFFIX;

  private StaleTemporaries() {}

  /**
   * Deletes the stale {@code *.tmp} files in {@code dir} (and its sub-directories when {@code recursive}); a
   * missing directory has none.
   *
   * @return how many were deleted
   */
  public static int remove(Path dir, boolean recursive) throws IOException {
    return remove(dir, recursive, ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** As above, with files last modified before {@code olderThanMillis} (epoch milliseconds) counting as stale. */
  static int remove(Path dir, boolean recursive, long olderThanMillis) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> stale;
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      stale = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
          .filter(f -> lastModified(f) < olderThanMillis).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    int removed = 0;
    for (Path f : stale) {
      if (Files.deleteIfExists(f)) {
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info("removed {} stale temporary file(s) left by an interrupted save under {}", removed, dir);
    }
    return removed;
  }

  private static long lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (NoSuchFileException e) {
      return Long.MAX_VALUE; // gone meanwhile: nothing to remove
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
