package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code --select-on} is a setting of the run: recorded with the generator, AUTO unless chosen. */
class SelectOnTest {

  @Test
  void theEpochSelectionIsRecordedWithTheGenerator() {
    TrainingSettings auto = TrainingSettings.builder().build();
    assertEquals(TrainingSettings.EpochSelection.AUTO, auto.selectOn());
    assertEquals("auto", RunFolder.generatorSettings(auto).get("--select-on"));
    TrainingSettings reward = auto.toBuilder().optSelectOn(TrainingSettings.EpochSelection.REWARD).build();
    assertEquals("reward", RunFolder.generatorSettings(reward).get("--select-on"));
  }
}
