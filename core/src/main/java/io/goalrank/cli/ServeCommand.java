package io.goalrank.cli;

import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.model.ModelConfig;
import io.goalrank.serve.RankServer;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import io.goalrank.serve.ServerConfig;
import io.goalrank.serve.ThreadPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the HTTP ranking service until interrupted (Ctrl-C / SIGTERM shut it down gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve a GoalRank generator over HTTP: POST /v1/rank, GET /v1/model, GET /health.",
        "Concurrent requests are micro-batched into one greedy decode."})
public final class ServeCommand implements Callable<Integer> {

  static final class ModelSource {
    @Option(names = "--model",
        description = "Generator directory (from `goalrank train`, `demo`, `experiment` or a library trainer).")
    Path modelDir;

    @Option(names = "--random-model", paramLabel = "SIZE",
        description = "Serve an UNTRAINED generator of this size preset (tiny, small, ...) over ids i0..i<items-1>: "
            + "for load tests and latency only; its rankings are meaningless.")
    String randomSize;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  ModelSource source;

  @Mixin ComputeOptions compute;

  @Mixin EngineOption engine;

  @Option(names = "--items", defaultValue = "1000", description = "Catalogue size of --random-model (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--seed", defaultValue = "999", description = "Seed of --random-model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-batch", defaultValue = "32", description = "Most requests per forward pass (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--max-delay-us", defaultValue = "2000",
      description = "Longest a request waits for others to batch with, in µs (default: ${DEFAULT-VALUE}).")
  long maxDelayMicros;

  @Option(names = "--queue", defaultValue = "256", description = "Requests that may wait; more get 503 (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-body", defaultValue = "65536", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--max-candidates", defaultValue = "1000", description = "Most candidates per request (default: ${DEFAULT-VALUE}).")
  int maxCandidates;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "Requests unanswered by then get 503; one "
      + "still queued then is dropped without being ranked (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--max-request-cost", paramLabel = "COST", description = "Most a request may cost, candidates × "
      + "history items the model reads; a costlier one gets 400 (default: --max-candidates × the model's max history, "
      + "which refuses nothing the other limits accept).")
  Long maxRequestCost;

  @Option(names = "--max-batch-cost", paramLabel = "COST", description = "Most cost (candidates × history items "
      + "read, summed) one forward pass may carry, to cap the engine's memory: a costlier batch runs in parts. At "
      + "least the request cost limit (default: no limit beyond --max-batch).")
  Long maxBatchCost;

  @Option(names = "--max-native-mb", paramLabel = "MB", description = "Most native (off-heap) memory the model and "
      + "its running batches may hold, by the engine's estimate (docs/ARCHITECTURE.md, \"Serving and benchmarks\"): "
      + "each batch reserves its bytes before it runs and releases them after; a batch that finds no room by its "
      + "deadline gets 503, a request that alone could never fit 400. The java engine holds none (its work is on the "
      + "Java heap, under -Xmx). Default: no cap.")
  Long maxNativeMb;

  @Option(names = "--workers", defaultValue = "1", description = "Threads that run batches, each on --engine-threads "
      + "engine threads; more than 1 needs --engine java (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--engine-threads", paramLabel = "N", description = "Threads one batch runs on: the java engine's "
      + "decoding threads, or PyTorch's intra-op threads for djl (default: java the cores / --workers; djl what "
      + "PyTorch has, the launcher's nproc or GOALRANK_THREADS). Warns when --workers × this exceeds the cores.")
  Integer engineThreads;

  @Option(names = "--warmup-ms", defaultValue = "3000", description = "Decode synthetic requests for this long "
      + "before listening, so that the first clients do not wait for the JIT to compile the engine; 0 for none "
      + "(default: ${DEFAULT-VALUE}).")
  long warmupMillis;

  @Option(names = {"--quiet", "-q"}, description = "No progress output.")
  boolean quiet;

  /** {@code --max-native-mb} in bytes; no cap when not given. */
  static long nativeBytes(Long megabytes) {
    if (megabytes == null) {
      return Long.MAX_VALUE;
    }
    if (megabytes < 1 || megabytes > Long.MAX_VALUE >> 20) {
      throw new IllegalArgumentException("--max-native-mb must be a positive number of MB: " + megabytes);
    }
    return megabytes << 20;
  }

  @Override
  public Integer call() throws Exception {
    compute.apply();
    var kind = engine.kind();
    if (maxNativeMb != null && kind == EngineKind.DJL
        && io.goalrank.model.Decoding.defaultMode() != io.goalrank.model.Decoding.FAST) {
      // DjlMemory counts the fast decoder's arrays; the reference decoder re-runs the prefix and holds far more
      throw new IllegalArgumentException("--max-native-mb: the native memory estimate covers the fast decoder; "
          + "serve with --decode fast (the default) to budget memory");
    }
    if (workers > 1 && kind == EngineKind.DJL) { // refused before the model is loaded; RankServer checks it too
      throw new IllegalArgumentException("--workers " + workers + ": the djl engine runs one batch at a time, so it "
          + "takes one worker; give it more threads with --engine-threads, or serve with --engine java");
    }
    if (warmupMillis < 0) { // refused before the model is loaded, like the other bad values
      throw new IllegalArgumentException("--warmup-ms must be 0 or more: " + warmupMillis);
    }
    ServerConfig config = ServerConfig.builder().host(host).port(port).maxBatch(maxBatch)
        .maxDelayMicros(maxDelayMicros).queueCapacity(queue).maxBodyBytes(maxBody).maxCandidates(maxCandidates)
        .timeoutMillis(timeoutMillis).workers(workers)
        .maxBatchCost(maxBatchCost == null ? Long.MAX_VALUE : maxBatchCost)
        .maxNativeBytes(nativeBytes(maxNativeMb)).build();
    RequestLimits limits = RequestLimits.of(maxCandidates);
    if (maxRequestCost != null) {
      limits = limits.withMaxRequestCost(maxRequestCost);
    }
    int cores = ThreadPlan.availableCores();
    EngineSettings settings = EngineSettings.of(kind);
    if (engineThreads != null) {
      settings = settings.withThreads(engineThreads);
    } else if (kind == EngineKind.JAVA) { // PyTorch's count stays what the launcher set (nproc or GOALRANK_THREADS)
      settings = settings.withThreads(ThreadPlan.defaultEngineThreads(workers, cores));
    }
    Ranker ranker = source.modelDir != null ? Ranker.load(source.modelDir, limits, settings)
        : Ranker.random(ModelConfig.preset(source.randomSize, items, 50, 6).withDropout(0f), seed, limits, settings);
    if (maxNativeMb != null) {
      long left = config.maxNativeBytes() - ranker.engine().nativeMemory().modelBytes();
      long largest = ranker.largestRequestBytes();
      if (left > 0 && largest > left) {
        System.err.printf("goalrank serve: --max-native-mb %d leaves about %d MB for batches beside the model, but "
            + "the largest request the limits admit needs about %d MB; such requests get 400 (lower "
            + "--max-candidates or --max-request-cost, or raise the cap)%n", maxNativeMb, left >> 20,
            (largest + (1 << 20) - 1) >> 20);
      }
    }
    io.goalrank.serve.EngineWarmUp.Report warm;
    try {
      warm = io.goalrank.serve.EngineWarmUp.run(ranker.engine(), maxBatch, warmupMillis);
    } catch (RuntimeException e) {
      ranker.close();
      throw e;
    }
    if (warm.calls() > 0 && !quiet) {
      System.err.printf("goalrank serve: warmed the engine up on %d synthetic requests in %d calls, %.1f s%n",
          warm.requests(), warm.calls(), warm.seconds());
    }
    ThreadPlan plan = new ThreadPlan(workers, ranker.engine().threads(), cores);
    plan.warning().ifPresent(w -> System.err.println("goalrank serve: " + w));
    RankServer server;
    try {
      server = RankServer.start(ranker, config);
    } catch (RuntimeException e) {
      ranker.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("goalrank serve: shutting down (answering queued requests first)");
      server.close();
      ranker.close();
      stopped.countDown();
    }, "goalrank-shutdown"));
    long modelMb = (ranker.engine().nativeMemory().modelBytes() + (1 << 20) - 1) >> 20;
    System.err.printf("goalrank serve: model %s (%s), engine %s, threads %s, cost (candidates × history read) ≤ %d "
        + "per request, %s, native memory %s%s, listening on %s%n", ranker.info().version(), ranker.info().source(),
        ranker.engine().describe(), plan.describe(), ranker.info().maxRequestCost(),
        maxBatchCost == null ? "no batch cost limit" : "≤ " + maxBatchCost + " per batch",
        "≈ " + modelMb + " MB for the model" + (maxNativeMb == null ? ", no cap" : ", cap " + maxNativeMb + " MB"),
        ranker.info().readsRetrieverScores() ? "; requests must carry retriever_scores (one per candidate)" : "",
        server.url());
    stopped.await();
    return 0;
  }
}
