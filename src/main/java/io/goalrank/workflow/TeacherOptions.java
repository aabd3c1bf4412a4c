package io.goalrank.workflow;

import io.goalrank.sim.LoggingMix;

/**
 * How the teacher r̂ is made, beyond its kind (issue 20): which logging policies show the simulated impressions it
 * learns from. {@link #DEFAULT} is what every earlier run did; a setting left at its default is recorded nowhere
 * (run folders, experiment identities), so runs made before these options resume.
 *
 * @param logging the logging policies of the simulated impressions ({@code --logging-policies})
 */
public record TeacherOptions(LoggingMix logging) {

  public static final TeacherOptions DEFAULT = new TeacherOptions(LoggingMix.DEFAULT);

  public TeacherOptions {
    java.util.Objects.requireNonNull(logging, "logging");
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  public TeacherOptions withLogging(LoggingMix v) {
    return new TeacherOptions(v);
  }
}
