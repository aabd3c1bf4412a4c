package io.goalrank.bench;

import io.goalrank.engine.Engines;
import io.goalrank.engine.JavaEngine;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code goalrank bench --engines}: the serving engines on the same random generator and the same synthetic
 * requests, per size preset: the Java engine ({@code --engine java}), DJL's fast (key/value-cached) decoder and
 * DJL's reference decoder, greedy decoding at batch 1 and batched, the three taking turns call by call
 * ({@link PolicyTiming#measureInterleaved}). Prints p50/p99 per engine, the Java/DJL-fast ratios, whether the
 * Java engine's lists equal DJL's on every timed request, and the MFU of each engine's batch-1 decode: its matmul
 * FLOPs ({@link FlopCount}) over its p50, against the matmul peak measured through DJL at the start
 * ({@link MatmulPeak}, on PyTorch's threads). At batch 1 the Java engine decodes on one thread, so the peak is a
 * one-core figure only when the run is pinned to one core ({@code taskset -c 0}), which is how the issue measures it.
 *
 * <p>Then the Java engine is timed alone, as a server runs it: with no other engine's calls between its calls. Taking
 * turns is fair between the engines but not to a cache-bound one: each DJL call in between evicts the Java engine's
 * weights and buffers from the core's caches, so its interleaved p50 is a cold-cache figure.
 */
public final class EngineComparison {
  /** Sizes compared unless told otherwise. */
  public static final List<String> DEFAULT_SIZES = List.of("small", "medium");

  private final BenchSettings s;
  private final List<String> sizes;
  private final PrintStream out;

  public EngineComparison(BenchSettings settings, List<String> sizes, PrintStream out) {
    this.s = settings;
    this.sizes = List.copyOf(sizes);
    this.out = out;
  }

  /**
   * The MFU of one engine's batch-1 decode.
   *
   * @param executedGflop matmul work the engine runs per request (cached decode for java and djl fast, the prefix
   *     re-run for djl reference)
   * @param minimumGflop the least matmul work any correct implementation needs ({@link FlopCount#decodeMinimum})
   * @param p50Ms the engine's batch-1 p50
   * @param peakGflops the measured matmul peak
   */
  public record Mfu(String engine, double executedGflop, double minimumGflop, double p50Ms, double peakGflops) {
    public double gflops() {
      return executedGflop / (p50Ms / 1e3);
    }

    public double executed() {
      return gflops() / peakGflops;
    }

    public double useful() {
      return minimumGflop / (p50Ms / 1e3) / peakGflops;
    }
  }

  /**
   * Timings per size: java, djl fast, djl reference taking turns, at batch 1 then batched; then the Java engine alone
   * at batch 1 and batched.
   */
  public record SizeTiming(String size, List<PolicyTiming> single, List<PolicyTiming> batched,
      PolicyTiming javaAloneSingle, PolicyTiming javaAloneBatched, int differing) {}

  public List<SizeTiming> run() {
    LoadAverage before = LoadAverage.read();
    out.printf(Locale.ROOT, "# goalrank bench --engines, %s%n%n", java.time.Instant.now());
    out.println(before.describe());
    out.println();
    out.printf(Locale.ROOT, "- machine: %d CPUs visible to the JVM; PyTorch intra-op threads: %s; Java engine: "
        + "threads = CPUs%n", Runtime.getRuntime().availableProcessors(), Bench.torchThreads());
    out.printf(Locale.ROOT, "- requests: synthetic (seed %d), N = %d candidates, L = 6, history 1..50; %d calls at "
        + "batch 1, %d calls at batch %d, after %d warm-up calls per engine; RANDOM-INITIALISED generators (latency "
        + "does not depend on the weights)%n%n", s.seed(), s.candidates(), s.singleRequests(), s.batches(),
        s.batchSize(), s.warmup());
    double peak;
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(io.goalrank.model.Devices.current())) {
      peak = MatmulPeak.measure(m, new int[] {256, 512, 1024}, s.peakSeconds());
    }
    out.printf(Locale.ROOT, "- matmul peak (the MFU denominator): best of float32 square matmuls (256, 512, 1024) "
        + "through DJL on %s PyTorch thread(s): %.1f GFLOP/s%n%n", Bench.torchThreads(), peak);
    List<SizeTiming> all = new ArrayList<>();
    for (String size : sizes) {
      all.add(runSize(size, peak));
    }
    out.println("At the end: " + LoadAverage.read().describe());
    return all;
  }

  private SizeTiming runSize(String size, double peak) {
    ModelConfig config = ModelConfig.preset(size, s.items(), 50, 6).withDropout(0f);
    int total = Math.max(s.singleRequests(), s.batchSize() * s.batches());
    RequestBatch requests = SyntheticRequests.batch(total, config.numItems(), s.candidates(), config.maxHistory(),
        s.seed());
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f,
        s.seed());
        JavaEngine java = Engines.javaEngine(net)) {
      GeneratorPolicy djl = new GeneratorPolicy("goalrank", net, 1f);
      List<RankingPolicy> engines = List.of(asPolicy(java), djl.withDecoding(Decoding.FAST),
          djl.withDecoding(Decoding.REFERENCE));
      List<String> labels = List.of("java (" + java.describe().replaceFirst("^java \\(", "").replaceFirst("\\)$", "")
          + ")", "djl fast", "djl reference");
      List<PolicyTiming> single = PolicyTiming.measureInterleaved(labels, engines,
          SyntheticRequests.slice(requests, 0, s.singleRequests()), 6, 1, s.warmup());
      List<PolicyTiming> batched = PolicyTiming.measureInterleaved(labels, engines,
          SyntheticRequests.slice(requests, 0, s.batchSize() * s.batches()), 6, s.batchSize(), s.warmup());
      List<String> alone = List.of(labels.get(0) + ", alone");
      List<RankingPolicy> javaOnly = List.of(engines.get(0));
      PolicyTiming aloneSingle = PolicyTiming.measureInterleaved(alone, javaOnly,
          SyntheticRequests.slice(requests, 0, s.singleRequests()), 6, 1, s.warmup()).get(0);
      PolicyTiming aloneBatched = PolicyTiming.measureInterleaved(alone, javaOnly,
          SyntheticRequests.slice(requests, 0, s.batchSize() * s.batches()), 6, s.batchSize(), s.warmup()).get(0);
      int differing = differingLists(engines.get(0), engines.get(1), requests);
      print(size, config, single, batched, aloneSingle, aloneBatched, differing, requests.size());
      List<PolicyTiming> withAlone = new ArrayList<>(single);
      withAlone.add(aloneSingle);
      printMfu(mfu(config, withAlone, Bench.meanHistory(SyntheticRequests.slice(requests, 0, s.singleRequests()),
          config), peak));
      return new SizeTiming(size, single, batched, aloneSingle, aloneBatched, differing);
    }
  }

  /**
   * Each engine's batch-1 MFU from its timing (java, djl fast, djl reference, in that order, then optionally the Java
   * engine alone): N candidates, the mean history read by the timed requests ({@code FlopCount} is linear in it), one
   * list of L.
   */
  List<Mfu> mfu(ModelConfig c, List<PolicyTiming> single, double meanHistory, double peak) {
    int n = s.candidates();
    double minimum = FlopCount.decodeMinimum(c, 1, 1, n, meanHistory) / 1e9;
    List<Mfu> rows = new ArrayList<>();
    for (int k = 0; k < single.size(); k++) {
      boolean reference = k == 2;
      double executed = (reference ? FlopCount.decodeReference(c, 1, 1, n, meanHistory)
          : FlopCount.decodeCached(c, 1, 1, n, meanHistory)) / 1e9;
      rows.add(new Mfu(single.get(k).policy(), executed, minimum, single.get(k).latency().p50(), peak));
    }
    return rows;
  }

  private void printMfu(List<Mfu> rows) {
    out.println("MFU of the batch-1 decode (matmul FLOPs per request / p50 / measured peak; useful counts the "
        + "minimum work, FlopCount):");
    out.println();
    out.println("| engine | executed MFLOP | minimum MFLOP | p50 ms | GFLOP/s | executed MFU | useful MFU |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Mfu m : rows) {
      out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.2f | %.2f%% | %.2f%% |%n", m.engine(),
          1e3 * m.executedGflop(), 1e3 * m.minimumGflop(), m.p50Ms(), m.gflops(), 100 * m.executed(),
          100 * m.useful());
    }
    out.println();
  }

  /** Requests whose Java-engine list differs from DJL's fast decoder's (0 expected: the engines are at parity). */
  private int differingLists(RankingPolicy javaEngine, RankingPolicy djl, RequestBatch requests) {
    int[][] a = javaEngine.rank(requests, 6).lists();
    int[][] b = djl.rank(requests, 6).lists();
    int differing = 0;
    for (int r = 0; r < a.length; r++) {
      if (!Arrays.equals(a[r], b[r])) {
        differing++;
      }
    }
    return differing;
  }

  private void print(String size, ModelConfig c, List<PolicyTiming> single, List<PolicyTiming> batched,
      PolicyTiming aloneSingle, PolicyTiming aloneBatched, int differing, int requests) {
    out.printf(Locale.ROOT, "## %s (hidden %d, heads %d, layers %d+%d, ffn %d)%n%n", size, c.hidden(), c.heads(),
        c.encoderLayers(), c.decoderLayers(), c.ffn());
    out.println("| engine | batch | p50 ms | p99 ms | mean ms | requests/s |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (List<PolicyTiming> rows : List.of(single, batched)) {
      rows.forEach(this::printTiming);
    }
    out.println();
    out.println("| ratio | batch 1: p50 | batch 1: p99 | batched: p50 | batched: p99 |");
    out.println("|---|---:|---:|---:|---:|");
    for (int k = 1; k < single.size(); k++) {
      out.printf(Locale.ROOT, "| java / %s | %.3f | %.3f | %.3f | %.3f |%n", single.get(k).policy(),
          single.get(0).latency().p50() / single.get(k).latency().p50(),
          single.get(0).latency().p99() / single.get(k).latency().p99(),
          batched.get(0).latency().p50() / batched.get(k).latency().p50(),
          batched.get(0).latency().p99() / batched.get(k).latency().p99());
    }
    out.println();
    out.println("The Java engine alone, as a server runs it (no other engine's calls between its calls, which evict "
        + "its weights from the core's caches):");
    out.println();
    out.println("| engine | batch | p50 ms | p99 ms | mean ms | requests/s |");
    out.println("|---|---:|---:|---:|---:|---:|");
    printTiming(aloneSingle);
    printTiming(aloneBatched);
    out.println();
    out.printf(Locale.ROOT, "Greedy lists, java vs djl fast: %s%n%n", differing == 0
        ? "identical on all " + requests + " requests" : differing + " of " + requests + " requests DIFFER");
  }

  /** One row of the timing tables. */
  private void printTiming(PolicyTiming p) {
    out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f |%n", p.policy(), p.batchSize(),
        p.latency().p50(), p.latency().p99(), p.latency().mean(), p.throughput());
  }

  /** The Java engine as a ranking policy (lists only), so {@link PolicyTiming} times it like the others. */
  private static RankingPolicy asPolicy(JavaEngine engine) {
    return new RankingPolicy() {
      @Override
      public String name() {
        return "java";
      }

      @Override
      public RankedLists rank(RequestBatch batch, int listLength) {
        return RankedLists.of(engine.greedy(batch, null).lists());
      }
    };
  }
}
