package io.goalrank.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Non-blank lines of a (possibly gzipped) text file with their 1-based line numbers. Blank lines carry no record,
 * so they are skipped without comment. Lines are split on bytes and decoded one by one with a strict decoder, so an
 * encoding error is reported on the exact line instead of being replaced by U+FFFD.
 */
final class LineSource implements Closeable {
  private final Path file;
  private final InputStream in;
  private final Charset charset;
  private final CharsetDecoder decoder;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private byte[] line = new byte[256];
  private long lineNumber;
  private long records;

  LineSource(Path file, Charset charset) throws IOException {
    this.file = file;
    this.in = DataFiles.open(file);
    this.charset = charset;
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The next non-blank line, without its {@code \n} or {@code \r\n}, or null at the end. */
  String next() throws IOException {
    while (true) {
      String text = readLine();
      if (text == null) {
        return null;
      }
      if (!text.isBlank()) {
        records++;
        return text;
      }
    }
  }

  private String readLine() throws IOException {
    int len = 0;
    boolean any = false;
    while (true) {
      if (pos == lim && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      byte b = buf[pos++];
      if (b == '\n') {
        break;
      }
      if (len == line.length) {
        line = Arrays.copyOf(line, len * 2);
      }
      line[len++] = b;
    }
    lineNumber++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return decode(len);
  }

  private boolean fill() throws IOException {
    try {
      lim = in.read(buf, 0, buf.length);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(file, lineNumber + 1, "corrupt or truncated gzip data (" + e.getMessage() + ")");
    }
    pos = 0;
    if (lim <= 0) {
      lim = 0;
      return false;
    }
    return true;
  }

  private String decode(int len) {
    boolean ascii = true;
    for (int k = 0; k < len && ascii; k++) {
      ascii = line[k] >= 0;
    }
    // ASCII is valid in every charset used here, and latin-1 maps every byte: no decoder needed.
    if (ascii || charset.equals(StandardCharsets.ISO_8859_1)) {
      return new String(line, 0, len, StandardCharsets.ISO_8859_1);
    }
    try {
      return decoder.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, lineNumber, "not valid " + charset.name() + " text (" + e + ")");
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

  /**
   * A decimal field of the current line as a float. A number too large or too small for a 32-bit float (a rating
   * of {@code 1e308}) is out of range, which is not the same error as no number at all.
   */
  float decimal(String s, String what) {
    if (!DataFiles.isDecimal(s)) {
      throw error(what + " is not a number: '" + s + "'");
    }
    float v = Float.parseFloat(s);
    boolean underflow = v == 0 && s.replaceFirst("[eE].*", "").matches(".*[1-9].*");
    if (!Float.isFinite(v) || underflow) {
      throw error(what + " " + s + " is out of range: a 32-bit float holds magnitudes from " + Float.MIN_VALUE
          + " to " + Float.MAX_VALUE);
    }
    return v;
  }

  /** An integer field of the current line; digits beyond a 64-bit integer are out of range, not "not an integer". */
  long integer(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      if (s.matches("[-+]?\\d+")) {
        throw error(what + " " + s + " is out of range: at most " + Long.MAX_VALUE + " in magnitude (a 64-bit "
            + "integer)");
      }
      throw error(what + " is not an integer: '" + s + "'");
    }
  }

  /** A non-negative integer id of the current line, kept as its text; ids have at most 9 digits. */
  String intId(String s, String what) {
    if (s.length() > 9 && s.matches("\\d+")) {
      throw error(what + " " + s + " is out of range: integer ids have at most 9 digits");
    }
    return DataFiles.requireIntId(s, file, lineNumber, what);
  }

  /** Fails with "no records" when the file had no non-blank line. */
  void requireRecords() {
    if (records == 0) {
      throw new DataFormatException(file, "empty file: no records");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
