package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --split-per-seed} on a tiny hand-made rated CSV: each seed prepares its own split and retriever into its
 * own file, the same seed gives the same split, the identity records the setting, and a rated CSV without
 * {@code --threshold} warns what was assumed.
 */
class SplitPerSeedTest {

  /** 60 users × 15 distinct items of 80, ratings 1-5, increasing timestamps. */
  static Path ratedCsv(Path file) throws Exception {
    Random rnd = new Random(5);
    StringBuilder sb = new StringBuilder("user,item,rating,timestamp\n");
    long t = 0;
    for (int u = 0; u < 60; u++) {
      Set<Integer> items = new java.util.LinkedHashSet<>();
      while (items.size() < 15) {
        items.add(rnd.nextInt(80));
      }
      for (int i : items) {
        sb.append('u').append(u).append(",i").append(i).append(',').append(1 + rnd.nextInt(5)).append(',')
            .append(t++).append('\n');
      }
    }
    Files.writeString(file, sb.toString());
    return file;
  }

  private static Set<String> testUsers(PreparedDataset data) {
    Set<String> out = new TreeSet<>();
    for (int r : data.indices(Split.TEST)) {
      out.add(data.userIds().rawId(data.user(r)));
    }
    return out;
  }

  @Test
  void eachSeedPreparesItsOwnSplitAndTheSameSeedTheSameOne(@TempDir Path tmp) throws Exception {
    Path csv = ratedCsv(tmp.resolve("ratings.csv"));
    ExperimentConfig config = ExperimentConfig.builder().setDataset("csv").optDataDir(csv).optCore(5).optSeeds(2)
        .optProgress(false).build();
    assertTrue(config.splitPerSeed(), "on by default with more than one seed");
    assertEquals("true", config.identity().get("splitPerSeed"));
    assertEquals("1.0", config.identity().get("positiveThreshold"));
    RunDirectory a = RunDirectory.open(tmp.resolve("a"), Table1.NAME, config.identity());

    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PreparedDataset first;
    PreparedDataset second;
    try {
      System.setErr(new PrintStream(captured, true));
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
      first = ExperimentData.load(config, a, 999);
      second = ExperimentData.load(config, a, 1999);
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    // a rated csv without --threshold: every rating counts as positive, and it says so
    String warnings = captured.toString();
    assertTrue(warnings.contains("warning: csv: the rating column holds values from 1 to 5")
        && warnings.contains("assumed threshold 1"), warnings);
    assertTrue(first.info().get(PositiveThreshold.INFO_SOURCE).startsWith("assumed"), first.info().toString());

    // one file per seed, none shared
    assertTrue(Files.isRegularFile(a.preparedFile("retriever", 999)));
    assertTrue(Files.isRegularFile(a.preparedFile("retriever", 1999)));
    assertFalse(Files.exists(a.preparedFile("retriever")));
    assertEquals("999", first.info().get("protocol.seed"));
    assertEquals("1999", second.info().get("protocol.seed"));
    // the same raw data, split differently
    assertEquals(first.size(), second.size());
    assertEquals(first.userIds().rawIds(), second.userIds().rawIds());
    assertEquals(first.indices(Split.TEST).length, second.indices(Split.TEST).length);
    assertNotEquals(testUsers(first), testUsers(second));

    // the same seed in another run directory: the same split and the same candidates
    RunDirectory b = RunDirectory.open(tmp.resolve("b"), Table1.NAME, config.identity());
    PreparedDataset again;
    try {
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true));
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
      again = ExperimentData.load(config, b, 999);
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals(testUsers(first), testUsers(again));
    for (int r = 0; r < first.size(); r++) {
      assertEquals(first.split(r), again.split(r));
      assertArrayEquals(first.candidates(r), again.candidates(r));
    }

    // the report reads each seed's own provenance
    ExperimentData.Provenance p = ExperimentData.provenance(config, a);
    assertEquals("999", p.infoBySeed().get(999L).get("protocol.seed"));
    assertEquals("1999", p.infoBySeed().get(1999L).get("protocol.seed"));

    // a shared split may not be resumed into this directory
    ExperimentConfig shared = ExperimentConfig.builder().setDataset("csv").optDataDir(csv).optCore(5).optSeeds(2)
        .optSplitPerSeed(false).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunDirectory.open(tmp.resolve("a"), Table1.NAME, shared.identity()));
    assertTrue(e.getMessage().contains("splitPerSeed = true, not false"), e.getMessage());
    // nor another threshold
    ExperimentConfig four = ExperimentConfig.builder().setDataset("csv").optDataDir(csv).optCore(5).optSeeds(2)
        .optThreshold(4f).build();
    e = assertThrows(IllegalArgumentException.class,
        () -> RunDirectory.open(tmp.resolve("a"), Table1.NAME, four.identity()));
    assertTrue(e.getMessage().contains("positiveThreshold = 1.0, not 4.0"), e.getMessage());
  }

  @Test
  void dataWithPreparedAndSplitPerSeedWithPreparedAreRefused(@TempDir Path tmp) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.builder()
        .setDataset("csv").optDataDir(tmp.resolve("r.csv")).optPrepared(tmp.resolve("p.bin")).build());
    assertTrue(e.getMessage().contains("--data and --prepared exclude each other"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.builder().setDataset("csv")
        .optPrepared(tmp.resolve("p.bin")).optSplitPerSeed(true).build());
    assertTrue(e.getMessage().contains("--split-per-seed"), e.getMessage());
    // --prepared alone: one split, whatever the seed count
    assertFalse(ExperimentConfig.builder().setDataset("csv").optPrepared(tmp.resolve("p.bin")).optSeeds(3).build()
        .splitPerSeed());
    assertFalse(ExperimentConfig.builder().setDataset("csv").optDataDir(tmp).optSeeds(1).build().splitPerSeed());
  }
}
