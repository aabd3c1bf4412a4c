package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.workflow.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The issue-20 teacher options as the command line spells them. */
class TeacherOptionsCliTest {
  private static TrainingSettings parse(String... args) {
    TrainingOptions options = new TrainingOptions();
    new CommandLine(options).parseArgs(args);
    return options.settings(7);
  }

  @Test
  void everyTeacherOptionReachesTheSettings() {
    TrainingSettings s = parse("--reward-kind", "ensemble", "--ensemble-size", "3", "--ensemble-penalty", "0.5",
        "--logging-policies", "logging:0.5,uniform:0.5", "--propensity", "prefix", "--propensity-clip", "4");
    assertEquals(TrainingSettings.RewardKind.ENSEMBLE, s.rewardKind());
    assertEquals(3, s.teacher().ensembleSize());
    assertEquals(0.5f, s.teacher().ensemble().penalty());
    assertEquals("logging:0.5,uniform:0.5", s.teacher().logging().toString());
    assertEquals("prefix clip 4.0", s.teacher().propensity().toString());
    TrainingSettings mixture = parse("--reward-kind", "MIXTURE", "--mixture-weight", "0.2");
    assertEquals(TrainingSettings.RewardKind.MIXTURE, mixture.rewardKind());
    assertEquals(0.2f, mixture.teacher().mixture().listWeight());
    // a clip without a correction is no correction: nothing changes, nothing is recorded
    assertTrue(parse("--reward-kind", "clicks", "--propensity-clip", "3").teacher().isDefault());
    assertTrue(parse().teacher().isDefault());
  }

  @Test
  void anOptionTheRewardKindWouldIgnoreIsRefusedWithItsName() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> parse("--propensity", "prefix"));
    assertEquals("--propensity is read only by a reward model learnt from impressions (clicks, list, ensemble or "
        + "mixture); --reward-kind pointwise would ignore it", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> parse("--reward-kind", "list", "--mixture-weight", "0.3"));
    assertEquals("--mixture-weight is read only by --reward-kind mixture; --reward-kind list would ignore it",
        e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> parse("--reward-kind", "clicks", "--ensemble-penalty", "1"));
    assertTrue(e.getMessage().startsWith("--ensemble-penalty is read only by --reward-kind ensemble"), e.getMessage());
  }

  @Test
  void badTeacherOptionsAreRefusedBeforeAnyWork(@TempDir Path dir) {
    for (List<String> bad : List.of(List.of("--reward-kind", "bandit"), List.of("--ensemble-size", "0"),
        List.of("--ensemble-penalty", "-1"), List.of("--mixture-weight", "2"), List.of("--propensity", "ips"),
        List.of("--propensity", "list", "--propensity-clip", "0.5"), List.of("--logging-policies", "greedy:1"))) {
      Path out = dir.resolve("demo-" + bad.get(0).substring(2));
      String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("demo", "--out", out.toString()),
          bad.stream()).toArray(String[]::new);
      Object[] r = CliRunner.run(args);
      assertEquals(2, r[0], bad + ": " + r[2]);
      assertFalse(Files.exists(out.resolve("prepared.bin")), bad + " wrote data");
    }
  }
}
