package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.data.ItemCatalog;
import io.goalrank.policy.ScoringPolicy;

/** {@code dnn-diverse}: DNN lists traded for category coverage ({@link ObjectiveHeuristics#diverse}). */
final class DiverseListsSource implements GroupSource {
  private final ScoringPolicy dnn;
  private final ItemCatalog catalog;
  private final int listLength;

  DiverseListsSource(GroupContext context) {
    this.dnn = context.scorer("dnn");
    this.catalog = context.catalog();
    if (catalog == null || catalog.numCategories() == 0) {
      throw new IllegalArgumentException("needs item categories; this dataset has none");
    }
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "dnn-diverse";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return ObjectiveHeuristics.diverse(dnn.scores(batch), batch, catalog, count, listLength, seed ^ 0xD1L);
  }
}
