package io.goalrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.goalrank.bench.LoadTest;
import io.goalrank.serve.RankServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A bounded, loopback-only load test of a running {@code goalrank serve}. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = {"Send a fixed number of /v1/rank requests from N concurrent clients to a local service and report "
        + "errors, latency p50/p99 and throughput.",
        "Requests are random but seeded: --candidates distinct items and a random history, with ids from --items-file "
            + "(a model's items.txt) or i0..i<num_items-1> (what `serve --random-model` uses), and one retriever "
            + "score per candidate when the served model reads them (its GET /v1/model says so).",
        "Every answer is checked: the served model's version, list-length distinct items, all among the request's "
            + "candidates; a wrong one counts as an error.",
        "It also prints the CPU time per request of the server (from its /health) and of itself over the measured "
            + "requests: on one machine they share the cores.",
        "When every request fails it prints the first answer instead of latencies."})
public final class LoadtestCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Service base URL, loopback only (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--requests", defaultValue = "2000", description = "Requests in total (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--candidates", defaultValue = "50", description = "Candidates per request (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--items-file", description = "Item ids to draw from, one per line (a model directory's items.txt).")
  Path itemsFile;

  // 200 warm-up requests left both JVMs compiling through the measured ones: about 2.5 ms of CPU per request went to
  // the JIT on a 2-core machine (docs/BENCHMARKS.md), which measured the compilers more than the service
  @Option(names = "--warmup", defaultValue = "2000",
      description = "Requests sent first and not measured (JIT of this client and of the server, connections) "
          + "(default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--timeout-ms", defaultValue = "30000", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--seed", defaultValue = "999", description = "Seed of the random requests (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"--quiet", "-q"}, description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (warmup < 0) { // 0 skips the warm-up; a negative count is a typo, not a request for none
      throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
    }
    if (clients < 1 || requests < 1) {
      throw new IllegalArgumentException("--clients and --requests must be >= 1, got " + clients + " and " + requests);
    }
    LoadTest.ServedModel model = LoadTest.ServedModel.of(LoadTest.modelInfo(url));
    List<String> ids = itemsFile != null ? Files.readAllLines(itemsFile)
        : IntStream.range(0, model.numItems()).mapToObj(i -> "i" + i).toList();
    // the same requests a served model of this kind needs: retriever_scores when it reads them
    List<String> bodies = LoadTest.syntheticBodies(model, ids, Math.min(requests, 4096), candidates, seed);
    LoadTest.ResponseCheck check = LoadTest.rankedListCheck(model, bodies);
    if (warmup > 0) {
      LoadTest.Result w = new LoadTest(url, clients, warmup, Duration.ofMillis(timeoutMillis))
          .run(k -> bodies.get(bodies.size() - 1 - k % bodies.size()), check);
      System.out.printf("warm-up: %d requests, %d errors%n", warmup, w.errors());
      if (w.ok() == 0) {
        return everyRequestFailed("warm-up", w);
      }
    }
    JsonNode healthBefore = health("");
    double serverCpu = cpuSeconds(healthBefore);
    // a server too old to time its answers has no "answered" count
    boolean serverTimesAnswers = healthBefore != null && healthBefore.has("answered");
    LoadTest.Result r = new LoadTest(url, clients, requests, Duration.ofMillis(timeoutMillis))
        .run(k -> bodies.get(k % bodies.size()), check);
    double serverCpuUsed = cpuSeconds(health("")) - serverCpu;
    System.out.printf("model %s, %d clients, %d requests, %d candidates each%s%n", model.version(), clients, requests,
        candidates, model.readsRetrieverScores() ? " with retriever_scores (the model reads them)" : "");
    if (r.ok() == 0) {
      return everyRequestFailed("load test", r);
    }
    System.out.printf("ok %d, errors %d, status counts %s%n", r.ok(), r.errors(), r.statusCounts());
    if (r.firstError() != null) {
      System.out.println("first error: " + r.firstError());
    }
    System.out.printf("latency ms: p50 %.2f, p99 %.2f, mean %.2f, max %.2f; p99/p50 %.2f%n", r.latency().p50(),
        r.latency().p99(), r.latency().mean(), r.latency().max(), r.latency().tailRatio());
    System.out.printf("throughput %.1f requests/s over %.1f s%n", r.throughput(), r.seconds());
    // the same answers timed inside the service: what the client adds on top is HTTP, the network stack and, on one
    // machine, its own threads waiting for a core
    JsonNode inside = !serverTimesAnswers || r.ok() == 0 ? null
        : health("?last=" + Math.min(r.ok(), RankServer.LATENCY_WINDOW)).path("latency_ms");
    if (inside != null && inside.path("in_service").path("p50").isNumber()) {
      JsonNode all = inside.path("in_service");
      System.out.printf("in-service latency ms (the server's own timing of the last %d answers): p50 %.2f, p99 %.2f, "
          + "mean %.2f, max %.2f; p99/p50 %.2f%n", inside.path("answers").asInt(), all.path("p50").asDouble(),
          all.path("p99").asDouble(), all.path("mean").asDouble(), all.path("max").asDouble(),
          all.path("p99").asDouble() / all.path("p50").asDouble());
      StringBuilder split = new StringBuilder("  of which, p50 / p99 ms:");
      for (String phase : List.of("queued", "batch", "answer")) {
        split.append(String.format(" %s %.2f / %.2f", phase, inside.path(phase).path("p50").asDouble(),
            inside.path(phase).path("p99").asDouble()));
      }
      System.out.println(split);
    }
    // where the cores went: on one machine, server and client share them (JIT compilation in either counts too)
    System.out.printf("cpu ms per request: server %s, this client %.2f (process CPU time over the measured requests)%n",
        Double.isNaN(serverCpuUsed) ? "? (its /health does not say)" : String.format("%.2f", serverCpuUsed * 1000
            / requests), r.clientCpuSeconds() * 1000 / requests);
    return r.errors() == 0 ? 0 : 3;
  }

  /** The server's {@code /health} answer with {@code query}; null when it does not answer 200 with JSON. */
  private JsonNode health(String query) {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(url.replaceAll("/$", "") + "/health" + query)).timeout(Duration.ofSeconds(10)).GET()
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code process_cpu_ms} of a {@code /health} answer, in seconds; NaN when it does not say. */
  private static double cpuSeconds(JsonNode health) {
    JsonNode cpu = health == null ? null : health.get("process_cpu_ms");
    return cpu == null || !cpu.isNumber() ? Double.NaN : cpu.asDouble() / 1000;
  }

  /** No latency to report: say why instead (exit code 3, as for any failed request). */
  private static int everyRequestFailed(String phase, LoadTest.Result r) {
    System.out.printf("%s: all %d requests failed, status counts %s (-1: no answer); the first: %s%n", phase,
        r.requests(), r.statusCounts(), r.firstError());
    return 3;
  }
}
