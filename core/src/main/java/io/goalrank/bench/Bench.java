package io.goalrank.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.GeneratorEvaluatorPolicy;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.MultiGeneratorEvaluatorPolicy;
import io.goalrank.reward.RewardModel;
import io.goalrank.util.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code goalrank bench}: in one run, on the same synthetic requests and at one hidden size,
 *
 * <ol>
 *   <li>times GoalRank's greedy decode on the fast (key/value-cached) and the reference decoder, G-E (the generator
 *       samples K lists on the fast decoder, the reward model picks one) and multi-G-E (G generators, pointer ones
 *       on the fast decoder, then the reward model), at batch 1 and batched, the four taking turns call by call;
 *   <li>times GoalRank training steps on both decodings, interleaved step by step: the generator's own group
 *       sampling and the teacher-forced update (forward, backward, Adam), on two networks with the same initial
 *       weights;
 *   <li>measures the machine's matmul peak and reports, for both decodings, executed MFU (the FLOPs each runs) and
 *       useful MFU (the least FLOPs any correct implementation needs, {@link FlopCount}).
 * </ol>
 *
 * Ratios are printed against the targets of the fast-decoding issue with PASS/MISS, and {@code uptime} (load
 * averages) before and after, with a loud note when the machine was loaded. Prints Markdown.
 */
public final class Bench {
  /** Greedy decode p50, fast / reference, at batch 1 (issue target). */
  static final double DECODE_SINGLE_TARGET = 0.35;
  /** Greedy decode p50, fast / reference, batched (issue target). */
  static final double DECODE_BATCHED_TARGET = 0.6;
  /** Group sampling time, fast / reference, at the training batch and group (issue target). */
  static final double SAMPLING_TARGET = 0.4;
  /** Whole training step (sampling + update), fast / reference (issue target). */
  static final double TRAINING_STEP_TARGET = 0.7;
  /** Training useful MFU against the measured peak (issue target, on a quiet machine). */
  static final double USEFUL_MFU_TARGET = 0.40;
  /**
   * GoalRank (fast) / multi-G-E latency, p50 and p99, batch 1 and batched, each on its fastest path (issue
   * target).
   */
  static final double MULTI_TARGET = 0.35;

  private final BenchSettings s;
  private final PrintStream out;

  public Bench(BenchSettings settings, PrintStream out) {
    this.s = settings;
    this.out = out;
  }

  /** Timings of one system at batch 1 and batched. */
  public record SystemTiming(String system, PolicyTiming single, PolicyTiming batched) {}

  /**
   * Training steps of one decoding, over the timed steps (warm-up excluded).
   *
   * @param sampling per-step wall time of the group sampling
   * @param update per-step wall time of {@link NetworkTrainer#step} (teacher-forced forward, backward, Adam)
   * @param whole per-step sampling + update
   * @param phases mean ms per step of forward, backward and optimiser update, as {@link NetworkTrainer} splits them
   * @param parity mean log π of the first sampled group (first {@link #PARITY_REQUESTS} requests), without dropout
   *     and before any update: equal initial weights and equal sampled lists give equal values in both decodings
   * @param distinct mean number of distinct lists per request in the sampled groups
   * @param packed mean over steps of G', the largest distinct count of a request in the step's batch
   * @param flops mean FLOPs per step {sampling executed, sampling minimum, update executed, update minimum}
   */
  public record TrainingTiming(Decoding decoding, LatencyStats sampling, LatencyStats update, LatencyStats whole,
      double[] phases, double parity, double distinct, double packed, double[] flops) {}

  /** Requests of the first group the parity check scores (a slice keeps it cheap next to a step). */
  static final int PARITY_REQUESTS = 8;

  public List<SystemTiming> run() throws IOException {
    ModelConfig config = s.modelDir() != null ? Checkpoint.read(s.modelDir()).config().withDropout(0f)
        : ModelConfig.preset(s.size(), s.items(), 50, 6).withDropout(0f);
    int l = config.listLength();
    LoadAverage before = LoadAverage.read();
    out.printf(Locale.ROOT, "# goalrank bench, %s%n%n", Instant.now());
    out.println(before.describe());
    out.println();
    warnIfLoaded(before);
    out.printf(Locale.ROOT, "- machine: %d CPUs visible to the JVM; PyTorch intra-op threads: %s "
            + "(-Dai.djl.pytorch.num_threads=%s); engine %s %s%n",
        Runtime.getRuntime().availableProcessors(), torchThreads(),
        System.getProperty("ai.djl.pytorch.num_threads", "unset"), Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion());
    out.printf(Locale.ROOT, "- models: hidden %d, heads %d, encoder/decoder layers %d/%d, ffn %d, %d items; %s%n",
        config.hidden(), config.heads(), config.encoderLayers(), config.decoderLayers(), config.ffn(),
        config.numItems(), s.modelDir() == null ? "RANDOM-INITIALISED (untrained) weights: latency and FLOPs do not "
            + "depend on the weights" : "generator from " + s.modelDir());
    out.printf(Locale.ROOT, "- requests: synthetic (seed %d), N = %d candidates, L = %d, history 1..%d; "
        + "G-E: K = %d sampled lists; multi-G-E: G = %d %s generators x %d list(s)%n", s.seed(), s.candidates(), l,
        config.maxHistory(), s.geSamples(), s.multiGenerators(), s.multiKind(), s.multiLists());
    out.println("- decodings: GoalRank's greedy decode is timed on both; G-E and pointer multi-G-E generators run the "
        + "fast decoder (each system on its fastest path); --decode does not change any of this");
    out.println();

    int total = Math.max(s.singleRequests(), s.batchSize() * s.batches());
    RequestBatch requests = SyntheticRequests.batch(total, config.numItems(), s.candidates(), config.maxHistory(),
        s.seed());
    RequestBatch singleCalls = SyntheticRequests.slice(requests, 0, s.singleRequests());
    RequestBatch batchedCalls = SyntheticRequests.slice(requests, 0, s.batchSize() * s.batches());
    List<SystemTiming> timings = new ArrayList<>();
    try (NetworkTrainer<PointerGenerator> gen = s.modelDir() != null ? Models.loadGenerator(s.modelDir())
            : new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, s.seed());
        RewardModel reward = s.rewardDir() != null ? RewardModel.load(s.rewardDir())
            : RewardModel.pointwise(new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock("reward", config), 0f,
                0f, 0f, s.seed() + 100));
        BaselineSystems multi = BaselineSystems.create(s.multiKind(), s.multiGenerators(), config, s.seed() + 200)) {
      GeneratorPolicy goalrank = new GeneratorPolicy("goalrank", gen, 1f);
      GeneratorPolicy fast = goalrank.withDecoding(Decoding.FAST);
      List<RankingPolicy> systems = List.of(fast, goalrank.withDecoding(Decoding.REFERENCE),
          new GeneratorEvaluatorPolicy(fast, reward, s.geSamples(), false, s.seed()),
          new MultiGeneratorEvaluatorPolicy(multi.generators(), reward, s.multiLists(), false, s.seed()));
      List<String> labels = List.of("GoalRank (greedy, fast)", "GoalRank (greedy, reference)",
          "G-E (K=" + s.geSamples() + ")", "multi-G-E (G-" + s.multiGenerators() + ", " + s.multiKind() + ")");
      // systems take turns call by call, so drifting load from other processes hits all of them alike
      List<PolicyTiming> single = PolicyTiming.measureInterleaved(labels, systems, singleCalls, l, 1, s.warmup());
      List<PolicyTiming> batched = PolicyTiming.measureInterleaved(labels, systems, batchedCalls, l, s.batchSize(),
          s.warmup());
      for (int k = 0; k < systems.size(); k++) {
        timings.add(new SystemTiming(labels.get(k), single.get(k), batched.get(k)));
      }
      printLatency(timings);
    }
    if (s.trainSteps() > 0) {
      // a plain trained generator is trained further from its own weights (its groups hold realistic duplicates);
      // otherwise a random generator of the timed shape, with the presets' training dropout
      boolean trained = s.modelDir() != null && "generator".equals(Checkpoint.read(s.modelDir()).kind());
      ModelConfig trainConfig = trained ? Checkpoint.read(s.modelDir()).config() : config.withDropout(0.1f);
      List<TrainingTiming> training = measureTraining(trainConfig, trained);
      printTraining(training, trainConfig, trained);
      printMfu(config, timings, singleCalls, batchedCalls, training);
    }
    LoadAverage after = LoadAverage.read();
    out.println();
    out.println("At the end: " + after.describe());
    out.println();
    warnIfLoaded(after);
    return timings;
  }

  private void warnIfLoaded(LoadAverage load) {
    if (load.loaded()) {
      out.printf(Locale.ROOT, "> **WARNING: timings taken on a loaded machine.** The 1-minute load average is %.2f "
          + "(above %.0f, with %d CPUs): other processes competed for the cores, so absolute times are inflated and "
          + "MFU is understated. Ratios of interleaved runs are fairer, but not exact.%n%n", load.one(),
          LoadAverage.LOADED, Runtime.getRuntime().availableProcessors());
    }
  }

  /** PyTorch's intra-op thread count as the engine reports it (every timing and the peak use it). */
  static String torchThreads() {
    try {
      Engine.getInstance();
      return Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads());
    } catch (Throwable e) { // another engine, or natives not loadable: say so instead of failing the report
      return "unknown";
    }
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
    SystemTiming fast = t.get(0);
    out.println("| ratio | batch 1: p50 | batch 1: p99 | batched: p50 | batched: p99 | throughput (inverse) |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (SystemTiming o : t.subList(1, t.size())) {
      out.printf(Locale.ROOT, "| GoalRank (fast) / %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n", o.system(),
          ratio(fast.single().latency().p50(), o.single().latency().p50()),
          ratio(fast.single().latency().p99(), o.single().latency().p99()),
          ratio(fast.batched().latency().p50(), o.batched().latency().p50()),
          ratio(fast.batched().latency().p99(), o.batched().latency().p99()),
          ratio(o.batched().throughput(), fast.batched().throughput()));
    }
    out.println();
    out.println("### Latency targets");
    out.println();
    out.println("| ratio | batch | p50 | p99 | target | result |");
    out.println("|---|---:|---:|---:|---|---|");
    SystemTiming reference = t.get(1);
    SystemTiming multi = t.get(t.size() - 1);
    targetRow("GoalRank greedy decode: fast / reference", fast.single(), reference.single(), DECODE_SINGLE_TARGET,
        false);
    targetRow("GoalRank greedy decode: fast / reference", fast.batched(), reference.batched(), DECODE_BATCHED_TARGET,
        false);
    targetRow("GoalRank (fast) / " + multi.system(), fast.single(), multi.single(), MULTI_TARGET, true);
    targetRow("GoalRank (fast) / " + multi.system(), fast.batched(), multi.batched(), MULTI_TARGET, true);
    out.println();
  }

  /** A ratio row judged on p50 alone, or on p50 and p99 when {@code bothTails}. */
  private void targetRow(String label, PolicyTiming a, PolicyTiming b, double target, boolean bothTails) {
    double p50 = ratio(a.latency().p50(), b.latency().p50());
    double p99 = ratio(a.latency().p99(), b.latency().p99());
    boolean ok = p50 <= target && (!bothTails || p99 <= target);
    out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s ≤ %.2f | %s |%n", label, a.batchSize(), p50, p99,
        bothTails ? "p50 and p99" : "p50", target, verdict(ok));
  }

  private static double ratio(double a, double b) {
    return a / b;
  }

  private static String verdict(boolean ok) {
    return ok ? "PASS" : "MISS";
  }

  /**
   * GoalRank training steps on both decodings. Two networks start from the same weights (the same seed, or the
   * same checkpoint); at every step each samples its own group ({@code trainGroup} lists per request, τ = 1, the
   * generator part of GoalRank's group building) and takes a teacher-forced update on it with loss −mean log π.
   * The two take turns step by step, alternating who goes first, so drifting load hits both alike. Timings do not
   * depend on the weights, but the number of distinct lists in a group does, and FAST forwards only those.
   */
  private List<TrainingTiming> measureTraining(ModelConfig c, boolean trained) {
    int b = s.trainBatch();
    int g = s.trainGroup();
    int l = c.listLength();
    int n = s.candidates();
    RequestBatch batch = SyntheticRequests.batch(b, c.numItems(), n, c.maxHistory(), s.seed() + 300);
    double hPadded = paddedHistory(batch, b, c);
    double hMean = meanHistory(batch, c);
    Decoding[] modes = {Decoding.FAST, Decoding.REFERENCE};
    int warm = s.trainWarmup();
    int steps = s.trainSteps();
    long[][][] nanos = new long[modes.length][3][steps]; // sampling, update, whole
    double[][] phaseStart = new double[modes.length][];
    long[] stepsStart = new long[modes.length];
    double[] parity = new double[modes.length];
    double[][] flops = new double[modes.length][4];
    double[] distinct = new double[modes.length];
    double[] packed = new double[modes.length];
    List<NetworkTrainer<PointerGenerator>> nets = new ArrayList<>();
    try {
      for (Decoding mode : modes) {
        var net = new NetworkTrainer<>(new PointerGenerator(c), 1e-4f, 1e-3f, 5f, s.seed());
        if (trained) {
          try {
            net.loadWeights(s.modelDir());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
        nets.add(net);
      }
      try (Progress bar = Progress.start("training steps (fast + reference)", warm + steps)) {
        for (int k = 0; k < warm + steps; k++) {
          long seed = s.seed() * 31 + k;
          for (int j = 0; j < modes.length; j++) {
            int i = (j + k) % modes.length;
            Decoding mode = modes[i];
            NetworkTrainer<PointerGenerator> net = nets.get(i);
            GeneratorPolicy policy = new GeneratorPolicy("goalrank", net, 1f).withDecoding(mode);
            long t0 = System.nanoTime();
            SampledLists sampled = policy.sample(batch, l, g, seed);
            long sampling = System.nanoTime() - t0;
            long[] flat = io.goalrank.train.GeneratorTraining.flatten(sampled.lists());
            if (k == 0) {
              parity[i] = meanLogProb(net, mode, batch, flat, g, l); // untimed
            }
            long t1 = System.nanoTime();
            net.step(m -> {
              ContextEncoder.Encoded enc = net.block().encode(net.parameterStore(),
                  BatchTensors.of(m, batch, c.maxHistory()), true);
              NDArray lists = m.create(flat, new Shape(b, g, l));
              return net.block().logProb(net.parameterStore(), enc, lists, true, mode).mean().neg();
            });
            long t2 = System.nanoTime();
            if (k < warm) {
              // cumulative phase times so far, to subtract the warm-up steps from the means
              phaseStart[i] = totals(net);
              stepsStart[i] = net.steps();
              continue;
            }
            int at = k - warm;
            nanos[i][0][at] = sampling;
            nanos[i][1][at] = t2 - t1;
            nanos[i][2][at] = sampling + t2 - t1;
            int[] counts = distinctCounts(sampled.lists());
            double d = Arrays.stream(counts).average().orElse(0);
            int most = Arrays.stream(counts).max().orElse(0);
            distinct[i] += d / steps;
            packed[i] += (double) most / steps;
            boolean fastMode = mode == Decoding.FAST;
            flops[i][0] += (fastMode ? FlopCount.decodeCached(c, b, g, n, hPadded)
                : FlopCount.decodeReference(c, b, g, n, hPadded)) / steps;
            flops[i][1] += FlopCount.decodeMinimum(c, b, g, n, hMean) / steps;
            // a one-item list has no later steps: the model's fast teacher forcing falls back to the reference
            flops[i][2] += (fastMode && l > 1 ? FlopCount.trainingStepFast(c, b, most, n, hPadded)
                : FlopCount.trainingStepReference(c, b, g, n, hPadded)) / steps;
            flops[i][3] += FlopCount.trainingStepMinimum(c, b, d, n, hMean) / steps;
          }
          bar.step();
        }
      }
      List<TrainingTiming> result = new ArrayList<>();
      for (int i = 0; i < modes.length; i++) {
        double[] end = totals(nets.get(i));
        double[] start = phaseStart[i] == null ? new double[3] : phaseStart[i]; // null: no warm-up steps
        double measured = nets.get(i).steps() - stepsStart[i];
        double[] phases = new double[3];
        for (int p = 0; p < 3; p++) {
          phases[p] = (end[p] - start[p]) / measured;
        }
        result.add(new TrainingTiming(modes[i], LatencyStats.ofNanos(nanos[i][0]), LatencyStats.ofNanos(nanos[i][1]),
            LatencyStats.ofNanos(nanos[i][2]), phases, parity[i], distinct[i], packed[i], flops[i]));
      }
      return result;
    } finally {
      nets.forEach(NetworkTrainer::close);
    }
  }

  /**
   * Mean log π of the first {@link #PARITY_REQUESTS} requests' lists, without dropout and outside autograd: a check
   * that the two timed networks compute the same thing, not part of any timing.
   */
  private static double meanLogProb(NetworkTrainer<PointerGenerator> net, Decoding mode, RequestBatch batch,
      long[] flat, int g, int l) {
    int rows = Math.min(PARITY_REQUESTS, batch.size());
    try (NDManager m = net.manager().newSubManager()) {
      PointerGenerator block = net.block();
      ContextEncoder.Encoded enc = block.encode(net.parameterStore(),
          BatchTensors.of(m, SyntheticRequests.slice(batch, 0, rows), block.config().maxHistory()), false);
      NDArray lists = m.create(Arrays.copyOf(flat, rows * g * l), new Shape(rows, g, l));
      return block.logProb(net.parameterStore(), enc, lists, false, mode).mean().getFloat();
    }
  }

  /** Cumulative ms of forward, backward and update over all steps so far. */
  private static double[] totals(NetworkTrainer<?> net) {
    double[] perStep = net.millisPerStep();
    double[] out = new double[perStep.length];
    for (int p = 0; p < perStep.length; p++) {
      out[p] = perStep[p] * net.steps();
    }
    return out;
  }

  /** The number of distinct lists in each request's group. */
  static int[] distinctCounts(int[][][] lists) {
    int[] out = new int[lists.length];
    for (int r = 0; r < lists.length; r++) {
      Set<List<Integer>> seen = new HashSet<>();
      for (int[] list : lists[r]) {
        seen.add(Arrays.stream(list).boxed().toList());
      }
      out[r] = seen.size();
    }
    return out;
  }

  private void printTraining(List<TrainingTiming> t, ModelConfig c, boolean trained) {
    TrainingTiming fast = t.get(0);
    TrainingTiming reference = t.get(1);
    out.println("## Training step: fast vs reference decoding (interleaved step by step)");
    out.println();
    out.printf(Locale.ROOT, "%d requests x %d lists sampled by the generator itself (τ = 1), L = %d, N = %d; %d timed "
            + "steps per decoding after %d warm-up steps; both networks start from the same weights (%s), loss "
            + "−mean log π (teacher forced, dropout on), Adam.%n%n", s.trainBatch(), s.trainGroup(),
        c.listLength(), s.candidates(), s.trainSteps(), s.trainWarmup(),
        trained ? "the checkpoint's" : "random, seed " + s.seed());
    out.printf(Locale.ROOT, "Distinct lists per request in the sampled groups: mean %.2f of %d (fast) and %.2f "
            + "(reference); the fast pass forwards G' = %.2f lists per request on average (the batch's largest "
            + "distinct count), the reference all %d.%s%n%n", fast.distinct(), s.trainGroup(), reference.distinct(),
        fast.packed(), s.trainGroup(), !trained ? " A random-initialised generator samples almost "
            + "uniformly, so nearly every list is distinct; a trained, peaked generator's groups hold duplicates, and "
            + "real groups add auxiliary lists that often coincide." : "");
    out.println("| part (ms per step) | fast mean | fast p50 | reference mean | reference p50 | fast / reference "
        + "(mean) | fast / reference (p50) | target | result |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---|---|");
    trainingRow("group sampling", fast.sampling(), reference.sampling(), SAMPLING_TARGET);
    String[] phases = {"update: forward", "update: backward", "update: Adam (and gradient clipping)"};
    for (int p = 0; p < 3; p++) {
      out.printf(Locale.ROOT, "| %s | %.1f | | %.1f | | %.3f | | | |%n", phases[p], fast.phases()[p],
          reference.phases()[p], ratio(fast.phases()[p], reference.phases()[p]));
    }
    trainingRow("update step (total)", fast.update(), reference.update(), Double.NaN);
    trainingRow("whole step (sampling + update)", fast.whole(), reference.whole(), TRAINING_STEP_TARGET);
    out.println();
    out.printf(Locale.ROOT, "Targets are judged on the means. Parity check, mean log π of the first sampled group "
        + "(%d requests, no dropout, before any update): fast %.6f, reference %.6f (same weights and seed, so the "
        + "same lists: they should agree to about 1e-5).%n%n", Math.min(PARITY_REQUESTS, s.trainBatch()),
        fast.parity(), reference.parity());
  }

  private void trainingRow(String label, LatencyStats fast, LatencyStats reference, double target) {
    double mean = ratio(fast.mean(), reference.mean());
    out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %s | %s |%n", label, fast.mean(),
        fast.p50(), reference.mean(), reference.p50(), mean, ratio(fast.p50(), reference.p50()),
        Double.isNaN(target) ? "" : String.format(Locale.ROOT, "≤ %.2f", target),
        Double.isNaN(target) ? "" : verdict(mean <= target));
  }

  private void printMfu(ModelConfig c, List<SystemTiming> timings, RequestBatch singleCalls,
      RequestBatch batchedCalls, List<TrainingTiming> training) {
    double peak;
    try (NDManager m = NDManager.newBaseManager(io.goalrank.model.Devices.current())) {
      peak = MatmulPeak.measure(m, new int[] {256, 512, 1024}, s.peakSeconds());
    }
    int n = s.candidates();
    int bb = s.batchSize();
    double hSingle = meanHistory(singleCalls, c);
    double hBatchedPadded = paddedHistory(batchedCalls, bb, c);
    double hBatched = meanHistory(batchedCalls, c);
    out.println("## MFU (model matmul FLOPs / measured DJL matmul peak)");
    out.println();
    out.printf(Locale.ROOT, "Peak: best of float32 square matmuls (256, 512, 1024) through DJL on %s PyTorch intra-op "
        + "thread(s), the threads every timing above used: **%.1f GFLOP/s**.%n%n", torchThreads(), peak);
    out.println("- executed: FLOPs of the matmuls the decoding runs (the reference re-runs the prefix and re-projects "
        + "the candidates at every step; the fast pass forwards G' padded distinct lists);");
    out.println("- minimum: the least matmul work any correct implementation needs (cached decode; distinct lists "
        + "only, unpadded; causal attention; unpadded history; see FlopCount). Useful MFU = minimum / time / peak;");
    out.println("- training FLOPs = 3 x forward (backward about twice the forward); sampling is inference only.");
    out.println();
    out.println("| GoalRank work | decoding | executed GFLOP | minimum GFLOP | mean ms | executed GFLOP/s | "
        + "executed MFU | useful MFU |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    // rows grouped by work, fast then reference, so each pair reads side by side
    for (boolean batched : new boolean[] {false, true}) {
      int b = batched ? bb : 1;
      double padded = batched ? hBatchedPadded : hSingle;
      double unpadded = batched ? hBatched : hSingle;
      for (int k = 0; k < 2; k++) {
        PolicyTiming t = batched ? timings.get(k).batched() : timings.get(k).single();
        boolean fast = k == 0;
        mfuRow("greedy decode, batch " + b, fast ? "fast" : "reference",
            fast ? FlopCount.decodeCached(c, b, 1, n, padded) : FlopCount.decodeReference(c, b, 1, n, padded),
            FlopCount.decodeMinimum(c, b, 1, n, unpadded), t.latency().mean(), peak);
      }
    }
    String shape = s.trainBatch() + " requests x " + s.trainGroup() + " lists";
    String[] work = {"group sampling (" + shape + ")", "update step (teacher forcing, fwd+bwd+Adam)",
        "training step (sampling + update)"};
    for (int w = 0; w < work.length; w++) {
      for (TrainingTiming t : training) {
        double[] f = t.flops();
        double executed = w == 0 ? f[0] : w == 1 ? f[2] : f[0] + f[2];
        double minimum = w == 0 ? f[1] : w == 1 ? f[3] : f[1] + f[3];
        LatencyStats time = w == 0 ? t.sampling() : w == 1 ? t.update() : t.whole();
        mfuRow(work[w], t.decoding() == Decoding.FAST ? "fast" : "reference", executed, minimum, time.mean(), peak);
      }
    }
    TrainingTiming fastTraining = training.get(0);
    double[] f = fastTraining.flops();
    double[] useful = {mfu(f[1] + f[3], fastTraining.whole().mean(), peak),
        mfu(f[3], fastTraining.update().mean(), peak)};
    out.println();
    LoadAverage now = LoadAverage.read();
    String quiet = now.loaded() ? String.format(Locale.ROOT, " (loaded machine, 1-min load %.2f: not a fair test)",
        now.one()) : "";
    out.println("| target | value | result |");
    out.println("|---|---:|---|");
    out.printf(Locale.ROOT, "| training useful MFU, fast, whole step (sampling + update) ≥ %.0f%% | %.2f%% | %s%s |%n",
        100 * USEFUL_MFU_TARGET, 100 * useful[0], verdict(useful[0] >= USEFUL_MFU_TARGET), quiet);
    out.printf(Locale.ROOT, "| training useful MFU, fast, update step alone ≥ %.0f%% | %.2f%% | %s%s |%n",
        100 * USEFUL_MFU_TARGET, 100 * useful[1], verdict(useful[1] >= USEFUL_MFU_TARGET), quiet);
    out.println();
  }

  private void mfuRow(String work, String mode, double executed, double minimum, double ms, double peak) {
    double rate = executed / (ms / 1e3) / 1e9;
    out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.2f | %.2f | %.2f%% | %.2f%% |%n", work, mode, executed / 1e9,
        minimum / 1e9, ms, rate, 100 * rate / peak, 100 * mfu(minimum, ms, peak));
  }

  /** FLOPs done in {@code ms} as a fraction of {@code peak} GFLOP/s. */
  private static double mfu(double flops, double ms, double peak) {
    return flops / (ms / 1e3) / 1e9 / peak;
  }

  /** {@code b·g} lists of {@code l} distinct random slots out of {@code n}: {@code [b, g, l]} flattened. */
  public static long[] randomLists(int b, int g, int l, int n, long seed) {
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

  /** Mean over requests of the history length the model reads (unpadded). */
  static double meanHistory(RequestBatch r, ModelConfig c) {
    long sum = 0;
    for (int[] h : r.history()) {
      sum += Math.min(c.maxHistory(), Math.max(1, h.length));
    }
    return (double) sum / r.size();
  }

  /** Mean over calls of the padded history length (the longest history of each call), as the tensors have it. */
  static double paddedHistory(RequestBatch r, int batchSize, ModelConfig c) {
    long sum = 0;
    int calls = Math.max(1, r.size() / batchSize);
    for (int k = 0; k < calls; k++) {
      int h = 1;
      for (int i = k * batchSize; i < Math.min(r.size(), (k + 1) * batchSize); i++) {
        h = Math.max(h, Math.min(c.maxHistory(), r.history()[i].length));
      }
      sum += h;
    }
    return (double) sum / calls;
  }
}
