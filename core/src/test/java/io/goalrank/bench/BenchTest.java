package io.goalrank.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {

  @Test
  void percentilesAreNearestRank() {
    long[] ms = new long[100];
    for (int k = 0; k < 100; k++) {
      ms[k] = (100 - k) * 1_000_000L; // 1..100 ms, unsorted
    }
    LatencyStats s = LatencyStats.ofNanos(ms);
    assertEquals(50.0, s.p50(), 1e-9);
    assertEquals(99.0, s.p99(), 1e-9);
    assertEquals(100.0, s.max(), 1e-9);
    assertEquals(50.5, s.mean(), 1e-9);
    assertEquals(7.0, LatencyStats.ofNanos(new long[] {7_000_000L}).p99(), 1e-9);
  }

  @Test
  void flopsFollowTheLayersByHand() {
    // d=4, ffn=8, 1 encoder and 1 decoder layer, L=2; one request, N=3 candidates, H=2 history tokens
    ModelConfig c = new ModelConfig(10, 4, 2, 1, 1, 8, 0f, 5, 2);
    double attnSelf = 2 * 3 * 4 * 4 * 2 + 2 * 3 * 4 * 4 * 2 + 4 * 3 * 3 * 4; // Q,O + K,V + scores
    double attnHist = 2 * 3 * 4 * 4 * 2 + 2 * 2 * 4 * 4 * 2 + 4 * 3 * 2 * 4;
    double ffn = 2 * 3 * 4 * 8 * 2;
    double encoder = 2 * 4 * 4 + 2 * 3 * 4 * 4 + attnSelf + attnHist + ffn;
    assertEquals(encoder, FlopCount.encoder(c, 1, 3, 2), 1e-6);
    // decoder step with a prefix of one item: T = 2 tokens, G = 1
    double pick = 2 * 1 * 3 * 4;
    double self = 2 * 2 * 4 * 4 * 4 + 4 * 2 * 2 * 4;
    double cross = 2 * 2 * 4 * 4 * 2 + 2 * 3 * 4 * 4 * 2 + 4 * 2 * 3 * 4;
    double dffn = 2 * 2 * 4 * 8 * 2;
    double head = 2 * 2 * 4 * 4 + 2 * 3 * 4 * 4 + 2 * 2 * 3 * 4;
    assertEquals(pick + self + cross + dffn + head, FlopCount.decoder(c, 1, 1, 2, 3), 1e-6);
    assertEquals(2 * FlopCount.decodeReference(c, 1, 1, 3, 2), FlopCount.decodeReference(c, 2, 1, 3, 2), 1e-6,
        "FLOPs are linear in the batch");
    assertEquals(3 * FlopCount.teacherForcedReference(c, 4, 5, 3, 2), FlopCount.trainingStepReference(c, 4, 5, 3, 2),
        1e-6);
  }

  @Test
  void cachedDecodeStepsFollowTheLayersByHand() {
    // d=4, ffn=8, 1 decoder layer, L=2; one request, N=3 candidates, k=2 lists
    ModelConfig c = new ModelConfig(10, 4, 2, 1, 1, 8, 0f, 5, 2);
    double once = 2 * 3 * 4 * 4 * 2 + 2 * 3 * 4 * 4; // cross K,V and pointer keys of the 3 candidates
    // per row: fused QKV + output + cross Q + cross O (6 d×d), cross scores over 3, FFN, pointer query and scores
    double row = 6 * 2 * 4 * 4 + 4 * 3 * 4 + 2 * 2 * 4 * 8 + 2 * 4 * 4 + 2 * 3 * 4;
    double step0 = 1 * row + 4 * 1 * 4; // one row, attending to 1 position
    double step1 = 2 * row + 4 * 2 * 2 * 4; // k=2 rows, each attending to 2 positions
    double encoder = FlopCount.encoder(c, 1, 3, 2);
    assertEquals(encoder + once + step0 + step1, FlopCount.decodeCached(c, 1, 2, 3, 2), 1e-6);
    assertEquals(encoder + once + step0 + step1 - 4 * 4, FlopCount.decodeMinimum(c, 1, 2, 3, 2), 1e-6,
        "the start's one-key attention is not needed");
    // fast teacher forcing of G'=2 lists: the start once, then 2·(L−1) = 2 tokens each scoring L = 2 positions
    double teacher = encoder + once + 3 * row + 4 * 2 * 2 * 4;
    assertEquals(teacher, FlopCount.teacherForcedFast(c, 1, 2, 3, 2), 1e-6);
    assertEquals(3 * teacher, FlopCount.trainingStepFast(c, 1, 2, 3, 2), 1e-6);
  }

  @Test
  void cachedDecodingDoesLessThanTheReferenceFromTwoItemsOn() {
    for (String size : List.of("tiny", "small", "medium")) {
      for (int l = 1; l <= 8; l++) {
        ModelConfig c = ModelConfig.preset(size, 1000, 50, l);
        for (int b : new int[] {1, 32}) {
          double cached = FlopCount.decodeCached(c, b, 1, 50, 17);
          double reference = FlopCount.decodeReference(c, b, 1, 50, 17);
          if (l == 1) {
            assertEquals(reference, cached, 1e-9 * reference, "one step, one list: the same work");
          } else {
            assertTrue(cached < reference, size + " L=" + l + ": " + cached + " vs " + reference);
          }
          for (int k : new int[] {1, 10, 20}) {
            assertTrue(FlopCount.decodeMinimum(c, b, k, 50, 17) <= FlopCount.decodeCached(c, b, k, 50, 17));
            assertTrue(FlopCount.decodeCached(c, b, k, 50, 17) <= FlopCount.decodeReference(c, b, k, 50, 17));
          }
        }
      }
    }
  }

  @Test
  void fastTeacherForcingSavesTheRepeatedStartsAndTheOneHotPicks() {
    for (int l = 2; l <= 8; l++) {
      ModelConfig c = ModelConfig.preset("small", 1000, 50, l);
      int d = c.hidden();
      int n = 50;
      for (int b : new int[] {1, 128}) {
        for (int g : new int[] {1, 3, 20}) {
          // reference − fast = (G−1)·b start positions' per-token work + the start rows' self-attention scores over
          // L keys in every layer + the one-hot picks (FlopCount's class comment)
          double expected = (g - 1.0) * b * FlopCount.decoderRow(c, n) + c.decoderLayers() * 4.0 * d * b * g * l
              + 2.0 * b * g * (l - 1) * n * d;
          double diff = FlopCount.teacherForcedReference(c, b, g, n, 20) - FlopCount.teacherForcedFast(c, b, g, n, 20);
          assertEquals(expected, diff, 1e-9 * FlopCount.teacherForcedReference(c, b, g, n, 20), "L=" + l + " G=" + g);
        }
      }
    }
  }

  @Test
  void minimumIsAtMostWhatEitherDecodingExecutes() {
    for (String size : List.of("tiny", "small")) {
      for (int l = 1; l <= 8; l++) {
        ModelConfig c = ModelConfig.preset(size, 1000, 50, l);
        for (int g : new int[] {1, 5, 20}) {
          for (double distinct : new double[] {1, 0.5 * (1 + g), g}) {
            int packed = (int) Math.ceil(distinct);
            // the unpadded mean history is at most the padded one
            double minimum = FlopCount.trainingStepMinimum(c, 128, distinct, 50, 12.5);
            double fast = l == 1 ? FlopCount.trainingStepReference(c, 128, g, 50, 50)
                : FlopCount.trainingStepFast(c, 128, packed, 50, 50);
            assertTrue(minimum <= fast, size + " L=" + l + " G=" + g + " D=" + distinct);
            assertTrue(fast <= FlopCount.trainingStepReference(c, 128, g, 50, 50), size + " L=" + l + " G=" + g);
          }
        }
        // teacher forcing D lists needs exactly the decoder work of a cached decode of D lists
        assertEquals(FlopCount.decodeMinimum(c, 8, 20, 50, 9), FlopCount.teacherForcedMinimum(c, 8, 20, 50, 9),
            1e-9 * FlopCount.decodeMinimum(c, 8, 20, 50, 9));
      }
    }
  }

  @Test
  void distinctListsAreCountedPerRequest() {
    int[][][] lists = {
        {{0, 1}, {1, 0}, {0, 1}},
        {{2, 3}, {2, 3}, {2, 3}}};
    assertArrayEquals(new int[] {2, 1}, Bench.distinctCounts(lists));
    assertArrayEquals(new long[] {0, 1, 1, 0, 0, 1, 2, 3, 2, 3, 2, 3},
        io.goalrank.train.GeneratorTraining.flatten(lists));
  }

  @Test
  void loadAverageReadsProcLoadavg() {
    LoadAverage quiet = LoadAverage.parse(java.time.Instant.EPOCH, "0.52 0.58 0.59 1/234 5678\n");
    assertEquals(0.52, quiet.one(), 1e-9);
    assertEquals(0.59, quiet.fifteen(), 1e-9);
    assertFalse(quiet.loaded());
    assertTrue(quiet.describe().contains("load average 0.52, 0.58, 0.59"), quiet.describe());
    assertTrue(LoadAverage.parse(java.time.Instant.EPOCH, "15.90 16.00 14.00 3/900 1").loaded());
    LoadAverage none = new LoadAverage(java.time.Instant.EPOCH, Double.NaN, Double.NaN, Double.NaN);
    assertFalse(none.loaded());
    assertTrue(none.describe().contains("unavailable"));
  }

  @Test
  void benchComparesFastAndReferenceAndTheBaselinesOnTinyModels() throws Exception {
    io.goalrank.util.Progress.setEnabled(false);
    BenchSettings s = BenchSettings.builder().size("tiny").items(100).candidates(12).singleRequests(4).batchSize(4)
        .batches(2).warmup(1).geSamples(3).multiGenerators(3).multiKind("pointer").trainBatch(4).trainGroup(3)
        .trainSteps(1).trainWarmup(1).peakSeconds(0.05).build();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<Bench.SystemTiming> t = new Bench(s, new PrintStream(text, true, StandardCharsets.UTF_8)).run();
    assertEquals(4, t.size());
    for (Bench.SystemTiming x : t) {
      assertEquals(4, x.single().latency().count());
      assertEquals(2, x.batched().latency().count());
      assertTrue(x.batched().throughput() > 0);
    }
    String report = text.toString(StandardCharsets.UTF_8);
    String ratio = "[0-9.]+";
    String verdict = "(PASS|MISS)";
    assertTrue(report.contains("| GoalRank (fast) / G-E (K=3) |"), report);
    assertTrue(report.contains("| GoalRank (fast) / GoalRank (greedy, reference) |"), report);
    assertTrue(report.contains("RANDOM-INITIALISED"), report);
    assertTrue(report.matches("(?s).*`uptime` at .*At the end: `uptime` at .*"), report);
    assertTrue(report.matches("(?s).*\\| GoalRank greedy decode: fast / reference \\| 1 \\| " + ratio + " \\| "
        + ratio + " \\| p50 ≤ 0\\.35 \\| " + verdict + " \\|.*"), report);
    assertTrue(report.matches("(?s).*\\| GoalRank greedy decode: fast / reference \\| 4 \\| " + ratio + " \\| "
        + ratio + " \\| p50 ≤ 0\\.60 \\| " + verdict + " \\|.*"), report);
    assertTrue(report.matches("(?s).*\\| GoalRank \\(fast\\) / multi-G-E \\(G-3, pointer\\) \\| 1 \\| " + ratio
        + " \\| " + ratio + " \\| p50 and p99 ≤ 0\\.35 \\| " + verdict + " \\|.*"), report);
    assertTrue(report.matches("(?s).*\\| group sampling \\|( [0-9.]+ \\|){6} ≤ 0\\.40 \\| " + verdict + " \\|.*"),
        report);
    assertTrue(report.matches("(?s).*\\| whole step \\(sampling \\+ update\\) \\|( [0-9.]+ \\|){6} ≤ 0\\.70 \\| "
        + verdict + " \\|.*"), report);
    assertTrue(report.contains("Distinct lists per request in the sampled groups: mean "), report);
    assertTrue(report.matches("(?s).*\\| greedy decode, batch 1 \\| fast \\|( [0-9.]+ \\|){4} [0-9.]+% \\| "
        + "[0-9.]+% \\|.*"), report);
    assertTrue(report.matches("(?s).*\\| training useful MFU, fast, whole step \\(sampling \\+ update\\) ≥ 40% "
        + "\\| [0-9.]+% \\| " + verdict + ".*"), report);
    // equal initial weights and the same sampled lists: both decodings compute the same log-probabilities
    java.util.regex.Matcher loss = java.util.regex.Pattern
        .compile("before any update\\): fast ([-0-9.]+), reference ([-0-9.]+)").matcher(report);
    assertTrue(loss.find(), report);
    assertEquals(Double.parseDouble(loss.group(2)), Double.parseDouble(loss.group(1)), 1e-4);
  }

  @Test
  void decodeBenchmarkStepsAgreeBetweenDecodings() {
    float[] logits = new float[2];
    String[] modes = {"fast", "reference"};
    for (int i = 0; i < 2; i++) {
      DecodeBenchmark b = new DecodeBenchmark();
      b.size = "tiny";
      b.batch = 2;
      b.prefix = 3;
      b.setUp();
      DecodeBenchmark.DecodingMode m = new DecodeBenchmark.DecodingMode();
      m.decoding = modes[i];
      m.setUp();
      DecodeBenchmark.AdvancedDecoder fast = new DecodeBenchmark.AdvancedDecoder();
      try {
        fast.advance(b, m);
        logits[i] = b.decodeStep(m, fast);
        assertEquals(2, b.greedyDecode(m).length);
      } finally {
        fast.release();
        b.tearDown();
      }
    }
    assertEquals(logits[1], logits[0], 1e-4f * Math.max(1f, Math.abs(logits[1])));
  }

  @Test
  void loadTestsOnlyTargetLoopback() {
    assertThrows(IllegalArgumentException.class,
        () -> new LoadTest("http://192.0.2.1:8080", 1, 1, java.time.Duration.ofSeconds(1)));
    new LoadTest("http://localhost:8080", 1, 1, java.time.Duration.ofSeconds(1));
  }
}
