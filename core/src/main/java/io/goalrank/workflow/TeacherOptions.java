package io.goalrank.workflow;

import io.goalrank.reward.RewardCombination;
import io.goalrank.sim.LoggingMix;
import io.goalrank.train.PropensityWeighting;

/**
 * How the teacher r̂ is made, beyond its kind (issue 20): which logging policies show the simulated impressions it
 * learns from. {@link #DEFAULT} is what every earlier run did; a setting left at its default is recorded nowhere
 * (run folders, experiment identities), so runs made before these options resume.
 *
 * @param logging the logging policies of the simulated impressions ({@code --logging-policies})
 * @param propensity the off-policy correction of an impression-trained model ({@code --propensity},
 *     {@code --propensity-clip})
 * @param ensembleSize K, the members of an {@code ensemble} reward model ({@code --ensemble-size})
 * @param ensemble how an {@code ensemble} combines its members: λ of mean − λ·std ({@code --ensemble-penalty})
 * @param mixture how a {@code mixture} weighs its list-aware member ({@code --mixture-weight})
 * @param refresh the on-policy refresh of the teacher during GoalRank training ({@code --teacher-refresh})
 */
public record TeacherOptions(LoggingMix logging, PropensityWeighting propensity, int ensembleSize,
    RewardCombination.Ensemble ensemble, RewardCombination.Mixture mixture, OnPolicyRefresh refresh) {

  public static final TeacherOptions DEFAULT = new TeacherOptions(LoggingMix.DEFAULT, PropensityWeighting.NONE, 5,
      new RewardCombination.Ensemble(1f), new RewardCombination.Mixture(0.5f), OnPolicyRefresh.OFF);

  public TeacherOptions {
    java.util.Objects.requireNonNull(logging, "logging");
    java.util.Objects.requireNonNull(propensity, "propensity");
    java.util.Objects.requireNonNull(ensemble, "ensemble");
    java.util.Objects.requireNonNull(mixture, "mixture");
    java.util.Objects.requireNonNull(refresh, "refresh");
    if (!refresh.enabled()) {
      refresh = OnPolicyRefresh.OFF; // the other refresh settings mean nothing without refreshes
    }
    if (ensembleSize < 1) {
      throw new IllegalArgumentException("--ensemble-size must be positive, got " + ensembleSize);
    }
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  /**
   * The record's text, without the refresh while it is off: experiment identities embed this text, and those made
   * before the refresh existed must still match.
   */
  @Override
  public String toString() {
    return "TeacherOptions[logging=" + logging + ", propensity=" + propensity + ", ensembleSize=" + ensembleSize
        + ", ensemble=" + ensemble + ", mixture=" + mixture + (refresh.enabled() ? ", refresh=" + refresh : "") + "]";
  }

  public TeacherOptions withLogging(LoggingMix v) {
    return new TeacherOptions(v, propensity, ensembleSize, ensemble, mixture, refresh);
  }

  public TeacherOptions withPropensity(PropensityWeighting v) {
    return new TeacherOptions(logging, v, ensembleSize, ensemble, mixture, refresh);
  }

  public TeacherOptions withEnsemble(int size, float penalty) {
    return new TeacherOptions(logging, propensity, size, new RewardCombination.Ensemble(penalty), mixture,
        refresh);
  }

  public TeacherOptions withMixture(float listWeight) {
    return new TeacherOptions(logging, propensity, ensembleSize, ensemble, new RewardCombination.Mixture(listWeight),
        refresh);
  }

  public TeacherOptions withRefresh(OnPolicyRefresh v) {
    return new TeacherOptions(logging, propensity, ensembleSize, ensemble, mixture, v);
  }
}
