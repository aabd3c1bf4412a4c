package io.goalrank.train;

import io.goalrank.policy.GeneratorPolicy;

/**
 * A {@link TrainingListener} that needs the generator being trained, which only exists once
 * {@link GoalRankTrainer} has built it: e.g. the on-policy teacher refresh, which samples the current generator's
 * lists between epochs. Added through {@link GoalRankTrainer.Options.Builder#addGeneratorListeners}.
 */
@FunctionalInterface
public interface GeneratorListener {
  /** The listener for {@code generator}, the policy training updates in place (its samples follow the weights). */
  TrainingListener watch(GeneratorPolicy generator);
}
