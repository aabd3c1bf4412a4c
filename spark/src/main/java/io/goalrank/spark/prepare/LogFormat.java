package io.goalrank.spark.prepare;

import io.goalrank.data.LogKeys;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The interaction logs the Spark {@code prepare} reads: where the log file is and how a line splits into user and
 * item (core's own splitting, {@link LogKeys}). The full validation of every kept line is left to core's reader,
 * which reads the filtered log.
 */
enum LogFormat {
  /** MovieLens 1M: {@code ratings*.dat[.gz]} of {@code UserID::MovieID::Rating::Timestamp} beside movies.dat. */
  ML_1M("ml-1m", StandardCharsets.ISO_8859_1) {
    @Override
    Path logFile(Path source) throws IOException {
      return LogKeys.movieLensRatingsFile(source);
    }

    @Override
    String[] fields(String line) {
      String[] f = LogKeys.movieLens(line);
      return f.length == 4 ? f : null;
    }

    @Override
    String expected() {
      return "4 '::'-separated fields (UserID::MovieID::Rating::Timestamp)";
    }
  },
  /** One csv file of {@code user,item[,rating[,timestamp]]}, maybe with a header. */
  CSV("csv", StandardCharsets.UTF_8) {
    @Override
    Path logFile(Path source) {
      return source;
    }

    @Override
    String[] fields(String line) {
      String[] f = LogKeys.csv(line);
      return f.length >= 2 && f.length <= 4 && !f[0].isEmpty() && !f[1].isEmpty() ? f : null;
    }

    @Override
    boolean mayHaveHeader() {
      return true;
    }

    @Override
    String expected() {
      return "2 to 4 comma-separated fields (user,item[,rating[,timestamp]]) with non-empty ids";
    }
  };

  private final String dataset;
  private final Charset charset;

  LogFormat(String dataset, Charset charset) {
    this.dataset = dataset;
    this.charset = charset;
  }

  /** The line format of {@code --dataset}; amazon-book ({@link KgatLog}) and parquet ({@link ParquetLog}) have their own. */
  static LogFormat of(String dataset) {
    for (LogFormat f : values()) {
      if (f.dataset.equals(dataset)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--dataset " + dataset + ": the Spark prepare reads ml-1m, csv, amazon-book "
        + "and parquet; use `goalrank prepare` for other datasets");
  }

  String dataset() {
    return dataset;
  }

  Charset charset() {
    return charset;
  }

  /** The file of interactions under {@code source} (the dataset's folder, or the file itself). */
  abstract Path logFile(Path source) throws IOException;

  /** The line's fields (user first, item second), or null when the line is malformed. */
  abstract String[] fields(String line);

  /** What a well-formed line looks like, for errors. */
  abstract String expected();

  /** Whether the first non-blank line may be a header, which core's reader then skips. */
  boolean mayHaveHeader() {
    return false;
  }

  /** Whether core's reader takes {@code line}, the first non-blank one, for a header. */
  boolean isHeader(String line) {
    return mayHaveHeader() && LogKeys.csvHeader(LogKeys.csv(line));
  }
}
