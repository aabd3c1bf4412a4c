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
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Predicate;

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
  private final Counts counts;
  private int peakHeld;
  // the records of the batch last handed out, by id: what shownLists() reads (one batch, never more)
  private Map<Integer, RequestRecord> current = Map.of();

  /** What one pass over the set found: training requests, and who has shown lists. */
  private record Counts(int train, int trainWithoutImpressions, int validWithImpressions, int impressionsPerRequest) {}

  private ShardedTrainingRequests(ShardedRequests set, int shuffleWindow, Counts counts) {
    this.set = set;
    this.header = set.header().withoutRequests();
    this.shuffleWindow = shuffleWindow;
    this.counts = counts;
  }

  /** {@code set} streamed with a shuffle window of {@code shuffleWindow} records; counts its training records. */
  public static ShardedTrainingRequests of(ShardedRequests set, int shuffleWindow) throws IOException {
    if (shuffleWindow < 1) {
      throw new IllegalArgumentException("shuffle window must be at least 1 record: " + shuffleWindow);
    }
    int train = 0;
    int trainWithout = 0;
    int valid = 0;
    int validWith = 0;
    int perRequest = 0;
    // ids key the score files beside the shards and the policies' random streams: a repeated id (two Spark tasks
    // or two production exports numbering from 0) would silently share them. A bit per id up to the largest.
    BitSet seenIds = new BitSet();
    try (ShardedRequests.Records records = set.iterator()) {
      while (records.hasNext()) {
        RequestRecord r = records.next();
        if (r.id() < 0 || r.id() > Integer.MAX_VALUE) {
          throw new io.goalrank.data.DataFormatException(set.dir(), "request id " + r.id()
              + " is outside 0 to " + Integer.MAX_VALUE + " (ids must fit an int)");
        }
        if (seenIds.get((int) r.id())) {
          throw new io.goalrank.data.DataFormatException(set.dir(), "request id " + r.id()
              + " appears more than once: ids must be unique across the set's shards");
        }
        seenIds.set((int) r.id());
        if (r.split() == Split.TRAIN) {
          train++;
          trainWithout += r.hasImpressions() ? 0 : 1;
        } else if (r.split() == Split.VALID) {
          valid++;
          validWith += r.hasImpressions() ? 1 : 0;
        }
        if (perRequest == 0 && r.hasImpressions()) {
          perRequest = r.shown().length;
        }
      }
    }
    if (train == 0) {
      throw new io.goalrank.data.DataFormatException(set.dir(), "no training requests (split 0) in the shards");
    }
    if (valid == 0) {
      // every trainer picks its epoch and stops early on them: without any, each would keep epoch 1 silently
      throw new io.goalrank.data.DataFormatException(set.dir(), "no validation requests (split 1) in the shards: "
          + "the trainers choose their epoch on them");
    }
    return new ShardedTrainingRequests(set, shuffleWindow, new Counts(train, trainWithout, validWith, perRequest));
  }

  @Override
  public PreparedDataset dataset() {
    return header;
  }

  @Override
  public int trainSize() {
    return counts.train();
  }

  /** The number of shown lists of the first request that has any (the impression models need it uniform). */
  public int impressionsPerRequest() {
    return counts.impressionsPerRequest();
  }

  /** Fails, naming the set, unless every training request and some validation requests have shown lists. */
  public void requireImpressions() {
    if (counts.trainWithoutImpressions() > 0 || counts.validWithImpressions() == 0) {
      throw new io.goalrank.data.DataFormatException(set.dir(), counts.trainWithoutImpressions() + " of "
          + counts.train() + " training requests have no shown lists and " + counts.validWithImpressions()
          + " validation requests have some: a reward model on impressions needs them on every training request "
          + "and some validation requests");
    }
  }

  /**
   * The shown lists and feedback of the batch this set handed out last (by an epoch or {@link #shownValidation}):
   * the records are at hand only while their batch is, so it must be read before the next batch is taken.
   */
  public ShownLists shownLists() {
    return new ShownLists() {
      @Override
      public int[][][] lists(RequestBatch batch) {
        int[][][] out = new int[batch.size()][][];
        for (int b = 0; b < batch.size(); b++) {
          out[b] = record(batch.requestIds()[b]).shown();
        }
        return out;
      }

      @Override
      public float[][][] clicks(RequestBatch batch) {
        float[][][] out = new float[batch.size()][][];
        for (int b = 0; b < batch.size(); b++) {
          out[b] = record(batch.requestIds()[b]).feedback();
        }
        return out;
      }
    };
  }

  private RequestRecord record(int id) {
    RequestRecord r = current.get(id);
    if (r == null) {
      throw new IllegalStateException("request " + id + " is not in the batch being streamed from " + set.dir());
    }
    if (!r.hasImpressions()) {
      throw new IllegalArgumentException("request " + id + " in " + set.dir() + " has no shown lists");
    }
    return r;
  }

  /** The validation requests that have shown lists, in order, as batches (for {@link #shownLists}). */
  public Batches shownValidation(int batchSize) {
    ShardedRequests.Records records = set.iterator();
    Iterator<RequestRecord> shown = only(records, r -> r.split() == Split.VALID && r.hasImpressions());
    return batched(shown, batchSize, () -> 0, records);
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
    ShuffleBuffer<RequestRecord> mixed =
        new ShuffleBuffer<>(only(records, r -> r.split() == Split.TRAIN), shuffleWindow, rnd);
    return batched(mixed, batchSize, mixed::held, records);
  }

  /** {@code records} in batches, remembering each batch's records; {@code held} counts what the source holds. */
  private Batches batched(Iterator<RequestRecord> source, int batchSize, java.util.function.IntSupplier held,
      ShardedRequests.Records records) {
    return new Batches() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public RequestBatch next() {
        if (!source.hasNext()) {
          throw new NoSuchElementException();
        }
        List<RequestRecord> rows = new ArrayList<>(batchSize);
        while (rows.size() < batchSize && source.hasNext()) {
          rows.add(source.next());
          peakHeld = Math.max(peakHeld, rows.size() + held.getAsInt());
        }
        RequestBatch batch = ShardedRequests.batch(rows); // checks the ids fit an int
        Map<Integer, RequestRecord> byId = new HashMap<>();
        for (RequestRecord r : rows) {
          byId.put((int) r.id(), r);
        }
        current = byId;
        return batch;
      }

      @Override
      public void close() throws IOException {
        current = Map.of();
        records.close();
      }
    };
  }

  @Override
  public Batches batches(Split split, int batchSize) {
    ShardedRequests.Records records = set.iterator();
    return Batches.of(set.batches(split, batchSize, records), records);
  }

  private static Iterator<RequestRecord> only(Iterator<RequestRecord> records, Predicate<RequestRecord> keep) {
    return new Iterator<>() {
      private RequestRecord next;

      @Override
      public boolean hasNext() {
        while (next == null && records.hasNext()) {
          RequestRecord r = records.next();
          if (keep.test(r)) {
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
