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
 * ({@link PolicyTiming#measureInterleaved}). Prints p50/p99 per engine, the Java/DJL-fast ratios, and whether the
 * Java engine's lists equal DJL's on every timed request.
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

  /** Timings per size: java, djl fast, djl reference, at batch 1 then batched. */
  public record SizeTiming(String size, List<PolicyTiming> single, List<PolicyTiming> batched, int differing) {}

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
    List<SizeTiming> all = new ArrayList<>();
    for (String size : sizes) {
      all.add(runSize(size));
    }
    out.println("At the end: " + LoadAverage.read().describe());
    return all;
  }

  private SizeTiming runSize(String size) {
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
      int differing = differingLists(engines.get(0), engines.get(1), requests);
      print(size, config, single, batched, differing, requests.size());
      return new SizeTiming(size, single, batched, differing);
    }
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
      int differing, int requests) {
    out.printf(Locale.ROOT, "## %s (hidden %d, heads %d, layers %d+%d, ffn %d)%n%n", size, c.hidden(), c.heads(),
        c.encoderLayers(), c.decoderLayers(), c.ffn());
    out.println("| engine | batch | p50 ms | p99 ms | mean ms | requests/s |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (List<PolicyTiming> rows : List.of(single, batched)) {
      for (PolicyTiming p : rows) {
        out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f |%n", p.policy(), p.batchSize(),
            p.latency().p50(), p.latency().p99(), p.latency().mean(), p.throughput());
      }
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
    out.printf(Locale.ROOT, "Greedy lists, java vs djl fast: %s%n%n", differing == 0
        ? "identical on all " + requests + " requests" : differing + " of " + requests + " requests DIFFER");
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
