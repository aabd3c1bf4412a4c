package io.goalrank.cli;

import io.goalrank.workflow.OnPolicyRefresh;
import io.goalrank.workflow.TrainingSettings;
import picocli.CommandLine.Option;

/** The on-policy teacher refresh of demo and train ({@link OnPolicyRefresh}); simulated data only. */
final class RefreshOptions {
  @Option(names = "--teacher-refresh", paramLabel = "K",
      description = "On simulated data, refresh the reward model on-policy every K GoalRank epochs: sample "
          + "--refresh-impressions lists per training request from the current generator, let the simulator's "
          + "users click on them, append them to the reward model's impressions and train it on for "
          + "--refresh-epochs epochs; GoalRank continues against the refreshed teacher, which the diagnostics and "
          + "the evaluation then use. Off by default (0); refused on real data and with train --shards (no user "
          + "model to ask). train needs the --reward-kind, --impressions-per-request, --logging-policies and --seed the "
          + "--reward model was trained with.")
  Integer everyEpochs;

  @Option(names = "--refresh-impressions", paramLabel = "M",
      description = "With --teacher-refresh: generator samples shown per training request at each refresh "
          + "(default 8).")
  Integer impressionsPerRequest;

  @Option(names = "--refresh-epochs", paramLabel = "E",
      description = "With --teacher-refresh: reward-model epochs over all its impressions at each refresh "
          + "(default 1).")
  Integer epochs;

  /** {@code s} with the refresh given on the command line (unchanged without {@code --teacher-refresh}). */
  TrainingSettings apply(TrainingSettings s) {
    if ((impressionsPerRequest != null || epochs != null) && (everyEpochs == null || everyEpochs == 0)) {
      throw new IllegalArgumentException("--refresh-impressions and --refresh-epochs need --teacher-refresh K");
    }
    if (everyEpochs == null) {
      return s;
    }
    OnPolicyRefresh.Builder b = OnPolicyRefresh.builder().optEveryEpochs(everyEpochs);
    if (impressionsPerRequest != null) {
      b.optImpressionsPerRequest(impressionsPerRequest);
    }
    if (epochs != null) {
      b.optEpochs(epochs);
    }
    return s.toBuilder().optTeacher(s.teacher().withRefresh(b.build())).build();
  }
}
