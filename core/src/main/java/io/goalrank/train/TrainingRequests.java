package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/**
 * Where a trainer's requests come from: a {@link PreparedDataset} in memory ({@link #of}) or a sharded request set
 * streamed batch by batch ({@link ShardedTrainingRequests}, docs/SHARDS.md). Trainers walk the training split once
 * per epoch and the validation split once per validation, and read nothing else per request, so a source that
 * holds one batch (plus a shuffle window) trains on a set larger than the heap.
 */
public interface TrainingRequests {
  /**
   * The dataset-wide part a trainer reads besides the requests: ids, catalog, popularity, protocol and simulator
   * configs. In memory it is the dataset itself; from shards, the header with no requests.
   */
  PreparedDataset dataset();

  /** The number of training requests (for progress and steps per epoch). */
  int trainSize();

  /** The training batches of one epoch, in this source's order for the shuffle seed {@code seed}. */
  Batches epoch(int batchSize, long seed) throws IOException;

  /** The requests of {@code split} in a fixed order (for validation). */
  Batches batches(Split split, int batchSize) throws IOException;

  /** A pass over batches; close it to release what it reads from (an open shard). */
  interface Batches extends Iterator<RequestBatch>, Closeable {
    /** {@code batches} as a pass with nothing to release. */
    static Batches of(Iterator<RequestBatch> batches) {
      return of(batches, () -> { });
    }

    /** {@code batches} as a pass that closes {@code source} (what the batches are read from) when it is closed. */
    static Batches of(Iterator<RequestBatch> batches, Closeable source) {
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
          source.close();
        }
      };
    }
  }

  /** {@code data} in memory: each epoch is its training rows shuffled with {@code new Random(seed)}. */
  static TrainingRequests of(PreparedDataset data) {
    return new InMemoryRequests(data, true);
  }
}
