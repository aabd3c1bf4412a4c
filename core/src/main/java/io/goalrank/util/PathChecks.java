package io.goalrank.util;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the files a command is given, made before it does any work, so a wrong path stops it at once with the
 * option and the path named ({@link IllegalArgumentException}: "invalid argument", exit code 2) instead of after
 * minutes of work, or with a bare path.
 */
public final class PathChecks {
  private PathChecks() {}

  /** {@code file} exists, is a regular file and can be read. */
  public static void requireReadableFile(Path file, String option) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(option + " " + file + ": the file does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory, not a file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + " " + file + ": the file cannot be read (permission denied)");
    }
  }

  /**
   * A file can be written (created, or replaced by a move) at {@code file}: it is not a directory, and its nearest
   * existing ancestor is a writable directory (missing directories in between are created by the writer).
   *
   * @param example a file name to suggest when {@code file} is a directory, e.g. {@code prepared.bin}
   */
  public static void requireWritableFile(Path file, String option, String example) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory; " + option + " takes the file to "
          + "write, e.g. " + file.resolve(example));
    }
    Path ancestor = file.toAbsolutePath().normalize().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      throw new IllegalArgumentException(option + " " + file + ": no existing directory above it");
    }
    if (!Files.isDirectory(ancestor)) {
      throw new IllegalArgumentException(option + " " + file + ": " + ancestor + " is a file, so nothing can be "
          + "created under it");
    }
    if (!Files.isWritable(ancestor)) {
      throw new IllegalArgumentException(option + " " + file + ": cannot write in " + ancestor
          + " (permission denied)");
    }
  }
}
