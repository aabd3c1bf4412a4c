package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.sim.LoggingMix;
import org.junit.jupiter.api.Test;

class TeacherOptionsTest {
  @Test
  void defaultTeacherOptionsLeaveTheRecordedIdentityAndRunFolderSettingsAsBefore() {
    TrainingSettings s = TrainingSettings.builder().build();
    assertFalse(s.identity().contains("teacher"), s.identity());
    assertTrue(s.identity().endsWith("seed=999]"), s.identity());
    assertFalse(RunFolder.rewardSettings(s).containsKey("--logging-policies"));
  }

  @Test
  void aLoggingMixIsPartOfTheIdentityAndOfTheRewardsSettings() {
    TrainingSettings s = TrainingSettings.builder()
        .optTeacher(TeacherOptions.DEFAULT.withLogging(LoggingMix.parse("logging:1,uniform:1"))).build();
    assertTrue(s.identity().contains("teacher="), s.identity());
    assertEquals("logging:1.0,uniform:1.0", RunFolder.rewardSettings(s).get("--logging-policies"));
  }
}
