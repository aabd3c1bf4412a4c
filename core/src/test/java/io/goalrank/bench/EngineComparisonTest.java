package io.goalrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.ModelConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch-1 MFU of {@code bench --engines}: FLOPs from {@link FlopCount}, arithmetic checked by hand. */
class EngineComparisonTest {
  @Test
  void mfuDividesTheDecodesFlopsByItsP50AndThePeak() {
    // 0.05 GFLOP in 2 ms is 25 GFLOP/s: half of a 50 GFLOP/s peak; the minimum 0.04 GFLOP gives 40 %
    var m = new EngineComparison.Mfu("java", 0.05, 0.04, 2.0, 50.0);
    assertEquals(25.0, m.gflops(), 1e-9);
    assertEquals(0.5, m.executed(), 1e-12);
    assertEquals(0.4, m.useful(), 1e-12);
  }

  @Test
  void eachEngineIsChargedTheWorkItRuns() {
    ModelConfig c = ModelConfig.preset("small", 1000, 50, 6).withDropout(0f);
    BenchSettings s = BenchSettings.builder().build();
    var timing = List.of(timing("java", 1.0), timing("djl fast", 4.0), timing("djl reference", 8.0),
        timing("java, alone", 0.5));
    List<EngineComparison.Mfu> rows = new EngineComparison(s, List.of("small"), System.out).mfu(c, timing, 20.0,
        40.0);
    int n = s.candidates();
    assertEquals(FlopCount.decodeCached(c, 1, 1, n, 20.0) / 1e9, rows.get(0).executedGflop(), 1e-12);
    assertEquals(rows.get(0).executedGflop(), rows.get(1).executedGflop(), 0.0, "java and djl fast run the cache");
    assertEquals(FlopCount.decodeReference(c, 1, 1, n, 20.0) / 1e9, rows.get(2).executedGflop(), 1e-12);
    assertTrue(rows.get(2).executedGflop() > rows.get(0).executedGflop(), "the reference re-runs the prefix");
    assertEquals(rows.get(0).executedGflop(), rows.get(3).executedGflop(), 0.0, "the java engine alone runs the cache");
    assertEquals(2.0, rows.get(3).gflops() / rows.get(0).gflops(), 1e-9, "half the p50 alone, twice the rate");
    for (var r : rows) {
      assertEquals(FlopCount.decodeMinimum(c, 1, 1, n, 20.0) / 1e9, r.minimumGflop(), 1e-12);
    }
    assertEquals(4.0, rows.get(0).useful() / rows.get(1).useful(), 1e-9, "4x faster, 4x the useful MFU");
  }

  private static PolicyTiming timing(String name, double p50) {
    return new PolicyTiming(name, 1, new LatencyStats(3, p50, p50, p50, p50), 1e3 / p50);
  }
}
