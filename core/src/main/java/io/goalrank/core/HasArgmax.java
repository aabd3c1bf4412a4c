package io.goalrank.core;

/**
 * A list utility that can build its own best list for a request: a reward model's greedy list, or the simulator's
 * greedy maximisation of its true utility. The {@code teacher-greedy} group source asks the teacher for it.
 */
public interface HasArgmax extends ListUtility {

  /** The utility's own best list, greedily built, as a ranking policy. */
  RankingPolicy greedyPolicy();
}
