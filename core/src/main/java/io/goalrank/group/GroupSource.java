package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;

/**
 * One source of the lists in a training group B (paper §3.3): an auxiliary policy (a heuristic or a trained
 * scorer), the generator being trained, or other trained generators.
 *
 * <p>Life cycle: {@link GroupSources} creates a source by name from a {@link GroupContext} (the dataset, the trained
 * models, optional extras such as a simulator) when a {@link GroupBuilder} is made; a source whose context lacks
 * what it needs fails then, naming it. {@link #propose} then runs once per training step. To add a source, write one
 * class and add one line to {@link GroupSources}.
 */
public interface GroupSource {

  /** The name a group spec uses ({@code mf-order}, {@code dnn-pl}, ...). */
  String name();

  /**
   * {@code count} lists per request, {@code [B][count][L]} candidate slots. The same seed gives the same lists;
   * each source salts the step's seed so that sources draw independent streams.
   *
   * @param generator the generator being trained, or null when a group is built without it (validation groups)
   */
  int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed);

  /** {@code lists} repeated {@code count} times per request: what a deterministic source contributes. */
  static int[][][] repeat(int[][] lists, int count) {
    int[][][] out = new int[lists.length][count][];
    for (int r = 0; r < lists.length; r++) {
      for (int k = 0; k < count; k++) {
        out[r][k] = lists[r];
      }
    }
    return out;
  }
}
