package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.eval.EvaluationResult;
import io.goalrank.eval.PairedTest;
import io.goalrank.eval.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table 1's report from hand-made results (no training): the header says the threshold, the candidates (the
 * retriever's recall only where it chose them) and the split; the p-values are a paired t-test over the per-seed
 * means, and with one seed "n/a (1 seed)" next to the single run's per-request test.
 */
class Table1ReportTest {
  private static final List<Row<SeedModels>> ROWS = List.of(
      new Row<>("random", Family.HEURISTIC, "random", m -> null),
      new Row<>("dnn", Family.GENERATOR_ONLY, "dnn", m -> null),
      new Row<>("goalrank", Family.GOALRANK, "goalrank", m -> null),
      new Row<>("reward-greedy", Family.REFERENCE, "argmax", m -> null));

  private static ExperimentConfig config(int seeds, NegativeSampling negatives, boolean splitPerSeed) {
    return ExperimentConfig.builder().setDataset("csv").optDataDir(Path.of("ratings.csv")).optThreshold(3f)
        .optNegatives(negatives).optSeeds(seeds).optSplitPerSeed(splitPerSeed).optProgress(false).build();
  }

  private static ExperimentData.Provenance provenance(ExperimentConfig config) {
    Map<Long, Map<String, String>> infos = new LinkedHashMap<>();
    int i = 0;
    for (long seed : config.seedList()) {
      Map<String, String> info = new LinkedHashMap<>();
      info.put("dataset", "csv");
      info.put("protocol.positiveThreshold", "3.0");
      info.put(PositiveThreshold.INFO_SOURCE, "--threshold");
      info.put("protocol.coreK", "20");
      info.put("protocol.listLength", "6");
      info.put("protocol.numCandidates", "50");
      info.put("protocol.negatives", config.negatives().name().toLowerCase());
      info.put("protocol.seed", Long.toString(config.dataSeed(seed)));
      info.put("stats.requests", "100");
      info.put("stats.requests.train", "72");
      info.put("stats.requests.valid", "8");
      info.put("stats.requests.test", "20");
      info.put("stats.retrieverRecallAtN", String.format(Locale.ROOT, "0.23%d8", i++));
      infos.put(seed, info);
    }
    return new ExperimentData.Provenance(config.splitPerSeed(), infos);
  }

  /** Per row, the N@6 mean of each seed; per-request values are four requests around it. */
  private static ExperimentRunner.Outcome outcome(ExperimentConfig config, Map<String, double[]> n6) {
    Map<String, List<RunDirectory.RowResult>> results = new LinkedHashMap<>();
    for (Row<SeedModels> row : ROWS) {
      List<RunDirectory.RowResult> rs = new ArrayList<>();
      for (int s = 0; s < config.seeds(); s++) {
        double m = n6.get(row.name())[s];
        Map<String, Double> means = new LinkedHashMap<>();
        means.put("H@6", Math.min(1, 2 * m));
        means.put("N@6", m);
        means.put("reward", 1 + m);
        Map<String, double[]> per = new LinkedHashMap<>();
        double[] r = {m + 0.1 * (s + 1), m - 0.05, m + 0.02 * row.name().length(), m - 0.1 * (s + 1)};
        per.put("H@6", r);
        per.put("N@6", r);
        per.put("reward", r);
        rs.add(new RunDirectory.RowResult(row.name(), config.seedList().get(s), 1.0,
            new EvaluationResult(row.name(), means, per, 4, 1, 0.1)));
      }
      results.put(row.name(), rs);
    }
    return new ExperimentRunner.Outcome(results, ROWS.size() * config.seeds(), 0);
  }

  @Test
  void aReducedTableNamesTheRowsItLeftOut(@TempDir Path out) throws Exception {
    ExperimentConfig config = config(1, NegativeSampling.RETRIEVER, false);
    Map<String, double[]> n6 = new LinkedHashMap<>();
    n6.put("random", new double[] {0.10});
    n6.put("dnn", new double[] {0.28});
    n6.put("goalrank", new double[] {0.30});
    n6.put("reward-greedy", new double[] {0.35});
    String md = Table1Report.write(RunDirectory.open(out, Table1.NAME, config.identity()), config,
        provenance(config), ROWS, outcome(config, n6), 1.0, List.of("prm", "g-100"));
    assertTrue(md.contains("A reduced table (`--table-rows`): Table 1's rows [prm, g-100] were not run"), md);
    assertTrue(md.indexOf("A reduced table") < md.indexOf("| Family | Policy |"), "the note comes before the table");
    String whole = Table1Report.write(RunDirectory.open(out, Table1.NAME, config.identity()), config,
        provenance(config), ROWS, outcome(config, n6), 1.0);
    assertFalse(whole.contains("A reduced table"), whole);
  }

  @Test
  void threeSeedsReportTheSeedLevelTestAndTheSplitAndThreshold(@TempDir Path out) throws Exception {
    ExperimentConfig config = config(3, NegativeSampling.RETRIEVER, true);
    Map<String, double[]> n6 = new LinkedHashMap<>();
    n6.put("random", new double[] {0.10, 0.10, 0.12});
    n6.put("dnn", new double[] {0.28, 0.29, 0.31});
    n6.put("goalrank", new double[] {0.30, 0.34, 0.32});
    n6.put("reward-greedy", new double[] {0.35, 0.36, 0.37});
    ExperimentRunner.Outcome o = outcome(config, n6);
    String md = Table1Report.write(RunDirectory.open(out, Table1.NAME, config.identity()), config,
        provenance(config), ROWS, o, 1.0);
    assertTrue(md.contains("positive threshold 3 (--threshold)"), md);
    assertTrue(md.contains("retriever recall@50 0.2308 (seed 999), 0.2318 (seed 1999), 0.2328 (seed 2999)"), md);
    assertTrue(md.contains("one user split and retriever per seed"), md);
    assertTrue(md.contains("± over seeds: model initialisation and data split"), md);
    assertTrue(md.contains("paired t-test over the 3 seeds"), md);
    // by hand (PairedTestTest): d = 0.02, 0.05, 0.01 -> t = 2.2188 with 2 df -> p = 1 - t / sqrt(2 + t^2)
    double t = (0.08 / 3) / (Math.sqrt((Math.pow(0.02 / 3, 2) + Math.pow(0.07 / 3, 2) + Math.pow(0.05 / 3, 2)) / 2)
        / Math.sqrt(3));
    double p = 1 - t / Math.sqrt(2 + t * t);
    // beside it, each seed's own test over its 4 requests, in seed order, never pooled
    String[] eachSeed = new String[3];
    for (int s = 0; s < 3; s++) {
      eachSeed[s] = PairedTest.formatP(Stats.pairedTTest(
          o.results().get("goalrank").get(s).result().perRequest().get("N@6"),
          o.results().get("dnn").get(s).result().perRequest().get("N@6")));
    }
    String row = String.format(Locale.ROOT, "| N@6 | 0.3200 | dnn | 0.2933 | +9.09%% | %.4f | %s |", p,
        String.join(" / ", eachSeed));
    assertTrue(md.contains(row), row + "\n" + md);
    assertTrue(md.contains("| p (over seeds) | p per request, each seed |"), md);
    assertFalse(md.contains("per request, this run"), "no pooled or single-run label with several seeds:\n" + md);
    assertTrue(Files.isRegularFile(out.resolve("table1.md")));
  }

  @Test
  void oneSeedSaysNaAndLabelsThePerRequestTest(@TempDir Path out) throws Exception {
    ExperimentConfig config = config(1, NegativeSampling.RETRIEVER, false);
    Map<String, double[]> n6 = new LinkedHashMap<>();
    n6.put("random", new double[] {0.10});
    n6.put("dnn", new double[] {0.28});
    n6.put("goalrank", new double[] {0.30});
    n6.put("reward-greedy", new double[] {0.35});
    ExperimentRunner.Outcome o = outcome(config, n6);
    String md = Table1Report.write(RunDirectory.open(out, Table1.NAME, config.identity()), config,
        provenance(config), ROWS, o, 1.0);
    double perRequest = Stats.pairedTTest(o.results().get("goalrank").get(0).result().perRequest().get("N@6"),
        o.results().get("dnn").get(0).result().perRequest().get("N@6"));
    String row = String.format(Locale.ROOT, "| N@6 | 0.3000 | dnn | 0.2800 | +7.14%% | n/a (1 seed) | %.4f |",
        perRequest);
    assertTrue(md.contains(row), row + "\n" + md);
    assertTrue(md.contains("| p (over seeds) | p (per request, this run) |"), md);
    assertTrue(md.contains("one seed, so no spread over seeds"), md);
    assertTrue(md.contains("retriever recall@50 0.2308"), md);
  }

  @Test
  void matchedCandidatesDoNotClaimTheRetrieversRecall(@TempDir Path out) throws Exception {
    ExperimentConfig config = config(2, NegativeSampling.MATCHED, false);
    Map<String, double[]> n6 = new LinkedHashMap<>();
    n6.put("random", new double[] {0.10, 0.11});
    n6.put("dnn", new double[] {0.28, 0.29});
    n6.put("goalrank", new double[] {0.30, 0.34});
    n6.put("reward-greedy", new double[] {0.35, 0.36});
    String md = Table1Report.write(RunDirectory.open(out, Table1.NAME, config.identity()), config,
        provenance(config), ROWS, outcome(config, n6), 1.0);
    assertTrue(md.contains("ground truth + 44 popularity-matched negatives (retriever recall@50 n/a"), md);
    assertFalse(md.contains("recall@50 0."), md);
    assertTrue(md.contains("shared by every seed (--no-split-per-seed); ± over seeds: model initialisation only"),
        md);
    // the analyses print the same header
    String header = ReportHeader.markdown(config, provenance(config), false);
    assertTrue(header.contains("positive threshold 3 (--threshold)") && header.contains("recall@50 n/a"), header);
    assertFalse(header.contains("Significance"), header);
  }
}
