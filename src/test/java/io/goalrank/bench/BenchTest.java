package io.goalrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertEquals(2 * FlopCount.decode(c, 1, 1, 3, 2), FlopCount.decode(c, 2, 1, 3, 2), 1e-6,
        "FLOPs are linear in the batch");
    assertEquals(3 * FlopCount.teacherForced(c, 4, 5, 3, 2), FlopCount.trainingStep(c, 4, 5, 3, 2), 1e-6);
  }

  @Test
  void benchComparesTheThreeSystemsOnTinyModels() throws Exception {
    io.goalrank.util.Progress.setEnabled(false);
    BenchSettings s = BenchSettings.builder().size("tiny").items(100).candidates(12).singleRequests(4).batchSize(4)
        .batches(2).warmup(1).geSamples(3).multiGenerators(4).trainBatch(4).trainGroup(3).trainSteps(1)
        .peakSeconds(0.05).build();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<Bench.SystemTiming> t = new Bench(s, new PrintStream(text, true, StandardCharsets.UTF_8)).run();
    assertEquals(3, t.size());
    for (Bench.SystemTiming x : t) {
      assertEquals(4, x.single().latency().count());
      assertEquals(2, x.batched().latency().count());
      assertTrue(x.batched().throughput() > 0);
    }
    String report = text.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("| GoalRank / G-E (K=3) |"), report);
    assertTrue(report.contains("| GoalRank / multi-G-E (G-4, scorer) |"), report);
    assertTrue(report.contains("RANDOM-INITIALISED"), report);
    assertTrue(report.matches("(?s).*greedy decode, batch 1 \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+%.*"), report);
  }

  @Test
  void loadTestsOnlyTargetLoopback() {
    assertThrows(IllegalArgumentException.class,
        () -> new LoadTest("http://192.0.2.1:8080", 1, 1, java.time.Duration.ofSeconds(1)));
    new LoadTest("http://localhost:8080", 1, 1, java.time.Duration.ofSeconds(1));
  }
}
