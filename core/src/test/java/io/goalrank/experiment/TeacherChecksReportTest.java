package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.eval.ClickCalibration;
import io.goalrank.workflow.TeacherChecks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each seed's held-out check of its reward model ends table1.md; a seed without one is left out. */
class TeacherChecksReportTest {
  @Test
  void theReportCollectsTheChecksWrittenBesideEachSeedsRewardModel(@TempDir Path out) throws Exception {
    ExperimentConfig config = ExperimentConfig.builder().setDataset("sim").optQuick(true).optSeeds(2)
        .optProgress(false).build();
    RunDirectory dir = RunDirectory.open(out, Table1.NAME, config.identity());
    assertEquals("", Table1Report.teacherChecks(dir, config));
    long first = config.seedList().get(0);
    ClickCalibration c = ClickCalibration.of("held-out slates (test requests)", 2,
        new float[] {0.1f, 0.8f, 0.3f, 0.6f}, new float[] {0, 1, 0, 1}, 10);
    TeacherChecks.write(dir.modelDir(first, "reward"), java.util.List.of(c, c));
    String section = Table1Report.teacherChecks(dir, config);
    assertTrue(section.contains("## Teacher diagnostic"), section);
    assertTrue(section.contains("- seed " + first + ": Reward model teacher clicks on held-out slates (test requests): "
        + "AUC 1.0000"), section);
    assertEquals(2, section.split("Reward model teacher clicks").length - 1, "both checks' summaries: " + section);
    assertTrue(!section.contains("- seed " + config.seedList().get(1)), section);
  }
}
