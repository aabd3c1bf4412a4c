package io.goalrank.spark.prepare;

import io.goalrank.data.LogKeys;
import io.goalrank.spark.prepare.SparkPrepare.Filtered;
import io.goalrank.spark.prepare.SparkPrepare.Keyed;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The KGAT release of Amazon-Book ({@code amazon-book}: {@code train.txt}, {@code test.txt}, lines of
 * {@code userID item1 item2 ...}) filtered on Spark into a copy core's {@link io.goalrank.data.KgatAmazonBookReader}
 * reads as the k-core of the original. Each line holds many interactions, so each becomes one row per item with
 * its position (file, line, field). As the reader does, a (user, item) pair seen before keeps its first occurrence
 * (here: the smallest position, found per pair on the executors), then the iterative k-core filter runs on the
 * rows, and the kept rows come back in position order and are regrouped into user lines. The copy lists each
 * user's kept items in the original order, so the reader indexes users and items in the same first-appearance order
 * and orders each user's items the same way (its ordinal timestamps count only kept items, which keeps their
 * order). {@code item_list.txt} and the other files are linked beside the copy.
 */
final class KgatLog {
  private static final Logger LOG = LoggerFactory.getLogger(KgatLog.class);
  /** Bits of a position: file (train 0, test 1) above the line above the field. */
  private static final int FIELD_BITS = 24;
  private static final int LINE_BITS = 38;

  private KgatLog() {}

  /** Filters the amazon-book folder {@code source} into {@code workDir/amazon-book}; returns that folder. */
  static Filtered filter(JavaSparkContext jsc, Path source, int k, Path workDir) throws IOException {
    List<Path> files = LogKeys.kgatUserFiles(source);
    JavaRDD<Keyed> rows = null;
    for (int f = 0; f < files.size(); f++) {
      JavaRDD<Keyed> part = jsc.textFile(files.get(f).toString()).zipWithIndex()
          .flatMap(new UserLine(f, files.get(f).toString()));
      rows = rows == null ? part : rows.union(part);
    }
    // first occurrence of each (user, item): the reader skips later duplicates before anything counts them
    JavaRDD<Keyed> unique = rows.mapToPair(r -> new Tuple2<>(r.user() + " " + r.item(), r))
        .reduceByKey((a, b) -> a.line() <= b.line() ? a : b).values()
        .persist(StorageLevel.MEMORY_AND_DISK());
    long raw = unique.count();
    JavaRDD<Keyed> kept = k <= 1 ? unique : SparkPrepare.coreFilter(jsc, unique, k);
    Path dir = workDir.resolve("amazon-book");
    Files.createDirectories(dir);
    long written = 0;
    Path[] out = {dir.resolve("train.txt"), dir.resolve("test.txt")};
    BufferedWriter[] writers = {Files.newBufferedWriter(out[0], StandardCharsets.US_ASCII),
        Files.newBufferedWriter(out[1], StandardCharsets.US_ASCII)};
    boolean[] any = new boolean[2];
    try {
      Iterator<Keyed> it = kept.sortBy(Keyed::line, true, Math.max(1, kept.getNumPartitions()))
          .toLocalIterator(); // one partition at a time on the driver, in position order
      long currentLine = -1;
      StringBuilder line = new StringBuilder();
      int file = 0;
      while (it.hasNext()) {
        Keyed r = it.next();
        long at = r.line() >>> FIELD_BITS; // file and line
        if (at != currentLine) {
          flush(writers, file, line, any);
          currentLine = at;
          file = (int) (r.line() >>> (FIELD_BITS + LINE_BITS));
          line.append(r.user());
        }
        line.append(' ').append(r.item());
        written++;
      }
      flush(writers, file, line, any);
      for (int f = 0; f < 2; f++) {
        if (!any[f]) {
          // a file the filter emptied: one user line without items adds nothing, and the reader needs a line
          writers[f].write("0");
          writers[f].newLine();
        }
      }
    } finally {
      writers[0].close();
      writers[1].close();
    }
    kept.unpersist();
    unique.unpersist();
    linkOthers(source, dir);
    LOG.info("k-core filter (k={}) on Spark: {} of {} amazon-book interactions kept -> {}", k, written, raw, dir);
    return new Filtered(dir, raw, written);
  }

  private static void flush(BufferedWriter[] writers, int file, StringBuilder line, boolean[] any)
      throws IOException {
    if (line.length() > 0) {
      writers[file].write(line.toString());
      writers[file].newLine();
      any[file] = true;
      line.setLength(0);
    }
  }

  /** Links every file of the dataset folder but train.txt and test.txt (e.g. item_list.txt) into {@code dir}. */
  private static void linkOthers(Path source, Path dir) throws IOException {
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && !name.startsWith("train.txt") && !name.startsWith("test.txt")) {
          Path link = dir.resolve(name);
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, f.toAbsolutePath());
        }
      }
    }
  }

  /** One user line as rows (position, "", user, item); an id that is not an integer names file and line. */
  private record UserLine(int file, String name) implements FlatMapFunction<Tuple2<String, Long>, Keyed>,
      Serializable {
    @Override
    public Iterator<Keyed> call(Tuple2<String, Long> line) {
      String[] f = LogKeys.kgat(line._1());
      long index = line._2();
      if (f.length == 0) {
        return java.util.Collections.emptyIterator();
      }
      if (index >= 1L << LINE_BITS || f.length >= 1 << FIELD_BITS) {
        throw new IllegalArgumentException(name + ":" + (index + 1) + ": too many lines or items for a position");
      }
      List<Keyed> out = new ArrayList<>(f.length - 1);
      for (int k = 0; k < f.length; k++) {
        if (!LogKeys.kgatId(f[k])) {
          throw new IllegalArgumentException(name + ":" + (index + 1) + ": " + (k == 0 ? "user id" : "item id (field "
              + (k + 1) + ")") + " is not a non-negative integer id: '" + f[k] + "'");
        }
        if (k > 0) {
          long position = ((long) file << (FIELD_BITS + LINE_BITS)) | (index << FIELD_BITS) | k;
          out.add(new Keyed(position, "", f[0], f[k]));
        }
      }
      return out.iterator();
    }
  }
}
