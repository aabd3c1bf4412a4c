package io.goalrank.cli;

import io.goalrank.bench.Bench;
import io.goalrank.bench.BenchSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Latency, throughput and MFU of GoalRank (fast and reference decoding) against G-E and multi-G-E, and GoalRank
 * training steps on both decodings; JMH decode micro-benchmarks with --jmh.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Time GoalRank's greedy decode on the fast (key/value-cached) and the reference decoder, G-E (K "
        + "samples + evaluator) and multi-G-E (G generators + evaluator) on the same synthetic requests at one hidden "
        + "size, batch 1 and batched, interleaved call by call; time GoalRank training steps (group sampling and the "
        + "teacher-forced update) on both decodings, interleaved step by step; measure the DJL matmul peak and report "
        + "executed and useful MFU. Prints the fast/reference ratios against their targets with PASS/MISS, and the "
        + "load average before and after. Times both decodings whatever --decode says. Needs no data: models are "
        + "random-initialised unless --model is given.",
        "With --jmh, run the JMH decode micro-benchmarks instead (per decoding: -p decoding=fast or reference).",
        "With --engines, compare the serving engines instead: the Java engine, DJL fast and DJL reference greedy "
            + "decoding, interleaved, at batch 1 and --batch, for each of --engine-sizes (p50/p99), and the MFU of "
            + "each batch-1 decode against the measured matmul peak (pin to one core with taskset -c 0 for a one-core "
            + "figure)."})
public final class BenchCommand implements Callable<Integer> {
  @Mixin ComputeOptions compute;

  @Option(names = "--size", defaultValue = "small", description = "Model size preset for every system (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--model", description = "Time this trained generator instead of a random one.")
  Path model;

  @Option(names = "--reward", description = "Use this trained reward model as the evaluator.")
  Path reward;

  @Option(names = "--items", defaultValue = "1000", description = "Catalogue size of random models (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--candidates", defaultValue = "50", description = "Candidates per request (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--requests", defaultValue = "200", description = "Requests timed at batch 1 (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--batch", defaultValue = "32", description = "Requests per batched call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--batches", defaultValue = "20", description = "Batched calls timed (default: ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed calls first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--ge-samples", defaultValue = "10", description = "K lists sampled by G-E (default: ${DEFAULT-VALUE}).")
  int geSamples;

  @Option(names = "--multi", defaultValue = "20", description = "Generators in multi-G-E (default: ${DEFAULT-VALUE}).")
  int multi;

  @Option(names = "--multi-lists", defaultValue = "1", description = "Lists per multi-G-E generator (default: ${DEFAULT-VALUE}).")
  int multiLists;

  @Option(names = "--multi-kind", defaultValue = "scorer",
      description = "multi-G-E generators: scorer (dnn/prm/dlcm Plackett-Luce samplers) or pointer (GoalRank-like "
          + "autoregressive) (default: ${DEFAULT-VALUE}).")
  String multiKind;

  @Option(names = "--train-steps", defaultValue = "10",
      description = "Timed training steps per decoding; 0 skips the training comparison and MFU (default: ${DEFAULT-VALUE}).")
  int trainSteps;

  @Option(names = "--train-warmup", defaultValue = "2",
      description = "Untimed training steps per decoding before them (default: ${DEFAULT-VALUE}).")
  int trainWarmup;

  @Option(names = "--train-batch", defaultValue = "128", description = "Requests per training step (default: ${DEFAULT-VALUE}).")
  int trainBatch;

  @Option(names = "--train-group", defaultValue = "20",
      description = "Lists the generator samples per request for a training step, |B| (default: ${DEFAULT-VALUE}).")
  int trainGroup;

  @Option(names = "--peak-seconds", defaultValue = "1.0", description = "Matmul seconds per size for the peak (default: ${DEFAULT-VALUE}).")
  double peakSeconds;

  @Option(names = "--seed", defaultValue = "999", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Also write the Markdown report here.")
  Path out;

  @Option(names = "--jmh", description = "Run the JMH micro-benchmarks (DecodeBenchmark) instead.")
  boolean jmh;

  @Option(names = "--jmh-args", defaultValue = "",
      description = "Extra JMH options with --jmh, e.g. \"-p batch=1 -wi 1 -i 3\" (java -jar ... -h lists them).")
  String jmhArgs;

  @Option(names = "--engines", description = "Compare the serving engines (java, djl fast, djl reference) instead.")
  boolean engines;

  @Option(names = "--engine-sizes", defaultValue = "small,medium", split = ",",
      description = "Size presets compared by --engines (default: ${DEFAULT-VALUE}).")
  List<String> engineSizes;

  @Option(names = {"--quiet", "-q"}, description = "No progress bars.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    if (jmh) {
      List<String> args = new ArrayList<>(List.of(jmhArgs.trim().split("\\s+")));
      args.removeIf(String::isEmpty);
      args.add("io.goalrank.bench.DecodeBenchmark");
      org.openjdk.jmh.Main.main(args.toArray(String[]::new));
      return 0;
    }
    BenchSettings settings = BenchSettings.builder().size(size).modelDir(model).rewardDir(reward).items(items)
        .candidates(candidates).singleRequests(requests).batchSize(batch).batches(batches).warmup(warmup)
        .geSamples(geSamples).multiGenerators(multi).multiLists(multiLists).multiKind(multiKind)
        .trainSteps(trainSteps).trainWarmup(trainWarmup).trainBatch(trainBatch).trainGroup(trainGroup).peakSeconds(peakSeconds).seed(seed)
        .build();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(new TeeStream(System.out, report), true, StandardCharsets.UTF_8);
    if (engines) {
      engineSizes.forEach(size -> io.goalrank.model.ModelConfig.preset(size, 100, 1, 1)); // an unknown name fails now
      new io.goalrank.bench.EngineComparison(settings, engineSizes, both).run();
    } else {
      new Bench(settings, both).run();
    }
    both.flush();
    if (out != null) {
      Files.write(out, report.toByteArray());
    }
    return 0;
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
