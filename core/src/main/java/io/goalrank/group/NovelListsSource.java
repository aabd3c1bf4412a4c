package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.ScoringPolicy;

/** {@code dnn-novel}: DNN lists traded for long-tail items ({@link ObjectiveHeuristics#novel}). */
final class NovelListsSource implements GroupSource {
  private final ScoringPolicy dnn;
  private final int[] itemCounts;
  private final int listLength;

  NovelListsSource(GroupContext context) {
    this.dnn = context.scorer("dnn");
    this.itemCounts = context.itemCounts();
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "dnn-novel";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return ObjectiveHeuristics.novel(dnn.scores(batch), batch, itemCounts, count, listLength, seed ^ 0x40L);
  }
}
