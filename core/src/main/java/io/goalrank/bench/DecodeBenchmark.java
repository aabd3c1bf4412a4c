package io.goalrank.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of GoalRank's decoding pieces on a random-initialised generator, per decoding ({@code
 * decoding} = {@code fast}, the key/value-cached decoder, or {@code reference}, the decoder that re-runs the prefix):
 * the context encoder (the same for both, so it has no {@code decoding} parameter), one decoder step at a given
 * prefix length, and the whole greedy decode. Run with {@code goalrank bench --jmh} or
 * {@code java -cp goalrank-cli.jar org.openjdk.jmh.Main DecodeBenchmark} ({@code -p decoding=fast} for one mode).
 * The fork gets the offline DJL flags and one PyTorch thread, so numbers are per core.
 *
 * <p>A fast step is stateful (it appends to the cache), so {@code decodeStep} on {@code fast} gets a fresh decoder
 * advanced to position {@code prefix} before every invocation ({@link AdvancedDecoder}, untimed) and times the one
 * {@code Decoder.next} that picks item {@code prefix}; on {@code reference} it times the uncached step over the
 * same prefix. A decode step takes milliseconds, far above the cost JMH adds per invocation for that setup.
 *
 * <p>{@code javaEngineGreedyDecode} times the same greedy decode on the Java serving engine (one thread, like the
 * fork's one PyTorch thread), on a copy of the same weights.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DecodeBenchmark {
  private static final int LIST_LENGTH = 6;

  @Param({"small"})
  public String size;

  @Param({"1", "32"})
  public int batch;

  @Param({"3"})
  public int prefix;

  private NetworkTrainer<PointerGenerator> net;
  private GeneratorPolicy policy;
  private RequestBatch requests;
  private NDManager manager;
  private ContextEncoder.Encoded encoded;
  private long[] slots;
  private NDArray prefixSlots;
  private io.goalrank.engine.JavaEngine javaEngine;

  /** Which decoder the decode benchmarks run; a state of its own so that {@code encode} is not run per mode. */
  @State(Scope.Thread)
  public static class DecodingMode {
    @Param({"fast", "reference"})
    public String decoding;

    Decoding mode;

    @Setup(Level.Trial)
    public void setUp() {
      mode = Decoding.parse(decoding);
    }
  }

  /** A fast decoder advanced to position {@code prefix}, rebuilt before every invocation of {@code decodeStep}. */
  @State(Scope.Thread)
  public static class AdvancedDecoder {
    NDManager scope;
    PointerGenerator.Decoder decoder;
    int[] nextPicks;

    @Setup(Level.Invocation)
    public void advance(DecodeBenchmark b, DecodingMode m) {
      if (m.mode != Decoding.FAST) {
        return;
      }
      scope = b.manager.newSubManager();
      // borrow the encoding so the decoder's cache and every step's arrays land in scope and are freed with it
      scope.tempAttachAll(b.encoded.candidates(), b.encoded.user(), b.encoded.itemEmbeddings());
      decoder = b.net.block().decoder(b.net.parameterStore(), b.encoded, 1);
      for (int t = 0; t < b.prefix; t++) {
        decoder.next(b.picks(t));
      }
      nextPicks = b.picks(b.prefix);
    }

    @TearDown(Level.Invocation)
    public void release() {
      if (scope != null) {
        scope.close();
        scope = null;
      }
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    if (prefix < 0 || prefix >= LIST_LENGTH) {
      throw new IllegalArgumentException("prefix must be in 0.." + (LIST_LENGTH - 1) + ": " + prefix);
    }
    ModelConfig config = ModelConfig.preset(size, 1000, 50, LIST_LENGTH).withDropout(0f);
    net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, 7);
    policy = new GeneratorPolicy("goalrank", net, 1f);
    requests = SyntheticRequests.batch(batch, 1000, 50, 50, 7);
    manager = net.manager().newSubManager();
    encoded = net.block().encode(net.parameterStore(), BatchTensors.of(manager, requests, 50), false);
    slots = Bench.randomLists(batch, 1, Math.max(prefix, 1), 50, 7);
    prefixSlots = prefix == 0 ? null : manager.create(slots, new Shape(batch, 1, prefix));
    javaEngine = io.goalrank.engine.Engines.javaEngine(net, io.goalrank.engine.vector.Kernels.best(), 1);
  }

  /** The argument of the fast decoder's step {@code t}: null at step 0, else the prefix's item t−1 per request. */
  int[] picks(int t) {
    if (t == 0) {
      return null;
    }
    int width = Math.max(prefix, 1);
    int[] out = new int[batch];
    for (int r = 0; r < batch; r++) {
      out[r] = (int) slots[r * width + t - 1];
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    javaEngine.close();
    manager.close();
    net.close();
  }

  @Benchmark
  public float encode() {
    try (NDManager m = net.manager().newSubManager()) {
      return net.block().encode(net.parameterStore(), BatchTensors.of(m, requests, 50), false).candidates()
          .getFloat(0, 0, 0);
    }
  }

  /** The logits of pick {@code prefix} given the first {@code prefix} picks. */
  @Benchmark
  public float decodeStep(DecodingMode m, AdvancedDecoder fast) {
    if (m.mode == Decoding.FAST) {
      return fast.decoder.next(fast.nextPicks).getFloat(0, 0, 0);
    }
    try (NDManager scope = manager.newSubManager()) {
      // borrow the inputs so every intermediate lands in scope and is freed each call (results follow the first
      // operand)
      scope.tempAttachAll(encoded.candidates(), encoded.user(), encoded.itemEmbeddings());
      if (prefixSlots != null) {
        scope.tempAttachAll(prefixSlots);
      }
      NDArray logits = net.block().stepLogits(net.parameterStore(), encoded, prefixSlots, 1, false);
      return logits.getFloat(0, 0, 0);
    }
  }

  @Benchmark
  public int[][] greedyDecode(DecodingMode m) {
    return policy.withDecoding(m.mode).rank(requests, LIST_LENGTH).lists();
  }

  @Benchmark
  public int[][] javaEngineGreedyDecode() {
    return javaEngine.greedy(requests, null).lists();
  }
}
