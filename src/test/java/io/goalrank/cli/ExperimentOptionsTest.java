package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.experiment.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --threshold} and {@code --split-per-seed} on every command that prepares data, and the refusals that keep
 * a run from silently ignoring an option ({@code --data} with {@code --prepared}).
 */
class ExperimentOptionsTest {

  /** Parses {@code goalrank experiment NAME ARGS} and returns the experiment's config, running nothing. */
  private static ExperimentConfig config(String name, String... args) {
    List<String> all = new ArrayList<>(List.of("experiment", name));
    all.addAll(List.of(args));
    CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(all.toArray(String[]::new));
    Object command = parsed.subcommand().subcommand().commandSpec().userObject();
    return command instanceof Table1Command t ? t.config() : ((AnalysisCommand) command).config();
  }

  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  @Test
  void table1AndEveryAnalysisTakeTheThresholdAndTheSplitSetting(@TempDir Path dir) {
    String csv = dir.resolve("ratings.csv").toString();
    String out = dir.resolve("out").toString();
    for (String name : List.of("table1", "group-size", "group-construction", "reward-noise", "scaling")) {
      ExperimentConfig c = config(name, "--dataset", "csv", "--data", csv, "--threshold", "3.5", "--seeds", "3",
          "--out", out);
      assertEquals(3.5f, c.threshold(), name);
      assertEquals(3.5f, c.positiveThreshold(), name);
      assertEquals("3.5", c.identity().get("positiveThreshold"), name);
      assertTrue(c.splitPerSeed(), name + ": a split per seed by default with --seeds 3");
      assertEquals("true", c.identity().get("splitPerSeed"), name);
      assertEquals(1999, c.dataSeed(1999), name);

      ExperimentConfig shared = config(name, "--dataset", "csv", "--data", csv, "--seeds", "3",
          "--no-split-per-seed", "--out", out);
      assertFalse(shared.splitPerSeed(), name);
      assertEquals(999, shared.dataSeed(1999), name);
      assertNull(shared.threshold(), name);
      assertEquals(1f, shared.positiveThreshold(), name + ": csv default");
      assertFalse(config(name, "--dataset", "csv", "--data", csv, "--seeds", "1", "--out", out).splitPerSeed(),
          name + ": one seed shares its one split");
      assertTrue(config(name, "--dataset", "csv", "--data", csv, "--seeds", "1", "--split-per-seed", "--out", out)
          .splitPerSeed(), name);
      assertEquals(4f, config(name, "--dataset", "ml-1m", "--data", csv, "--out", out).positiveThreshold(), name);
    }
  }

  @Test
  void dataWithPreparedStopsWithExitCode2AndSaysWhy(@TempDir Path dir) throws Exception {
    Path prepared = Files.writeString(dir.resolve("prepared.bin"), "x");
    for (String name : List.of("table1", "group-size")) {
      Path out = dir.resolve("out-" + name);
      Object[] r = run("experiment", name, "--dataset", "csv", "--data", dir.resolve("r.csv").toString(),
          "--prepared", prepared.toString(), "--out", out.toString(), "--quiet");
      assertEquals(2, r[0], name);
      assertTrue(((String) r[2]).contains("--data and --prepared exclude each other"), (String) r[2]);
      assertFalse(Files.exists(out.resolve("experiment.json")), "nothing may be written");
      r = run("experiment", name, "--dataset", "csv", "--prepared", prepared.toString(), "--split-per-seed",
          "--out", out.toString(), "--quiet");
      assertEquals(2, r[0], name);
      assertTrue(((String) r[2]).contains("--split-per-seed prepares each seed's split from the raw data"),
          (String) r[2]);
    }
  }

  @Test
  void prepareRecordsTheThresholdAndWarnsWhenARatedCsvHasNone(@TempDir Path dir) throws Exception {
    Random rnd = new Random(5);
    StringBuilder sb = new StringBuilder();
    long t = 0;
    for (int u = 0; u < 60; u++) {
      java.util.Set<Integer> items = new java.util.LinkedHashSet<>();
      while (items.size() < 15) {
        items.add(rnd.nextInt(80));
      }
      for (int i : items) {
        sb.append('u').append(u).append(",i").append(i).append(',').append(1 + rnd.nextInt(5)).append(',')
            .append(t++).append('\n');
      }
    }
    Path csv = Files.writeString(dir.resolve("ratings.csv"), sb.toString());
    Object[] r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--core", "5", "--threshold", "4",
        "--mf-epochs", "2", "--out", dir.resolve("four.bin").toString(), "--quiet");
    assertEquals(0, r[0], (String) r[2]);
    String stdout = (String) r[1];
    assertTrue(stdout.matches("(?s).*protocol\\.positiveThreshold +4\\.0\\n.*"), stdout);
    assertTrue(stdout.matches("(?s).*protocol\\.positiveThresholdSource +--threshold\\n.*"), stdout);
    assertFalse(((String) r[2]).contains("warning:"), (String) r[2]);

    r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--core", "5", "--mf-epochs", "2",
        "--negatives", "matched", "--out", dir.resolve("one.bin").toString(), "--quiet");
    assertEquals(0, r[0], (String) r[2]);
    String stderr = (String) r[2];
    assertTrue(stderr.contains("warning: csv: the rating column holds values from 1 to 5, but no --threshold was "
        + "given: assumed threshold 1"), stderr);
    stdout = (String) r[1];
    assertTrue(stdout.matches("(?s).*protocol\\.positiveThreshold +1\\.0\\n.*"), stdout);
    assertTrue(stdout.contains("assumed: no --threshold given for a rated csv file"), stdout);
    assertTrue(stdout.contains("(the retriever's; it did not choose these candidates: matched negatives)"), stdout);
  }
}
