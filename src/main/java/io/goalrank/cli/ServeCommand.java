package io.goalrank.cli;

import io.goalrank.model.ModelConfig;
import io.goalrank.serve.RankServer;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.ServerConfig;
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

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "Queued requests unanswered by then get 503 (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = {"--quiet", "-q"}, description = "No progress output.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    var kind = engine.kind();
    ServerConfig config = ServerConfig.builder().host(host).port(port).maxBatch(maxBatch)
        .maxDelayMicros(maxDelayMicros).queueCapacity(queue).maxBodyBytes(maxBody).maxCandidates(maxCandidates)
        .timeoutMillis(timeoutMillis).build();
    Ranker ranker = source.modelDir != null ? Ranker.load(source.modelDir, maxCandidates, kind)
        : Ranker.random(ModelConfig.preset(source.randomSize, items, 50, 6).withDropout(0f), seed, maxCandidates,
            kind);
    RankServer server = RankServer.start(ranker, config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("goalrank serve: shutting down (answering queued requests first)");
      server.close();
      ranker.close();
      stopped.countDown();
    }, "goalrank-shutdown"));
    System.err.printf("goalrank serve: model %s (%s), engine %s%s, listening on %s%n", ranker.info().version(),
        ranker.info().source(), ranker.engine().describe(), ranker.info().readsRetrieverScores()
            ? "; requests must carry retriever_scores (one per candidate)" : "", server.url());
    stopped.await();
    return 0;
  }
}
