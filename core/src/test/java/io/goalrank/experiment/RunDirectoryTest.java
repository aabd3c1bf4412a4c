package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.eval.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @Test
  void resultsRoundTripExactlyIncludingNaN(@TempDir Path root) throws Exception {
    RunDirectory dir = RunDirectory.open(root, "t", Map.of("dataset", "sim"));
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("N@6", 0.1 + 0.2);
    means.put("AUC", Double.NaN);
    Map<String, double[]> per = new LinkedHashMap<>();
    per.put("N@6", new double[] {0.3, 1.0 / 3});
    per.put("AUC", new double[] {Double.NaN, 0.5});
    var saved = new RunDirectory.RowResult("g-e:prm-pl", 7, 1.5, new EvaluationResult("g-e:prm-pl", means, per, 2,
        1, 0.25));
    assertFalse(dir.hasResult(7, "g-e:prm-pl"));
    dir.saveResult(saved);
    assertTrue(dir.hasResult(7, "g-e:prm-pl"));
    var back = dir.loadResult(7, "g-e:prm-pl");
    assertEquals(saved.row(), back.row());
    assertEquals(0.1 + 0.2, back.result().mean("N@6"));
    assertTrue(Double.isNaN(back.result().mean("AUC")));
    assertArrayEquals(per.get("N@6"), back.result().perRequest().get("N@6"));
    assertTrue(Double.isNaN(back.result().perRequest().get("AUC")[0]));
    // no temporary files are left next to the result
    try (var files = Files.list(dir.resultFile(7, "x").getParent())) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void refusesToResumeADifferentExperimentAndSaysWhichField(@TempDir Path root) throws Exception {
    RunDirectory.open(root, "table1", Map.of("dataset", "ml-1m", "negatives", "retriever"));
    RunDirectory.open(root, "table1", Map.of("dataset", "ml-1m", "negatives", "retriever")); // same: fine
    var e = assertThrows(IllegalArgumentException.class,
        () -> RunDirectory.open(root, "table1", Map.of("dataset", "ml-1m", "negatives", "matched")));
    assertTrue(e.getMessage().contains("negatives = retriever, not matched"), e.getMessage());
  }

  @Test
  void aDirectoryMadeBeforeSplitAndThresholdWereRecordedResumesOnlyWithTheOldValues(@TempDir Path root)
      throws Exception {
    // what an older build wrote: no positiveThreshold, no splitPerSeed
    Files.writeString(root.resolve("experiment.json"), "{\"experiment\": \"table1\", \"dataset\": \"ml-1m\"}");
    var e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(root, "table1",
        Map.of("dataset", "ml-1m", "splitPerSeed", "true")));
    assertTrue(e.getMessage().contains("splitPerSeed = false (made before splitPerSeed was recorded), not true")
        && e.getMessage().contains("--no-split-per-seed"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(root, "table1",
        Map.of("dataset", "ml-1m", "positiveThreshold", "3.0")));
    assertTrue(e.getMessage().contains("positiveThreshold = 4.0"), e.getMessage());
    var identity = new LinkedHashMap<String, String>();
    identity.put("dataset", "ml-1m");
    identity.put("positiveThreshold", "4.0");
    identity.put("splitPerSeed", "false");
    RunDirectory.open(root, "table1", identity);
    String json = Files.readString(root.resolve("experiment.json"));
    assertTrue(json.contains("\"splitPerSeed\" : \"false\"") && json.contains("\"positiveThreshold\" : \"4.0\""),
        json);
  }
}
