package io.goalrank.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.RequestBatch;
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
 * JMH micro-benchmarks of GoalRank's decoding pieces on a random-initialised generator: the context encoder, one
 * decoder step at a given prefix length, and the whole greedy decode. Run with {@code goalrank bench --jmh} or
 * {@code java -cp goalrank-cli.jar org.openjdk.jmh.Main DecodeBenchmark}. The fork gets the offline DJL flags and
 * one PyTorch thread, so numbers are per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DecodeBenchmark {
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
  private NDArray prefixSlots;

  @Setup(Level.Trial)
  public void setUp() {
    ModelConfig config = ModelConfig.preset(size, 1000, 50, 6).withDropout(0f);
    net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, 7);
    policy = new GeneratorPolicy("goalrank", net, 1f);
    requests = SyntheticRequests.batch(batch, 1000, 50, 50, 7);
    manager = net.manager().newSubManager();
    encoded = net.block().encode(net.parameterStore(), BatchTensors.of(manager, requests, 50), false);
    long[] slots = Bench.randomLists(batch, 1, prefix, 50, 7);
    prefixSlots = manager.create(slots, new Shape(batch, 1, prefix));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
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

  @Benchmark
  public float decodeStep() {
    try (NDManager m = manager.newSubManager()) {
      // borrow the inputs so every intermediate lands in m and is freed each call (results follow the first operand)
      m.tempAttachAll(encoded.candidates(), encoded.user(), encoded.itemEmbeddings(), prefixSlots);
      NDArray logits = net.block().stepLogits(net.parameterStore(), encoded, prefixSlots, 1, false);
      return logits.getFloat(0, 0, 0);
    }
  }

  @Benchmark
  public int[][] greedyDecode() {
    return policy.rank(requests, 6).lists();
  }
}
