package io.goalrank.data;

import java.nio.file.Path;

/**
 * Bad input data, with the file and (when known) the 1-based line where it was found, so that the message alone
 * tells a user what to fix.
 */
public class DataFormatException extends RuntimeException {
  private final Path file;
  private final long line;

  public DataFormatException(Path file, long line, String message) {
    super(format(file, line, message));
    this.file = file;
    this.line = line;
  }

  public DataFormatException(Path file, String message) {
    this(file, -1, message);
  }

  private static String format(Path file, long line, String message) {
    String where = file == null ? "" : file.toString();
    if (line > 0) {
      where += ":" + line;
    }
    return where.isEmpty() ? message : where + ": " + message;
  }

  /** The file that holds the bad input, or null. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the bad input, or -1 when the problem is not on one line. */
  public long line() {
    return line;
  }
}
