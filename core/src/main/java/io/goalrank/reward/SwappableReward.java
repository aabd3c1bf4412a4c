package io.goalrank.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;

/**
 * A reward model that can be replaced while a generator trains against it: the on-policy teacher refresh swaps in
 * the retrained r̂ between epochs, and every later training step, validation and {@code teacher-greedy} list reads
 * the new one. Not thread-safe: swap only between steps (a training listener's epoch hook).
 */
public final class SwappableReward implements TensorListUtility, io.goalrank.core.HasArgmax {
  private RewardModel current;

  public SwappableReward(RewardModel initial) {
    current = java.util.Objects.requireNonNull(initial, "initial");
  }

  /** The reward model every call reads now. */
  public RewardModel current() {
    return current;
  }

  /** Replaces the reward model; the caller owns (and closes) both. */
  public void swap(RewardModel next) {
    current = java.util.Objects.requireNonNull(next, "next");
  }

  @Override
  public String name() {
    return current.name();
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    return current.score(batch, lists);
  }

  @Override
  public NDArray listReward(NDManager m, RequestBatch batch, NDArray lists) {
    return current.listReward(m, batch, lists);
  }

  /** The current reward model's greedy list ({@link RewardModel#greedyPolicy}), read at each call. */
  @Override
  public RankingPolicy greedyPolicy() {
    return new RankingPolicy() {
      @Override
      public String name() {
        return "reward-greedy";
      }

      @Override
      public RankedLists rank(RequestBatch batch, int listLength) {
        return current.greedy(batch, listLength);
      }
    };
  }
}
