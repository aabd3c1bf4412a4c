package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.cli.Main;
import io.goalrank.eval.EvaluationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code goalrank experiment table1 --quick} end to end on the tiny simulator: every row is trained and evaluated,
 * metrics are in range, the report and charts are written, and a rerun recomputes only the rows whose results were
 * deleted — from the saved models, reproducing their numbers exactly.
 */
class Table1QuickTest {
  private static final List<String> BOUNDED = List.of("H@6", "H@6r", "N@6", "M@6", "F1@6", "AUC");

  @Test
  void quickTableHasEveryRowAndARerunRecomputesOnlyWhatIsMissing(@TempDir Path out) throws Exception {
    ExperimentConfig config = ExperimentConfig.builder().setDataset("sim").optQuick(true).optSeeds(1)
        .optProgress(false).build();
    RunDirectory dir = RunDirectory.open(out, Table1.NAME, config.identity());
    ExperimentRunner.Outcome first = Table1.run(config, dir);

    List<String> expected = List.of("random", "popularity", "mf-order", "logging-policy", "dnn", "prm", "dlcm",
        "seq2slate", "seq2slate-pos", "eg-rerank", "g-e:seq2slate", "g-e:eg-rerank", "g-e:prm-pl", "g-3", "g-20", "g-100",
        "goalrank", "reward-greedy", "oracle-labels");
    assertEquals(expected, List.copyOf(first.results().keySet()));
    assertEquals(expected.size(), first.computed());
    assertEquals(0, first.reused());
    for (var e : first.results().entrySet()) {
      EvaluationResult r = e.getValue().get(0).result();
      assertTrue(r.evaluated() > 20, e.getKey() + " evaluated only " + r.evaluated() + " requests");
      for (String c : BOUNDED) {
        double v = r.mean(c);
        assertTrue(v >= 0 && v <= 1, e.getKey() + " " + c + " = " + v);
      }
      assertTrue(r.mean("reward") > 0, e.getKey() + " reward " + r.mean("reward"));
      assertTrue(Double.isFinite(r.mean("true-utility")), e.getKey() + " true-utility");
    }
    // the label oracle is perfect on hit metrics, and a trained model must use the labels better than random
    assertEquals(1.0, first.results().get("oracle-labels").get(0).result().mean("N@6"), 1e-9);
    assertTrue(reward(first, "reward-greedy") >= reward(first, "random"), "the evaluator's argmax beats random on r̂");
    // G-E with the greedy list among its proposals is never worse under the evaluator than that greedy list
    assertTrue(reward(first, "g-e:eg-rerank") >= reward(first, "eg-rerank") - 1e-6);
    assertTrue(reward(first, "g-e:seq2slate") >= reward(first, "seq2slate") - 1e-6);

    String md = Files.readString(out.resolve("table1.md"));
    for (String row : expected) {
      assertTrue(md.contains("| " + row + " |") || md.contains("| **" + row + "** |"), "table lacks row " + row);
    }
    assertTrue(md.contains("| H@6 | "), "gains table lacks H@6");
    assertTrue(Files.readAllLines(out.resolve("table1.csv")).size() == expected.size() + 1, "csv rows");
    for (String png : List.of("table1-H@6.png", "table1-N@6.png")) {
      byte[] bytes = Files.readAllBytes(out.resolve(png));
      assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png + " is no PNG");
    }

    // "crash" after some rows: their results are gone, the models they trained are still on disk
    Files.delete(dir.resultFile(999, "goalrank"));
    Files.delete(dir.resultFile(999, "g-3"));
    long rewardWritten = Files.getLastModifiedTime(dir.modelDir(999, "reward").resolve("weights.params")).toMillis();
    String log = Cli.run("experiment", "table1", "--quick", "--seeds", "1", "--quiet", "--out", out.toString());
    assertTrue(log.contains("[seed 999, 1/19] random (heuristic): finished earlier, skipped"), log);
    assertTrue(log.contains("(2 rows computed, 17 reused)"), log);
    assertTrue(!log.contains("      training "), "nothing may be retrained:\n" + log);
    assertEquals(rewardWritten,
        Files.getLastModifiedTime(dir.modelDir(999, "reward").resolve("weights.params")).toMillis());
    ExperimentRunner.Outcome again = Table1.run(config, dir); // everything finished now
    assertEquals(0, again.computed());
    for (String row : List.of("goalrank", "g-3")) {
      Map<String, Double> before = first.results().get(row).get(0).result().means();
      Map<String, Double> after = again.results().get(row).get(0).result().means();
      assertEquals(before.get("N@6"), after.get("N@6"), 1e-9, row + " recomputed from its saved model");
      assertEquals(before.get("reward"), after.get("reward"), 1e-6, row + " recomputed from its saved model");
    }

    // `evaluate --table1` evaluates the saved models of every row again, training nothing: the same numbers
    List<EvaluationResult> saved = Table1.evaluateSaved(out, 999, null, List.of(), io.goalrank.data.Split.TEST,
        false);
    assertEquals(expected, saved.stream().map(EvaluationResult::policy).toList());
    for (EvaluationResult r : saved) {
      assertEquals(again.results().get(r.policy()).get(0).result().mean("N@6"), r.mean("N@6"), 1e-9,
          r.policy() + " from evaluate --table1");
    }
    String printed = Cli.run("evaluate", "--table1", out.toString(), "--rows", "seq2slate,g-3,goalrank", "--quiet");
    assertTrue(printed.contains("seq2slate") && printed.contains("g-3") && printed.contains("goalrank")
        && !printed.contains("mf-order"), printed);
    var missing = assertThrows(IllegalArgumentException.class,
        () -> Table1.evaluateSaved(out, 1999, null, List.of(), io.goalrank.data.Split.TEST, false));
    assertTrue(missing.getMessage().contains("has no seed 1999"), missing.getMessage());

    // a different experiment may not be resumed into this directory
    ExperimentConfig other = ExperimentConfig.builder().setDataset("sim").optQuick(true).optGeSamples(5).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunDirectory.open(out, Table1.NAME, other.identity()));
    assertTrue(e.getMessage().contains("geSamples"), e.getMessage());
  }

  private static double reward(ExperimentRunner.Outcome o, String row) {
    return o.results().get(row).get(0).result().mean("reward");
  }
}
