package io.goalrank.workflow;

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
 */
public record TeacherOptions(LoggingMix logging, PropensityWeighting propensity) {

  public static final TeacherOptions DEFAULT = new TeacherOptions(LoggingMix.DEFAULT, PropensityWeighting.NONE);

  public TeacherOptions {
    java.util.Objects.requireNonNull(logging, "logging");
    java.util.Objects.requireNonNull(propensity, "propensity");
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  public TeacherOptions withLogging(LoggingMix v) {
    return new TeacherOptions(v, propensity);
  }

  public TeacherOptions withPropensity(PropensityWeighting v) {
    return new TeacherOptions(logging, v);
  }
}
