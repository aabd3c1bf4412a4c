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
public final class InMemoryRequests implements TrainingRequests {
  private final PreparedDataset dataset;
  private final int[] trainRows;
  private final boolean shuffled;

  /** The training split of {@code dataset}. */
  public InMemoryRequests(PreparedDataset dataset, boolean shuffled) {
    this(dataset, dataset.indices(Split.TRAIN), shuffled);
  }

  /** The rows {@code trainRows} of {@code dataset} as the training split. */
  public InMemoryRequests(PreparedDataset dataset, int[] trainRows, boolean shuffled) {
    this.dataset = dataset;
    this.trainRows = trainRows.clone();
    this.shuffled = shuffled;
  }

  @Override
  public PreparedDataset dataset() {
    return dataset;
  }

  @Override
  public int trainSize() {
    return trainRows.length;
  }

  @Override
  public Batches epoch(int batchSize, long seed) {
    int[] order = trainRows.clone();
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
