package io.goalrank.data.shard;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.DataFormatException;
import io.goalrank.data.Split;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A sharded request set on disk (docs/SHARDS.md): a folder with {@code dataset.bin} (the {@link ShardHeader}) and
 * request shards {@code requests-NNNNN.grs}, read in name order. Readers stream: {@link #iterator} and
 * {@link #batches} hold one record (or one batch) at a time, so a set larger than the heap can be walked. Several
 * writers (e.g. Spark tasks) may each write their own shard with {@link ShardFile#writer} and
 * {@link #shardFile}; the set is complete when its header is there.
 */
public final class ShardedRequests {
  /** The header's file name in a shard folder. */
  public static final String HEADER = "dataset.bin";
  private static final Pattern SHARD = Pattern.compile("requests-\\d{5,}\\.grs");

  private final Path dir;
  private final ShardHeader header;
  private final List<Path> shards;

  private ShardedRequests(Path dir, ShardHeader header, List<Path> shards) {
    this.dir = dir;
    this.header = header;
    this.shards = List.copyOf(shards);
  }

  /** The file of shard {@code index} in {@code dir}. */
  public static Path shardFile(Path dir, int index) {
    return dir.resolve(String.format("requests-%05d.grs", index));
  }

  /** Writes the header of the set in {@code dir}. */
  public static void writeHeader(Path dir, ShardHeader header) throws IOException {
    header.write(dir.resolve(HEADER));
  }

  /** Writes {@code records} into {@code dir}, {@code perShard} to a shard, then the header; returns the set. */
  public static ShardedRequests write(Path dir, ShardHeader header, Iterator<RequestRecord> records, int perShard)
      throws IOException {
    if (perShard < 1) {
      throw new IllegalArgumentException("perShard must be positive: " + perShard);
    }
    Files.createDirectories(dir);
    int index = 0;
    while (records.hasNext() || index == 0) {
      try (ShardFile.Writer out = ShardFile.writer(shardFile(dir, index++))) {
        while (records.hasNext() && out.count() < perShard) {
          out.write(records.next());
        }
      }
    }
    writeHeader(dir, header);
    return open(dir);
  }

  /** The set in {@code dir}; fails naming the folder when its header or shards are missing. */
  public static ShardedRequests open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir, "no sharded request set here (not a folder)");
    }
    Path headerFile = dir.resolve(HEADER);
    if (!Files.isRegularFile(headerFile)) {
      throw new DataFormatException(dir, "no " + HEADER + ": not a sharded request set, or one still being written");
    }
    List<Path> shards;
    try (Stream<Path> files = Files.list(dir)) {
      shards = files.filter(f -> SHARD.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
    if (shards.isEmpty()) {
      throw new DataFormatException(dir, "no request shards (requests-NNNNN.grs) beside " + HEADER);
    }
    return new ShardedRequests(dir, ShardHeader.read(headerFile), shards);
  }

  public Path dir() {
    return dir;
  }

  public ShardHeader header() {
    return header;
  }

  public List<Path> shards() {
    return shards;
  }

  /** Every record, shard after shard; close it to release the open shard. */
  public Records iterator() {
    return new Records(shards, r -> true);
  }

  /**
   * Every record of {@code order}'s shards, shard after shard in that order (e.g. the set's shards shuffled for an
   * epoch); each must be one of this set's shards.
   */
  public Records iterator(List<Path> order) {
    for (Path shard : order) {
      if (!shards.contains(shard)) {
        throw new IllegalArgumentException(shard + " is not a shard of " + dir);
      }
    }
    return new Records(order, r -> true);
  }

  /** The records of {@code split}, in order, as batches of at most {@code batchSize}; one batch in memory. */
  public Iterator<RequestBatch> batches(Split split, int batchSize, Records records) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    return new Iterator<>() {
      private RequestRecord next = advance();

      private RequestRecord advance() {
        while (records.hasNext()) {
          RequestRecord r = records.next();
          if (r.split() == split) {
            return r;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public RequestBatch next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        List<RequestRecord> rows = new ArrayList<>(batchSize);
        while (next != null && rows.size() < batchSize) {
          rows.add(next);
          next = advance();
        }
        return batch(rows);
      }
    };
  }

  /** {@code rows} as one batch; request ids are the records' ids (which must fit an int). */
  public static RequestBatch batch(List<RequestRecord> rows) {
    int b = rows.size();
    int[] ids = new int[b];
    int[] users = new int[b];
    int[][] h = new int[b][];
    byte[][] hp = new byte[b][];
    int[][] c = new int[b][];
    float[][] l = new float[b][];
    float[][] s = new float[b][];
    for (int k = 0; k < b; k++) {
      RequestRecord r = rows.get(k);
      if (r.id() < 0 || r.id() > Integer.MAX_VALUE) {
        // batches carry int ids (the policies' random streams are keyed by them)
        throw new IllegalArgumentException("request id " + r.id() + " does not fit a batch: ids must be 0 to "
            + Integer.MAX_VALUE);
      }
      ids[k] = (int) r.id();
      users[k] = r.user();
      h[k] = r.history();
      hp[k] = r.historyPositive();
      c[k] = r.candidates();
      l[k] = r.labels();
      s[k] = r.stageScores();
    }
    return new RequestBatch(ids, users, h, hp, c, l, s);
  }

  /** A stream of records over several shards, opening one shard at a time. */
  public static final class Records implements Iterator<RequestRecord>, Closeable {
    private final Iterator<Path> files;
    private final Predicate<RequestRecord> keep;
    private ShardFile.Reader current;
    private RequestRecord pending;

    Records(List<Path> shards, Predicate<RequestRecord> keep) {
      this.files = shards.iterator();
      this.keep = keep;
    }

    @Override
    public boolean hasNext() {
      try {
        while (pending == null) {
          if (current != null && current.hasNext()) {
            RequestRecord r = current.next();
            if (keep.test(r)) {
              pending = r;
            }
            continue;
          }
          if (current != null) {
            current.close();
            current = null;
          }
          if (!files.hasNext()) {
            return false;
          }
          current = ShardFile.reader(files.next());
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public RequestRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RequestRecord r = pending;
      pending = null;
      return r;
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
