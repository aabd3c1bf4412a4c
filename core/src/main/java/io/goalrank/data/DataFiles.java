package io.goalrank.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * File helpers shared by the readers: finding a file that may be gzipped, opening it by content (not by name),
 * and explaining a missing file by listing what the directory does hold.
 */
final class DataFiles {
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private DataFiles() {}

  /** Opens {@code file} for reading bytes, gunzipping when its first bytes are the gzip magic number. */
  static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(4);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 'P' && b1 == 'K') {
        throw new DataFormatException(file, "is a zip archive; unzip it first (or let `goalrank` download the data)");
      }
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The file {@code name} or {@code name.gz} in {@code dir}, or empty when neither exists; both is an error. */
  static Optional<Path> optional(Path dir, String name) {
    Path plain = dir.resolve(name);
    Path gz = dir.resolve(name + ".gz");
    boolean hasPlain = Files.isRegularFile(plain);
    boolean hasGz = Files.isRegularFile(gz);
    if (hasPlain && hasGz) {
      throw new DataFormatException(dir, "both " + name + " and " + name + ".gz exist; keep only one");
    }
    return hasPlain ? Optional.of(plain) : hasGz ? Optional.of(gz) : Optional.empty();
  }

  /** Like {@link #optional} but fails, listing the directory, when the file is missing. */
  static Path require(Path dir, String name, String datasetHint) {
    return optional(dir, name).orElseThrow(() -> missing(dir, name + " (or " + name + ".gz)", datasetHint));
  }

  /** The single regular file in {@code dir} whose name matches {@code pattern}; none or several is an error. */
  static Path requireOne(Path dir, Pattern pattern, String description, String datasetHint) throws IOException {
    List<Path> matches = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(Files::isRegularFile)
          .filter(p -> pattern.matcher(p.getFileName().toString()).matches())
          .sorted()
          .forEach(matches::add);
    }
    if (matches.isEmpty()) {
      throw missing(dir, description, datasetHint);
    }
    if (matches.size() > 1) {
      throw new DataFormatException(dir, "several files match " + description + ": "
          + matches.stream().map(p -> p.getFileName().toString()).toList() + "; keep only one");
    }
    return matches.get(0);
  }

  /** Fails unless {@code dir} is a directory, naming the dataset whose files it should hold. */
  static void requireDirectory(Path dir, String datasetHint) {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir, (Files.exists(dir) ? "is a file, not a directory" : "does not exist")
          + "; expected a directory with " + datasetHint);
    }
  }

  static DataFormatException missing(Path dir, String what, String datasetHint) {
    return new DataFormatException(dir, "missing required file " + what + " (" + datasetHint
        + "); the directory contains " + listing(dir));
  }

  static List<String> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of("<unreadable: " + e.getMessage() + ">");
    }
  }

  static boolean isDecimal(String s) {
    return isDigits(s) || DECIMAL.matcher(s).matches();
  }

  /** Splits on a literal separator (String.split compiles a regex for multi-character separators). */
  static String[] split(String line, String separator) {
    List<String> fields = new ArrayList<>(4);
    int from = 0;
    for (int at = line.indexOf(separator); at >= 0; at = line.indexOf(separator, from)) {
      fields.add(line.substring(from, at));
      from = at + separator.length();
    }
    fields.add(line.substring(from));
    return fields.toArray(new String[0]);
  }

  /** Tokens separated by runs of spaces or tabs; leading and trailing ones are ignored. */
  static String[] tokens(String line) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    int k = 0;
    while (k < n) {
      while (k < n && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
        k++;
      }
      int start = k;
      while (k < n && line.charAt(k) != ' ' && line.charAt(k) != '\t') {
        k++;
      }
      if (k > start) {
        out.add(line.substring(start, k));
      }
    }
    return out.toArray(new String[0]);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Checks that {@code s} is a non-negative integer id and returns it unchanged (ids stay strings). */
  static String requireIntId(String s, Path file, long line, String what) {
    if (!isDigits(s)) {
      throw new DataFormatException(file, line, what + " is not a non-negative integer id: '" + s + "'");
    }
    return s;
  }
}
