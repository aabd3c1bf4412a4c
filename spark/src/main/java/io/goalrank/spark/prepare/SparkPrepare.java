package io.goalrank.spark.prepare;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.InteractionReader;
import io.goalrank.data.Interactions;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * {@code goalrank prepare} with the log-sized work on Spark, equal to the single-machine prepare request by
 * request for the same settings ({@code SparkPrepareTest}).
 *
 * <p><b>On Spark (distributed):</b> reading the log (its lines in parallel; a gzipped file is one split), splitting
 * each line into user and item exactly as core's reader does ({@link io.goalrank.data.LogKeys}), and the iterative
 * k-core filter (per-user and per-item counts on the executors, the rows of users and items below k dropped with
 * broadcast sets, until nothing changes), the part that must see the whole log. The kept lines come back to the
 * driver in file order as a stream ({@code toLocalIterator}, one partition at a time) into a filtered copy of the
 * log. The driver holds one count per user and item, never the rows.
 *
 * <p><b>On the driver, with core's own code:</b> core's reader reads that filtered log and core's
 * {@link DatasetPreparer} runs on it: timelines, requests ({@code last}/{@code slates}), split, the MF retriever,
 * candidates and labels. The k-core filter is idempotent (a k-core keeps every row and indexes users and items in
 * the same first-appearance order), so the output equals the single-machine prepare by construction; only
 * {@code stats.rawInteractions} is restored to the unfiltered log's count, and timings differ. The candidate pass
 * stays on one machine because it draws every request's negatives and shuffle from one seeded random stream in
 * request order: splitting it per user would change the output.
 */
public final class SparkPrepare {
  private static final Logger LOG = LoggerFactory.getLogger(SparkPrepare.class);
  private final SparkSession spark;

  public SparkPrepare(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Prepares {@code source} as {@code dataset}: {@code ml-1m}, {@code csv}, {@code amazon-book} (the KGAT folder,
   * {@link KgatLog}) or {@code parquet} (a Parquet table of user, item, rating, time, {@link ParquetLog}).
   *
   * @param threshold the positive-feedback threshold, or null for the dataset's default (as {@code --threshold})
   * @param protocol every protocol setting but the threshold, which is resolved as core's prepare does
   * @param workDir where the filtered log is written (kept, for inspection; it is log-sized)
   */
  public PreparedDataset prepare(String dataset, Path source, Float threshold, ProtocolConfig.Builder protocol,
      MfRetriever.Options mf, Path workDir) throws IOException {
    int k = protocol.build().coreK();
    Filtered filtered;
    Path input;
    String readerName = dataset;
    if (dataset.equals("amazon-book")) {
      filtered = KgatLog.filter(JavaSparkContext.fromSparkContext(spark.sparkContext()), source, k, workDir);
      input = filtered.file();
    } else if (dataset.equals(ParquetLog.DATASET)) {
      // the table as csv lines in its documented order, then the csv path: core's csv reader reads the copy
      filtered = filter(LogFormat.CSV, ParquetLog.csvLines(spark, source), source.toString(),
          workDir.resolve(ParquetLog.DATASET).resolve("log.csv"), k);
      input = filtered.file();
      readerName = "csv";
    } else {
      LogFormat format = LogFormat.of(dataset);
      Path logFile = format.logFile(source);
      filtered = filter(format, logFile, k, workDir);
      input = dataset.equals("csv") ? filtered.file() : filtered.file().getParent();
      if (format == LogFormat.ML_1M) {
        linkSiblings(source, logFile, input); // movies.dat (the catalog) and whatever else the reader may want
      }
    }
    InteractionReader reader = DatasetReaders.forName(readerName);
    Interactions interactions = reader.read(input);
    PositiveThreshold positive = PositiveThreshold.resolve(reader, threshold, interactions);
    positive.warnIfAssumed();
    ProtocolConfig config = protocol.optPositiveThreshold(positive.value()).build();
    PreparedDataset prepared = positive.recordIn(new DatasetPreparer(config, mf).prepare(dataset, interactions));
    Map<String, String> info = new LinkedHashMap<>(prepared.info());
    info.put("stats.rawInteractions", Long.toString(filtered.rawRows())); // the log's, not the filtered copy's
    return prepared.withInfo(info);
  }

  /** A log's lines kept by the k-core filter, in file order, and how many data lines the log had. */
  record Filtered(Path file, long rawRows, long keptRows) {}

  /** Runs the k-core filter on Spark and writes the kept lines (and a header, if any) in file order. */
  Filtered filter(LogFormat format, Path logFile, int k, Path workDir) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path out = workDir.resolve(format.dataset()).resolve(format == LogFormat.CSV
        ? logFile.getFileName().toString().replaceFirst("\\.gz$", "")
        : "ratings.dat");
    return filter(format, jsc.textFile(logFile.toString()), logFile.toString(), out, k);
  }

  /**
   * As above, on the log's lines in order ({@code name} for errors), writing the kept lines to {@code out}.
   */
  Filtered filter(LogFormat format, JavaRDD<String> logLines, String name, Path out, int k) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<String, Long> lines = logLines.zipWithIndex();
    String header = null;
    long headerLine = -1;
    if (format.mayHaveHeader()) {
      List<Tuple2<String, Long>> first = lines.filter(t -> !t._1().isBlank()).take(1);
      if (!first.isEmpty() && format.isHeader(first.get(0)._1())) {
        header = first.get(0)._1();
        headerLine = first.get(0)._2();
      }
    }
    // plain RDDs, not SQL: no query planning and code generation per round, and partitions keep file order
    // (textFile splits in file order, filters keep row order), so the kept lines need no sort to come back in it
    JavaRDD<Keyed> rows = lines.flatMap(new KeyLines(format, name, headerLine))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long raw = rows.count();
    JavaRDD<Keyed> kept = k <= 1 ? rows : coreFilter(jsc, rows, k);
    Files.createDirectories(out.getParent());
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, format.charset())) {
      if (header != null) {
        w.write(header);
        w.newLine();
      }
      Iterator<Keyed> it = kept.toLocalIterator(); // one partition at a time on the driver
      while (it.hasNext()) {
        w.write(it.next().text());
        w.newLine();
        written++;
      }
    }
    kept.unpersist();
    rows.unpersist();
    LOG.info("k-core filter (k={}) on Spark: {} of {} interactions kept -> {}", k, written, raw, out);
    return new Filtered(out, raw, written);
  }

  /**
   * The iterative k-core filter: count rows per user and per item (on the executors; the driver receives one count
   * per user and item, not the rows), drop the rows of users or items below k, and repeat until no user or item is
   * below k. Both counts come from the same rows, as in core's CoreFilter.
   */
  static JavaRDD<Keyed> coreFilter(JavaSparkContext jsc, JavaRDD<Keyed> rows, int k) {
    JavaRDD<Keyed> current = rows;
    while (true) {
      Map<String, Long> userCounts = current.map(Keyed::user).countByValue();
      Map<String, Long> itemCounts = current.map(Keyed::item).countByValue();
      Set<String> users = atLeast(userCounts, k);
      Set<String> items = atLeast(itemCounts, k);
      if (users.size() == userCounts.size() && items.size() == itemCounts.size()) {
        return current;
      }
      Broadcast<Set<String>> keepUsers = jsc.broadcast(users);
      Broadcast<Set<String>> keepItems = jsc.broadcast(items);
      JavaRDD<Keyed> next = current
          .filter(r -> keepUsers.value().contains(r.user()) && keepItems.value().contains(r.item()))
          .persist(StorageLevel.MEMORY_AND_DISK());
      next.count();
      if (current != rows) {
        current.unpersist();
      }
      current = next;
    }
  }

  private static Set<String> atLeast(Map<String, Long> counts, int k) {
    Set<String> out = new HashSet<>();
    counts.forEach((key, c) -> {
      if (c >= k) {
        out.add(key);
      }
    });
    return out;
  }

  /** One log line with its 0-based line index and its user and item as the reader splits them. */
  record Keyed(long line, String text, String user, String item) implements Serializable {}

  /** Links every file of the dataset folder but its log into {@code dir}. */
  private static void linkSiblings(Path source, Path logFile, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().equals(logFile.getFileName()) && Files.isRegularFile(f)) {
          Path link = dir.resolve(f.getFileName());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, f.toAbsolutePath());
        }
      }
    }
  }

  /** Splits lines into (line, text, user, item); blank lines and the header carry no record. */
  private record KeyLines(LogFormat format, String file, long headerLine)
      implements FlatMapFunction<Tuple2<String, Long>, Keyed>, Serializable {
    @Override
    public Iterator<Keyed> call(Tuple2<String, Long> line) {
      String text = line._1();
      long index = line._2();
      if (text.isBlank() || index == headerLine) {
        return Collections.emptyIterator();
      }
      String[] f = format.fields(text);
      if (f == null) {
        // the same message shape as core's DataFormatException: file:line: what is wrong
        throw new IllegalArgumentException(file + ":" + (index + 1) + ": expected " + format.expected() + " in '"
            + text + "'");
      }
      return List.of(new Keyed(index, text, f[0], f[1])).iterator();
    }
  }
}
