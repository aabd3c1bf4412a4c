package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static EvaluationResult run(String policy, double ndcg, double auc, double[] perRequestNdcg) {
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("N@6", ndcg);
    means.put("AUC", auc);
    Map<String, double[]> per = new LinkedHashMap<>();
    per.put("N@6", perRequestNdcg);
    return new EvaluationResult(policy, means, per, perRequestNdcg.length, 2, 0.1);
  }

  private static List<MultiSeedSummary> rows() {
    // goalrank over 3 seeds: N@6 = 0.6093, 0.6213, 0.6333 -> mean 0.6213, std sqrt((0.012² + 0 + 0.012²) / 2) = 0.012
    MultiSeedSummary goal = MultiSeedSummary.of(List.of(
        run("goalrank", 0.6093, 0.70, new double[] {0.9, 0.5, 0.7}),
        run("goalrank", 0.6213, 0.71, new double[] {0.8, 0.6, 0.4}),
        run("goalrank", 0.6333, 0.72, new double[] {1.0, 0.3, 0.6})));
    MultiSeedSummary mf = MultiSeedSummary.of(List.of(
        run("mf-order", 0.5000, 0.80, new double[] {0.5, 0.4, 0.6}),
        run("mf-order", 0.5000, 0.80, new double[] {0.7, 0.2, 0.3}),
        run("mf-order", 0.5000, 0.80, new double[] {0.6, 0.5, 0.1})));
    MultiSeedSummary rnd = MultiSeedSummary.of(run("random", 0.1, 0.5, new double[] {0.1, 0.0, 0.2}));
    return List.of(goal, mf, rnd);
  }

  @Test
  void markdownFormatsBoldsAndComparesToBestBaseline() {
    String md = ReportWriter.markdown(rows(), ReportWriter.Options.highlight("goalrank", "N@6"));
    String[] lines = md.split("\n");
    assertEquals("| Policy | N@6 | AUC | Gain (N@6) | p (N@6) |", lines[0]);
    assertEquals("|---|---:|---:|---:|---:|", lines[1]);
    // gain over mf-order (best other on N@6): (0.6213 - 0.5) / 0.5 = +24.26%
    assertTrue(lines[2].startsWith("| goalrank | **0.6213 ± 0.0120** | 0.7100 ± 0.0100 | +24.26% | "), lines[2]);
    assertTrue(lines[3].startsWith("| mf-order | 0.5000 ± 0.0000 | **0.8000 ± 0.0000** |  |  |"), lines[3]);
    assertTrue(lines[4].startsWith("| random | 0.1000 | 0.5000 |"), lines[4]); // one seed: no ±
    // three seeds: the test is over the per-seed means, not over the nine pooled per-request values
    double p = Stats.pairedTTest(new double[] {0.6093, 0.6213, 0.6333}, new double[] {0.5, 0.5, 0.5});
    assertTrue(p > 0 && p < 1);
    assertTrue(lines[2].endsWith(String.format(java.util.Locale.ROOT, " %.4f |", p)), lines[2] + " p=" + p);
    assertTrue(md.contains("vs mf-order"));
    assertTrue(md.contains("paired t-test over the 3 seeds' means"), md);
  }

  @Test
  void oneSeedSaysItsPIsThePerRequestTestOfThatRun() {
    List<MultiSeedSummary> rows = List.of(
        MultiSeedSummary.of(run("goalrank", 0.7, 0.7, new double[] {0.9, 0.5, 0.7})),
        MultiSeedSummary.of(run("mf-order", 0.5, 0.8, new double[] {0.5, 0.4, 0.6})));
    String md = ReportWriter.markdown(rows, ReportWriter.Options.highlight("goalrank", "N@6"));
    double p = Stats.pairedTTest(new double[] {0.9, 0.5, 0.7}, new double[] {0.5, 0.4, 0.6});
    assertTrue(md.split("\n")[2].endsWith(String.format(java.util.Locale.ROOT, " %.4f |", p)), md);
    assertTrue(md.contains("p over seeds: n/a (1 seed)") && md.contains("requests of this single run"), md);
  }

  @Test
  void plainTableHasNoComparisonColumns() {
    String md = ReportWriter.markdown(rows(), ReportWriter.Options.plain());
    assertFalse(md.contains("Gain"));
    assertEquals(5, md.split("\n").length);
    assertThrows(IllegalArgumentException.class,
        () -> ReportWriter.markdown(rows(), ReportWriter.Options.highlight("nope", "N@6")));
  }

  @Test
  void csvHasStableHeaderAndExactNumbers() {
    String csv = ReportWriter.csv(rows(), ReportWriter.Options.highlight("goalrank", "N@6"));
    String[] lines = csv.split("\n");
    assertEquals("policy,seeds,evaluated,excluded,N@6_mean,N@6_std,AUC_mean,AUC_std,gain,p_value", lines[0]);
    String[] g = lines[1].split(",", -1);
    assertEquals("goalrank", g[0]);
    assertEquals("3", g[1]);
    assertEquals("3", g[2]);
    assertEquals("2", g[3]);
    assertEquals(rows().get(0).means().get("N@6"), Double.parseDouble(g[4]));
    assertEquals(rows().get(0).stds().get("N@6"), Double.parseDouble(g[5]));
    assertEquals((rows().get(0).means().get("N@6") - 0.5) / 0.5, Double.parseDouble(g[8]), 1e-15);
    String[] r = lines[3].split(",", -1);
    assertEquals("", r[5]); // single seed: std undefined -> empty cell
    assertEquals("", r[8]);
    assertEquals(10, r.length);
    // header does not depend on the options
    assertEquals(lines[0], ReportWriter.csv(rows(), ReportWriter.Options.plain()).split("\n")[0]);
  }

  @Test
  void writesBothFilesAtomically(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("out/table.md");
    Path csv = dir.resolve("out/table.csv");
    Files.createDirectories(md.getParent());
    Files.writeString(md, "old");
    String returned = ReportWriter.write(md, csv, rows(), ReportWriter.Options.highlight("goalrank", "N@6"));
    assertEquals(returned, Files.readString(md));
    assertEquals(ReportWriter.csv(rows(), ReportWriter.Options.highlight("goalrank", "N@6")), Files.readString(csv));
    try (Stream<Path> files = Files.list(md.getParent())) {
      assertEquals(2, files.count()); // no temporary files left behind
    }
  }
}
