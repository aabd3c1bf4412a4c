package io.goalrank.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * Non-blank lines of a (possibly gzipped) text file with their 1-based line numbers. Blank lines carry no record,
 * so they are skipped without comment; encoding errors become a {@link DataFormatException} near the line.
 */
final class LineSource implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private long lineNumber;
  private long records;

  LineSource(Path file, Charset charset) throws IOException {
    this.file = file;
    this.reader = DataFiles.open(file, charset);
  }

  /** The next non-blank line, with a trailing {@code \r} removed, or null at the end. */
  String next() throws IOException {
    while (true) {
      String line;
      try {
        line = reader.readLine();
      } catch (CharacterCodingException e) {
        throw new DataFormatException(file, lineNumber + 1, "not valid text in the expected encoding (" + e + ")");
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw new DataFormatException(file, lineNumber + 1, "corrupt or truncated gzip data (" + e.getMessage() + ")");
      }
      if (line == null) {
        return null;
      }
      lineNumber++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isBlank()) {
        records++;
        return line;
      }
    }
  }

  /** The 1-based number of the line last returned by {@link #next}. */
  long line() {
    return lineNumber;
  }

  /** Non-blank lines returned so far. */
  long records() {
    return records;
  }

  Path file() {
    return file;
  }

  DataFormatException error(String message) {
    return new DataFormatException(file, lineNumber, message);
  }

  /** Fails with "no records" when the file had no non-blank line. */
  void requireRecords() {
    if (records == 0) {
      throw new DataFormatException(file, "empty file: no records");
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
