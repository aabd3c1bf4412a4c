package io.goalrank.train;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import io.goalrank.util.Shuffle;
import java.util.Random;

/**
 * A prepared dataset in memory as {@link TrainingRequests}: an epoch is the training rows shuffled with
 * {@code new Random(seed)} (the order every trainer has always used, so results are unchanged), or in row order
 * when {@code shuffled} is false (to compare with a set streamed in record order, which is the same order).
 */
public record InMemoryRequests(PreparedDataset dataset, boolean shuffled) implements TrainingRequests {
  @Override
  public int trainSize() {
    return dataset.indices(Split.TRAIN).length;
  }

  @Override
  public Batches epoch(int batchSize, long seed) {
    int[] order = dataset.indices(Split.TRAIN).clone();
    if (shuffled) {
      Shuffle.inPlace(order, new Random(seed));
    }
    return Batches.of(dataset.batches(order, batchSize).iterator());
  }

  @Override
  public Batches batches(Split split, int batchSize) {
    return Batches.of(dataset.batches(dataset.indices(split), batchSize).iterator());
  }
}
