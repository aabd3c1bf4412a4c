package io.goalrank.train;

import ai.djl.ndarray.NDArray;
import io.goalrank.model.Scalars;

/**
 * The paper's reference policy (Eq. 4): within each request's group B, rewards are z-scored with the group mean
 * and (unbiased, n−1) standard deviation and passed through a softmax,
 * {@code π_ref(l|B) = softmax_B((r̂(l) − mean_B) / (std_B + ε))}, ε = 1e-6 as in the authors' code.
 *
 * <p>Lists masked out of the group (duplicates) get probability 0 and do not enter the mean or deviation.
 */
public final class ReferencePolicy {
  public static final float EPSILON = 1e-6f;

  private ReferencePolicy() {}

  /**
   * @param rewards {@code [B, G]} list rewards
   * @param mask {@code [B, G]} 1 for lists in the group, 0 for padding/duplicates
   * @return {@code [B, G]} π_ref, each row summing to 1 over the group
   */
  public static NDArray of(NDArray rewards, NDArray mask) {
    return of(rewards, mask, 1f);
  }

  /**
   * {@code softmax_B(z / τ)}: τ = 1 is the paper's Eq. 4; τ below 1 sharpens π_ref towards the group's best lists,
   * so the generator imitates those rather than a blend of the better half of the group.
   */
  public static NDArray of(NDArray rewards, NDArray mask, float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("reference temperature must be positive, got " + temperature);
    }
    NDArray z = zScores(rewards, mask);
    return (temperature == 1f ? z : Scalars.div(z, temperature)).add(mask.sub(1).mul(1e9f)).softmax(1);
  }

  /** {@code (r − mean_B) / (std_B + ε)} per group, 0 on masked lists. */
  public static NDArray zScores(NDArray rewards, NDArray mask) {
    NDArray count = mask.sum(new int[] {1}, true);
    NDArray mean = rewards.mul(mask).sum(new int[] {1}, true).div(count);
    NDArray centred = rewards.sub(mean).mul(mask);
    // n−1 as torch.var_mean's default; a group of one has no spread and gets z = 0
    NDArray variance = centred.square().sum(new int[] {1}, true).div(count.sub(1).maximum(1));
    return centred.div(variance.sqrt().add(EPSILON));
  }

  /**
   * The objective-conditioned reward {@code Σ_k w_k·z_k(l)}: each objective z-scored within the group first, so
   * objectives on different scales are traded by the weights alone.
   *
   * @param objectives {@code [B, G, K]} objective values of every list
   * @param weights {@code [B, K]} each request's objective weights
   * @return {@code [B, G]}, to pass to {@link #of}
   */
  public static NDArray weighted(NDArray objectives, NDArray weights, NDArray mask) {
    long k = objectives.getShape().get(2);
    NDArray total = null;
    for (int j = 0; j < k; j++) {
      NDArray z = zScores(objectives.get(":, :, " + j), mask).mul(weights.get(":, " + j + ":" + (j + 1)));
      total = total == null ? z : total.add(z);
    }
    return total;
  }

  /** Group-relative cross-entropy (Eq. 5): {@code −mean_u Σ_{l∈B_u} π_ref(l)·log π_θ(l)}. */
  public static NDArray crossEntropy(NDArray reference, NDArray logProb, NDArray mask) {
    return reference.mul(logProb).mul(mask).sum(new int[] {1}).mean().neg();
  }
}
