package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.data.shard.RequestRecord;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.data.shard.ShuffleBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A sharded request set (docs/SHARDS.md) as {@link TrainingRequests}: every epoch streams the training records
 * from disk, so a trainer holds at most {@code shuffleWindow} records plus one batch, however many shards there
 * are. An epoch's order: the shards in an order shuffled with {@code new Random(seed)}, then the records through a
 * {@link ShuffleBuffer} of {@code shuffleWindow} with the same generator. This is by design not the in-memory
 * path's order (a permutation of all training rows, which needs them all at hand); with {@code shuffleWindow} 1
 * and one shard it is the records' own order, which {@link InMemoryRequests} without shuffling reproduces.
 */
public final class ShardedTrainingRequests implements TrainingRequests {
  private final ShardedRequests set;
  private final PreparedDataset header;
  private final int shuffleWindow;
  private final int trainSize;
  private int peakHeld;

  private ShardedTrainingRequests(ShardedRequests set, int shuffleWindow, int trainSize) {
    this.set = set;
    this.header = set.header().withoutRequests();
    this.shuffleWindow = shuffleWindow;
    this.trainSize = trainSize;
  }

  /** {@code set} streamed with a shuffle window of {@code shuffleWindow} records; counts its training records. */
  public static ShardedTrainingRequests of(ShardedRequests set, int shuffleWindow) throws IOException {
    if (shuffleWindow < 1) {
      throw new IllegalArgumentException("shuffle window must be at least 1 record: " + shuffleWindow);
    }
    int train = 0;
    try (ShardedRequests.Records records = set.iterator()) {
      while (records.hasNext()) {
        if (records.next().split() == Split.TRAIN) {
          train++;
        }
      }
    }
    if (train == 0) {
      throw new io.goalrank.data.DataFormatException(set.dir(), "no training requests (split 0) in the shards");
    }
    return new ShardedTrainingRequests(set, shuffleWindow, train);
  }

  @Override
  public PreparedDataset dataset() {
    return header;
  }

  @Override
  public int trainSize() {
    return trainSize;
  }

  /** The number of shards the set streams from. */
  public int shards() {
    return set.shards().size();
  }

  /** The most records an epoch held at once (shuffle window plus the batch being filled): the memory bound. */
  public int peakRecordsHeld() {
    return peakHeld;
  }

  @Override
  public Batches epoch(int batchSize, long seed) {
    Random rnd = new Random(seed);
    List<Path> order = new ArrayList<>(set.shards());
    Collections.shuffle(order, rnd);
    ShardedRequests.Records records = set.iterator(order);
    ShuffleBuffer<RequestRecord> mixed = new ShuffleBuffer<>(only(records, Split.TRAIN), shuffleWindow, rnd);
    return new Batches() {
      @Override
      public boolean hasNext() {
        return mixed.hasNext();
      }

      @Override
      public RequestBatch next() {
        if (!mixed.hasNext()) {
          throw new NoSuchElementException();
        }
        List<RequestRecord> rows = new ArrayList<>(batchSize);
        while (rows.size() < batchSize && mixed.hasNext()) {
          rows.add(mixed.next());
          peakHeld = Math.max(peakHeld, rows.size() + mixed.held());
        }
        return ShardedRequests.batch(rows);
      }

      @Override
      public void close() throws IOException {
        records.close();
      }
    };
  }

  @Override
  public Batches batches(Split split, int batchSize) {
    ShardedRequests.Records records = set.iterator();
    Iterator<RequestBatch> batches = set.batches(split, batchSize, records);
    return new Batches() {
      @Override
      public boolean hasNext() {
        return batches.hasNext();
      }

      @Override
      public RequestBatch next() {
        return batches.next();
      }

      @Override
      public void close() throws IOException {
        records.close();
      }
    };
  }

  private static Iterator<RequestRecord> only(Iterator<RequestRecord> records, Split split) {
    return new Iterator<>() {
      private RequestRecord next;

      @Override
      public boolean hasNext() {
        while (next == null && records.hasNext()) {
          RequestRecord r = records.next();
          if (r.split() == split) {
            next = r;
          }
        }
        return next != null;
      }

      @Override
      public RequestRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        RequestRecord r = next;
        next = null;
        return r;
      }
    };
  }
}
