package io.goalrank.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one comma-separated file ({@code csv}) of {@code user,item[,rating[,timestamp]]}, UTF-8, optionally
 * gzipped (recognised by content). Ids are any non-empty strings; fields are trimmed; quoting is not supported, so
 * an id must not contain a comma. A missing rating column means rating 1 (implicit feedback); a missing timestamp
 * column means the 0-based row order of the data lines. Every line must have the same number of fields (2, 3 or
 * 4). Users and items are indexed in order of first appearance; the catalog is empty.
 *
 * <p><b>Header.</b> The first non-blank line is a header when it looks like one — some field is a usual column
 * name such as {@code user}, {@code user_id}, {@code itemId}, {@code movie_id}, {@code rating} or {@code timestamp}
 * (case, {@code _}, {@code -} and spaces ignored; {@code user1} is an id, not a name) — and none of its
 * rating/timestamp fields is numeric. A skipped header is logged. Otherwise it is data, and a non-numeric rating there is an error.
 *
 * <p><b>Error policy.</b> Fail with {@link DataFormatException} (file and 1-based line) on: fewer than 2 or more than
 * 4 fields, a field count different from the first line's (expected vs found), an empty id, a rating that is not a
 * decimal number or is out of a float's range ({@code 1e308}), a timestamp that is not an integer or is out of a
 * long's range, a file with no data lines, a missing file, a directory
 * instead of a file, or invalid UTF-8/gzip data. Blank lines are skipped silently: they carry no record. Nothing
 * else is skipped; repeated (user, item) rows are kept in file order.
 */
public final class CsvInteractionReader implements InteractionReader {
  private static final Logger LOG = LoggerFactory.getLogger(CsvInteractionReader.class);
  // Exact column names (lower case, without '_', '-' and spaces), so an id such as "user1" is never taken for one.
  private static final Set<String> HEADER_WORDS = Set.of("user", "users", "userid", "uid", "item", "items",
      "itemid", "iid", "movie", "movieid", "product", "productid", "rating", "ratings", "score", "label",
      "timestamp", "time", "ts", "date");

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String description() {
    return "one file of user,item[,rating[,timestamp]] (rating scale unknown: give --threshold)";
  }

  /** 1, since the scale is unknown; a rated file without {@code --threshold} gets a warning. */
  @Override
  public PositiveThreshold defaultThreshold(Interactions data) {
    return PositiveThreshold.inferred(name(), data);
  }

  @Override
  public Interactions read(Path source) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new DataFormatException(source, (Files.isDirectory(source) ? "is a directory" : "does not exist")
          + "; expected a file of user,item[,rating[,timestamp]] lines");
    }
    long start = System.nanoTime();
    IdIndex.Builder users = new IdIndex.Builder();
    IdIndex.Builder items = new IdIndex.Builder();
    InteractionBuffer rows = new InteractionBuffer();
    boolean header = false;
    try (LineSource lines = new LineSource(source, StandardCharsets.UTF_8)) {
      int width = -1;
      long widthLine = -1;
      for (String line = lines.next(); line != null; line = lines.next()) {
        String[] f = DataFiles.split(line, ",");
        for (int k = 0; k < f.length; k++) {
          f[k] = f[k].trim();
        }
        if (f.length < 2 || f.length > 4) {
          throw lines.error("expected 2 to 4 comma-separated fields (user,item[,rating[,timestamp]]), found "
              + f.length);
        }
        if (width < 0) {
          width = f.length;
          widthLine = lines.line();
          if (isHeader(f)) {
            header = true;
            continue;
          }
        } else if (f.length != width) {
          throw lines.error("expected " + width + " fields (as on line " + widthLine + "), found " + f.length);
        }
        if (f[0].isEmpty() || f[1].isEmpty()) {
          throw lines.error("empty " + (f[0].isEmpty() ? "user" : "item") + " id");
        }
        float rating = f.length > 2 ? lines.decimal(f[2], "rating") : 1f;
        long timestamp = f.length > 3 ? lines.integer(f[3], "timestamp") : rows.size();
        rows.add(users.add(f[0]), items.add(f[1]), rating, timestamp);
      }
      if (rows.size() == 0) {
        throw new DataFormatException(source, header ? "no records after the header" : "empty file: no records");
      }
    }
    LOG.info("Read csv {}: {} rows, {} users, {} items{} in {} ms", source, rows.size(), users.size(), items.size(),
        header ? " (header skipped)" : "", (System.nanoTime() - start) / 1_000_000);
    return rows.build(users.build(), items.build(), ItemCatalog.empty());
  }

  /** A header names its columns and has no number where a rating or timestamp would be. */
  static boolean isHeader(String[] fields) {
    boolean named = false;
    for (String field : fields) {
      named |= HEADER_WORDS.contains(field.toLowerCase(Locale.ROOT).replaceAll("[_\\- ]", ""));
    }
    for (int k = 2; k < fields.length; k++) {
      if (DataFiles.isDecimal(fields[k])) {
        return false;
      }
    }
    return named;
  }
}
