package io.goalrank.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.GeneratorEvaluatorPolicy;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.MultiGeneratorEvaluatorPolicy;
import io.goalrank.policy.RankingPolicy;
import io.goalrank.policy.RequestBatch;
import io.goalrank.reward.RewardModel;
import io.goalrank.util.Progress;
import io.goalrank.workflow.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code goalrank bench}: in one run, on the same synthetic requests and at one hidden size, times GoalRank (greedy
 * decoding, no evaluator), G-E (one generator samples K lists, the reward model picks one) and multi-G-E (G
 * generators, then the reward model), at batch 1 and batched; then the machine's matmul peak, and GoalRank's
 * inference and training MFU against it. Prints Markdown.
 */
public final class Bench {
  private final BenchSettings s;
  private final PrintStream out;

  public Bench(BenchSettings settings, PrintStream out) {
    this.s = settings;
    this.out = out;
  }

  /** Timings of one system at batch 1 and batched. */
  public record SystemTiming(String system, PolicyTiming single, PolicyTiming batched) {}

  public List<SystemTiming> run() throws IOException {
    ModelConfig config = s.modelDir() != null ? Checkpoint.read(s.modelDir()).config().withDropout(0f)
        : ModelConfig.preset(s.size(), s.items(), 50, 6).withDropout(0f);
    int l = config.listLength();
    out.printf(Locale.ROOT, "# goalrank bench, %s%n%n", Instant.now());
    out.printf(Locale.ROOT, "- machine: %d CPUs visible to the JVM; PyTorch intra-op threads: %s; engine %s %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
        Engine.getInstance().getEngineName(), Engine.getInstance().getVersion());
    out.printf(Locale.ROOT, "- models: hidden %d, heads %d, encoder/decoder layers %d/%d, ffn %d, %d items; %s%n",
        config.hidden(), config.heads(), config.encoderLayers(), config.decoderLayers(), config.ffn(),
        config.numItems(), s.modelDir() == null ? "RANDOM-INITIALISED (untrained) weights: latency and FLOPs do not "
            + "depend on the weights" : "generator from " + s.modelDir());
    out.printf(Locale.ROOT, "- requests: synthetic (seed %d), N = %d candidates, L = %d, history 1..%d; "
        + "G-E: K = %d sampled lists; multi-G-E: G = %d %s generators x %d list(s)%n%n", s.seed(), s.candidates(), l,
        config.maxHistory(), s.geSamples(), s.multiGenerators(), s.multiKind(), s.multiLists());

    int total = Math.max(s.singleRequests(), s.batchSize() * s.batches());
    RequestBatch requests = SyntheticRequests.batch(total, config.numItems(), s.candidates(), config.maxHistory(),
        s.seed());
    List<SystemTiming> timings = new ArrayList<>();
    try (NetworkTrainer<PointerGenerator> gen = s.modelDir() != null ? Models.loadGenerator(s.modelDir())
            : new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, s.seed());
        RewardModel reward = s.rewardDir() != null ? RewardModel.load(s.rewardDir())
            : RewardModel.pointwise(new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock("reward", config), 0f,
                0f, 0f, s.seed() + 100));
        BaselineSystems multi = BaselineSystems.create(s.multiKind(), s.multiGenerators(), config, s.seed() + 200)) {
      GeneratorPolicy goalrank = new GeneratorPolicy("goalrank", gen, 1f);
      List<RankingPolicy> systems = List.of(goalrank,
          new GeneratorEvaluatorPolicy(goalrank, reward, s.geSamples(), false, s.seed()),
          new MultiGeneratorEvaluatorPolicy(multi.generators(), reward, s.multiLists(), false, s.seed()));
      List<String> labels = List.of("GoalRank (greedy)", "G-E (K=" + s.geSamples() + ")",
          "multi-G-E (G-" + s.multiGenerators() + ", " + s.multiKind() + ")");
      // systems take turns call by call, so drifting load from other processes hits all of them alike
      List<PolicyTiming> single = PolicyTiming.measureInterleaved(labels, systems,
          SyntheticRequests.slice(requests, 0, s.singleRequests()), l, 1, s.warmup());
      List<PolicyTiming> batched = PolicyTiming.measureInterleaved(labels, systems,
          SyntheticRequests.slice(requests, 0, s.batchSize() * s.batches()), l, s.batchSize(), s.warmup());
      for (int k = 0; k < systems.size(); k++) {
        timings.add(new SystemTiming(labels.get(k), single.get(k), batched.get(k)));
      }
      printLatency(timings);
      if (s.trainSteps() > 0) {
        printMfu(config, gen, requests, timings.get(0));
      }
    }
    return timings;
  }

  private void printLatency(List<SystemTiming> t) {
    out.println("## Latency and throughput (per request; a batched request waits for its whole batch; "
        + "systems interleaved call by call)");
    out.println();
    out.println("| system | batch | p50 ms | p99 ms | mean ms | requests/s |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (SystemTiming x : t) {
      for (PolicyTiming p : List.of(x.single(), x.batched())) {
        out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.1f |%n", x.system(), p.batchSize(),
            p.latency().p50(), p.latency().p99(), p.latency().mean(), p.throughput());
      }
    }
    out.println();
    out.println("| ratio | batch 1: p50 | batch 1: p99 | batched: p50 | batched: p99 | throughput (inverse) |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (int k = 1; k < t.size(); k++) {
      SystemTiming g = t.get(0);
      SystemTiming o = t.get(k);
      out.printf(Locale.ROOT, "| GoalRank / %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n", o.system(),
          g.single().latency().p50() / o.single().latency().p50(),
          g.single().latency().p99() / o.single().latency().p99(),
          g.batched().latency().p50() / o.batched().latency().p50(),
          g.batched().latency().p99() / o.batched().latency().p99(),
          o.batched().throughput() / g.batched().throughput());
    }
    out.println();
  }

  private void printMfu(ModelConfig c, NetworkTrainer<PointerGenerator> gen, RequestBatch requests,
      SystemTiming goalrank) {
    double peak;
    try (NDManager m = NDManager.newBaseManager()) {
      peak = MatmulPeak.measure(m, new int[] {256, 512, 1024}, s.peakSeconds());
    }
    int n = s.candidates();
    double single = FlopCount.decode(c, 1, 1, n, meanHistory(requests, 0, s.singleRequests(), c));
    double batched = FlopCount.decode(c, s.batchSize(), 1, n, paddedHistory(requests, s.batchSize(), c));
    double inferSingle = single / (goalrank.single().latency().mean() / 1e3) / 1e9;
    double inferBatched = batched / (goalrank.batched().latency().mean() / 1e3) / 1e9;
    double[] train = trainingRate(c, requests);
    out.println("## MFU (model matmul FLOPs / measured DJL matmul peak)");
    out.println();
    out.printf(Locale.ROOT, "Peak: best of float32 square matmuls (256, 512, 1024) through DJL: **%.1f GFLOP/s**.%n%n",
        peak);
    out.println("| GoalRank work | GFLOP per call | achieved GFLOP/s | MFU |");
    out.println("|---|---:|---:|---:|");
    out.printf(Locale.ROOT, "| greedy decode, batch 1 | %.4f | %.2f | %.2f%% |%n", single / 1e9, inferSingle,
        100 * inferSingle / peak);
    out.printf(Locale.ROOT, "| greedy decode, batch %d | %.4f | %.2f | %.2f%% |%n", s.batchSize(), batched / 1e9,
        inferBatched, 100 * inferBatched / peak);
    out.printf(Locale.ROOT, "| training step (teacher forcing, %d requests x %d lists, fwd+bwd+Adam) | %.3f | %.2f | "
        + "%.2f%% |%n", s.trainBatch(), s.trainGroup(), train[0] / 1e9, train[1], 100 * train[1] / peak);
    out.println();
    out.printf(Locale.ROOT, "Training step: %.1f ms mean over %d steps (after 2 warm-up steps); FLOPs = 3 x forward.%n",
        train[2], s.trainSteps());
  }

  /** {FLOPs per step, achieved GFLOP/s, ms per step} of generator update steps on random lists. */
  private double[] trainingRate(ModelConfig c, RequestBatch requests) {
    int b = Math.min(s.trainBatch(), requests.size());
    RequestBatch batch = SyntheticRequests.slice(requests, 0, b);
    int n = s.candidates();
    int g = s.trainGroup();
    long[] lists = randomLists(b, g, c.listLength(), n, s.seed());
    try (var net = new NetworkTrainer<>(new PointerGenerator(c.withDropout(0.1f)), 1e-4f, 1e-3f, 5f, s.seed())) {
      PointerGenerator block = net.block();
      java.util.function.Function<NDManager, NDArray> loss = m -> {
        BatchTensors t = BatchTensors.of(m, batch, c.maxHistory());
        var enc = block.encode(net.parameterStore(), t, true);
        NDArray logp = block.logProb(net.parameterStore(), enc, m.create(lists, new Shape(b, g, c.listLength())), true);
        return logp.mean().neg();
      };
      net.step(loss);
      net.step(loss);
      long t0 = System.nanoTime();
      try (Progress bar = Progress.start("training steps", s.trainSteps())) {
        for (int k = 0; k < s.trainSteps(); k++) {
          net.step(loss);
          bar.step();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9 / s.trainSteps();
      double flops = FlopCount.trainingStep(c, b, g, n, paddedHistory(batch, b, c));
      return new double[] {flops, flops / seconds / 1e9, seconds * 1e3};
    }
  }

  /** Distinct random slots: {@code [b, g, l]} flattened. */
  static long[] randomLists(int b, int g, int l, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] out = new long[b * g * l];
    for (int k = 0; k < b * g; k++) {
      int[] slots = rnd.ints(0, n).distinct().limit(l).toArray();
      for (int t = 0; t < l; t++) {
        out[k * l + t] = slots[t];
      }
    }
    return out;
  }

  private static int meanHistory(RequestBatch r, int from, int to, ModelConfig c) {
    long sum = 0;
    for (int k = from; k < to; k++) {
      sum += Math.min(c.maxHistory(), Math.max(1, r.history()[k].length));
    }
    return (int) Math.round((double) sum / (to - from));
  }

  /** Mean over calls of the padded history length (the longest history of each call). */
  private int paddedHistory(RequestBatch r, int batchSize, ModelConfig c) {
    long sum = 0;
    int calls = Math.max(1, r.size() / batchSize);
    for (int k = 0; k < calls; k++) {
      int h = 1;
      for (int i = k * batchSize; i < Math.min(r.size(), (k + 1) * batchSize); i++) {
        h = Math.max(h, Math.min(c.maxHistory(), r.history()[i].length));
      }
      sum += h;
    }
    return (int) Math.round((double) sum / calls);
  }
}
