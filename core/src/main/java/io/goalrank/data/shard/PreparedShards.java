package io.goalrank.data.shard;

import io.goalrank.data.DataFormatException;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Converts between a {@link PreparedDataset} (plus its impressions: the slate protocol's logged lists or the
 * simulator's shown lists) and a sharded request set: request id = dataset row. Both directions keep every field,
 * so a set converted out and back is the dataset it came from ({@code PreparedShardsTest}).
 */
public final class PreparedShards {
  private PreparedShards() {}

  /** A prepared dataset and its impressions (null rows for requests never shown). */
  public record Converted(PreparedDataset data, Impressions impressions) {}

  /** Row {@code r} of {@code data} with its impressions, if any, as a record. */
  public static RequestRecord record(PreparedDataset data, Impressions impressions, int r) {
    boolean shown = impressions != null && impressions.has(r);
    return new RequestRecord(r, data.user(r), RequestRecord.NO_TIME, data.split(r), data.history(r),
        data.historyPositive(r), data.candidates(r), data.retrieverScores(r), data.labels(r), data.targets(r),
        data.targetPositive(r), shown ? impressions.lists()[r] : new int[0][],
        shown ? impressions.clicks()[r] : new float[0][],
        shown && impressions.hasPropensities() ? impressions.logPropensities()[r] : null);
  }

  /** The records of {@code data}, row by row (made as they are read, not all at once). */
  public static Iterator<RequestRecord> records(PreparedDataset data, Impressions impressions) {
    if (impressions != null && impressions.lists().length != data.size()) {
      throw new IllegalArgumentException("impressions have " + impressions.lists().length + " rows, the dataset "
          + data.size());
    }
    return new Iterator<>() {
      private int r;

      @Override
      public boolean hasNext() {
        return r < data.size();
      }

      @Override
      public RequestRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return record(data, impressions, r++);
      }
    };
  }

  /** Writes {@code data} (and {@code impressions}, which may be null) as a sharded set in {@code dir}. */
  public static ShardedRequests write(PreparedDataset data, Impressions impressions, Path dir, int perShard)
      throws IOException {
    return ShardedRequests.write(dir, ShardHeader.of(data), records(data, impressions), perShard);
  }

  /**
   * Reads a set written by {@link #write} back into memory: its records must have ids 0, 1, 2, ... in shard order
   * (the rows they came from). This loads everything; streaming readers use {@link ShardedRequests#iterator}.
   */
  public static Converted read(ShardedRequests set) throws IOException {
    List<RequestRecord> rows = new ArrayList<>();
    try (ShardedRequests.Records it = set.iterator()) {
      while (it.hasNext()) {
        RequestRecord r = it.next();
        if (r.id() != rows.size()) {
          throw new DataFormatException(set.dir(), "request id " + r.id() + " at position " + rows.size()
              + ": not a converted prepared dataset (ids must be 0, 1, 2, ... in shard order)");
        }
        rows.add(r);
      }
    }
    int n = rows.size();
    int[] users = new int[n];
    byte[] splits = new byte[n];
    int[][] history = new int[n][];
    byte[][] historyPositive = new byte[n][];
    int[][] targets = new int[n][];
    byte[][] targetPositive = new byte[n][];
    int[][] candidates = new int[n][];
    float[][] labels = new float[n][];
    float[][] scores = new float[n][];
    int[][][] lists = new int[n][][];
    float[][][] clicks = new float[n][][];
    float[][][] propensities = new float[n][][];
    boolean anyPropensities = false;
    for (int k = 0; k < n; k++) {
      RequestRecord r = rows.get(k);
      users[k] = r.user();
      splits[k] = r.split().code();
      history[k] = r.history();
      historyPositive[k] = r.historyPositive();
      targets[k] = r.targets();
      targetPositive[k] = r.targetPositive();
      candidates[k] = r.candidates();
      labels[k] = r.labels();
      scores[k] = r.stageScores();
      lists[k] = r.hasImpressions() ? r.shown() : null;
      clicks[k] = r.hasImpressions() ? r.feedback() : null;
      propensities[k] = r.hasImpressions() ? r.logPropensities() : null;
      anyPropensities |= r.logPropensities() != null;
    }
    PreparedDataset data = set.header().withRequests(users, splits, history, historyPositive, targets,
        targetPositive, candidates, labels, scores);
    // a log either knows its logging policy (the simulator's) or does not (a real one): all rows or none
    return new Converted(data, new Impressions(lists, clicks, anyPropensities ? propensities : null));
  }
}
