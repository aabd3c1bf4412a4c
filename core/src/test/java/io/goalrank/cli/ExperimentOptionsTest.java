package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.ProtocolConfig;
import io.goalrank.experiment.ExperimentConfig;
import io.goalrank.experiment.RunDirectory;
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
  void theRetrieverScoreIsReadWhereItDoesNotGiveTheTargetsAway(@TempDir Path dir) {
    String csv = dir.resolve("ratings.csv").toString();
    String out = dir.resolve("out").toString();
    for (String name : List.of("table1", "group-size", "group-construction", "reward-noise", "scaling")) {
      ExperimentConfig matched = config(name, "--dataset", "csv", "--data", csv, "--negatives", "matched", "--out",
          out);
      assertTrue(matched.settings().readsRetrieverScores("matched"), name + ": on by default with matched negatives");
      ExperimentConfig retriever = config(name, "--dataset", "csv", "--data", csv, "--out", out);
      assertFalse(retriever.settings().readsRetrieverScores("retriever"),
          name + ": off by default with retriever negatives, where the forced-in targets have the lowest scores");
      ExperimentConfig off = config(name, "--dataset", "csv", "--data", csv, "--negatives", "matched",
          "--no-retriever-feature", "--out", out);
      assertFalse(off.settings().readsRetrieverScores("matched"), name + ": the paper's rows");
      assertTrue(!matched.identity().get("settings").equals(off.identity().get("settings")),
          name + ": the setting is part of the run's identity");
      var leak = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> config(name, "--dataset", "csv", "--data", csv, "--retriever-feature", "--out", out));
      assertTrue(leak.getMessage().contains("gives the targets away"), leak.getMessage());
    }
    assertEquals(io.goalrank.workflow.RetrieverFeature.AUTO,
        io.goalrank.workflow.TrainingSettings.builder().build().retrieverFeature(), "train's default");
    assertFalse(io.goalrank.workflow.TrainingSettings.paperSetting().readsRetrieverScores("matched"),
        "demo --paper-setting");
    assertEquals(io.goalrank.workflow.TrainingSettings.builder().optSeed(999).build(),
        ExperimentConfig.defaultSettings(999), "train and table1 share their defaults");
    Object[] refused = run("demo", "--retriever-feature", "--negatives", "retriever", "--out",
        dir.resolve("demo").toString());
    assertEquals(2, refused[0], "demo refuses the leaking feature with exit code 2");
    assertFalse(Files.exists(dir.resolve("demo")), "before writing anything");
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

  @Test
  void everyExperimentTakesTheRequestModeAndItIsPartOfTheRunsIdentity(@TempDir Path dir) throws Exception {
    String csv = dir.resolve("ratings.csv").toString();
    String out = dir.resolve("out").toString();
    for (String name : List.of("table1", "group-size", "group-construction", "reward-noise", "scaling")) {
      ExperimentConfig last = config(name, "--dataset", "csv", "--data", csv, "--out", out);
      assertEquals(ProtocolConfig.RequestMode.LAST, last.requests(), name + ": last by default");
      assertEquals("last", last.identity().get("requests"), name);
      ExperimentConfig slates = config(name, "--dataset", "csv", "--data", csv, "--requests", "slates", "--out", out);
      assertEquals(ProtocolConfig.RequestMode.SLATES, slates.requests(), name);
      assertEquals("slates", slates.identity().get("requests"), name);
    }
    // a run directory made before the mode was recorded holds last-L requests: it opens with last, not with slates
    ExperimentConfig last = config("table1", "--dataset", "csv", "--data", csv, "--out", out);
    ExperimentConfig slates = config("table1", "--dataset", "csv", "--data", csv, "--requests", "slates",
        "--out", out);
    Path old = Files.createDirectories(dir.resolve("old"));
    java.util.Map<String, String> recorded = new java.util.LinkedHashMap<>();
    recorded.put("experiment", "table1");
    recorded.putAll(last.identity());
    recorded.remove("requests");
    Files.writeString(old.resolve("experiment.json"),
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(recorded));
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RunDirectory.open(old, "table1", slates.identity()));
    assertTrue(refused.getMessage().contains("requests = last (made before requests was recorded), not slates"),
        refused.getMessage());
    RunDirectory.open(old, "table1", last.identity());
    assertEquals("last", new com.fasterxml.jackson.databind.ObjectMapper().readTree(old.resolve("experiment.json")
        .toFile()).path("requests").asText(), "the old record is completed");
  }

  @Test
  void prepareCutsSlatesWithRandomNegativesAndRefusesUnknownModes(@TempDir Path dir) throws Exception {
    Random rnd = new Random(8);
    StringBuilder sb = new StringBuilder();
    long t = 0;
    for (int u = 0; u < 60; u++) {
      java.util.Set<Integer> items = new java.util.LinkedHashSet<>();
      while (items.size() < 20) {
        items.add(rnd.nextInt(80));
      }
      for (int i : items) {
        sb.append('u').append(u).append(",i").append(i).append(',').append(1 + rnd.nextInt(5)).append(',')
            .append(t++).append('\n');
      }
    }
    Path csv = Files.writeString(dir.resolve("ratings.csv"), sb.toString());
    Path file = dir.resolve("slates.bin");
    Object[] r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--core", "5", "--threshold", "4",
        "--mf-epochs", "1", "--requests", "slates", "--negatives", "random", "--out", file.toString(), "--quiet");
    assertEquals(0, r[0], (String) r[2]);
    String stdout = (String) r[1];
    assertTrue(stdout.matches("(?s).*protocol\\.requests +slates\\n.*"), stdout);
    assertTrue(stdout.matches("(?s).*protocol\\.negatives +random\\n.*"), stdout);
    var info = io.goalrank.data.PreparedDataset.readInfo(file);
    // 20 items per user: slates at 2 (train), 8 (valid) and 14 (test), so every user has one of each
    int users = Integer.parseInt(info.get("stats.usersWithRequests"));
    assertTrue(users > 50, "users: " + users);
    for (String split : List.of("train", "valid", "test")) {
      assertEquals(Integer.toString(users), info.get("stats.requests." + split), split);
    }

    r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--requests", "sessions",
        "--out", dir.resolve("x.bin").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--requests must be last or slates, got 'sessions'"), (String) r[2]);
    r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--negatives", "popular",
        "--out", dir.resolve("x.bin").toString(), "--quiet");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--negatives must be retriever, matched or random, got 'popular'"),
        (String) r[2]);
    assertFalse(Files.exists(dir.resolve("x.bin")), "nothing may be written on bad input");
  }
}
