package io.goalrank.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The fields of one log line split exactly as this package's readers split them, for code that filters a log
 * elsewhere (the Spark {@code prepare} runs the k-core filter on executors) and must agree with the readers on
 * which line is which user and item. Only splitting: the readers still validate every line they read.
 */
public final class LogKeys {
  /** {@link MovieLensReader}'s ratings file name. */
  private static final Pattern MOVIELENS_RATINGS = Pattern.compile("ratings.*\\.dat(\\.gz)?");

  private LogKeys() {}

  /** The ML-1M ratings file in {@code dir}, as {@link MovieLensReader} finds it (exactly one must match). */
  public static Path movieLensRatingsFile(Path dir) throws IOException {
    DataFiles.requireDirectory(dir, "ratings.dat and movies.dat (ml-1m)");
    return DataFiles.requireOne(dir, MOVIELENS_RATINGS, "ratings*.dat or ratings*.dat.gz",
        "ml-1m needs ratings.dat and movies.dat");
  }

  /** The {@code ::}-separated fields of an ML-1M ratings line (UserID, MovieID, Rating, Timestamp when valid). */
  public static String[] movieLens(String line) {
    return DataFiles.split(line, "::");
  }

  /** The trimmed comma-separated fields of a csv line. */
  public static String[] csv(String line) {
    String[] f = DataFiles.split(line, ",");
    for (int k = 0; k < f.length; k++) {
      f[k] = f[k].trim();
    }
    return f;
  }

  /** Whether the csv reader takes these fields of a file's first non-blank line for a header. */
  public static boolean csvHeader(String[] fields) {
    return CsvInteractionReader.isHeader(fields);
  }

  /**
   * The files {@link KgatAmazonBookReader} reads in {@code dir}, in reading order: {@code train.txt} then
   * {@code test.txt} (each maybe gzipped); either missing is an error naming the folder.
   */
  public static java.util.List<Path> kgatUserFiles(Path dir) {
    DataFiles.requireDirectory(dir, "train.txt and test.txt (amazon-book)");
    return java.util.List.of(DataFiles.require(dir, "train.txt", "amazon-book needs train.txt and test.txt"),
        DataFiles.require(dir, "test.txt", "amazon-book needs train.txt and test.txt"));
  }

  /** The whitespace-separated fields of a KGAT user line ({@code userID item1 item2 ...}). */
  public static String[] kgat(String line) {
    return DataFiles.tokens(line);
  }

  /** Whether {@code s} is an id {@link KgatAmazonBookReader} takes (a non-negative integer of at most 9 digits). */
  public static boolean kgatId(String s) {
    return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
