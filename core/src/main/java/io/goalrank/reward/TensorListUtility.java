package io.goalrank.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;

/**
 * A {@link ListUtility} that also scores lists on the tensor side, so a training step that already holds the group
 * as an {@code NDArray} keeps its rewards there instead of copying them to Java arrays and back. Both forms give the
 * same numbers: {@link ListUtility#score} is this method read back.
 */
public interface TensorListUtility extends ListUtility {
  /**
   * The list utility of every list of every request, without gradient.
   *
   * @param m the manager the result is attached to (a training step's)
   * @param lists {@code [B, G, L]} int64 candidate slots
   * @return {@code [B, G]}
   */
  NDArray listReward(NDManager m, RequestBatch batch, NDArray lists);
}
