package io.goalrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goalrank.core.RequestBatch;
import io.goalrank.util.Progress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A closed-loop load test of a running ranking service: {@code clients} threads each send their share of
 * {@code requests} one after another on a kept-alive connection of their own ({@link HttpConnection}; a client waits
 * for its answer before sending the next), so at most {@code clients} requests are in flight. Bounded on purpose:
 * only loopback targets are accepted, the total is fixed, and every request has a timeout.
 */
public final class LoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param statusCounts HTTP status → count ({@code -1} for transport failures and timeouts)
   * @param latency per-request latency of successful (200) requests
   * @param firstError the first failure seen, as its status and answer (or why there was none), so a run whose
   *     requests all fail says why; null when every request succeeded
   */
  public record Result(int requests, int ok, int errors, Map<Integer, Integer> statusCounts, LatencyStats latency,
      double seconds, double throughput, String firstError, double clientCpuSeconds) {}

  /**
   * A check of each answer against its request, prepared before any timing (each body's candidates read once): the
   * answer names the served model and ranks {@code listLength} distinct items, all among the request's candidates,
   * with one score each. A wrong answer counts as an error, so a fast server cannot be a wrong one.
   */
  public static ResponseCheck rankedListCheck(ServedModel model, List<String> bodies) {
    Map<String, java.util.Set<String>> candidates = new java.util.IdentityHashMap<>();
    for (String body : bodies) {
      try {
        java.util.Set<String> ids = new java.util.HashSet<>();
        JSON.readTree(body).get("candidates").forEach(c -> ids.add(c.asText()));
        candidates.put(body, ids);
      } catch (IOException e) {
        throw new IllegalArgumentException("a request body is not JSON: " + shortened(body), e);
      }
    }
    return (k, request, response) -> {
      java.util.Set<String> asked = candidates.get(request);
      try {
        JsonNode answer = JSON.readTree(response);
        JsonNode items = answer.path("items");
        if (asked == null || !model.version().equals(answer.path("model").asText()) || !items.isArray()
            || items.size() != model.listLength() || answer.path("scores").size() != model.listLength()) {
          return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode item : items) {
          if (!asked.contains(item.asText()) || !seen.add(item.asText())) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /**
   * What the served model needs in a request, from its {@code GET /v1/model} answer.
   *
   * @param readsRetrieverScores whether every request must carry {@code retriever_scores}
   * @param objectives the objectives an objective-conditioned model takes weights for (empty otherwise); requests
   *     may leave them out, and are then ranked for relevance alone
   */
  public record ServedModel(String version, int numItems, int listLength, int maxHistory, int maxCandidates,
      boolean readsRetrieverScores, List<String> objectives) {

    public ServedModel {
      objectives = List.copyOf(objectives);
    }

    /** Reads a {@code /v1/model} answer; a server too old to say whether it reads retriever scores reads none. */
    public static ServedModel of(JsonNode info) {
      List<String> objectives = new ArrayList<>();
      if (info.path("objectives").isArray()) {
        info.get("objectives").forEach(o -> objectives.add(o.asText()));
      }
      return new ServedModel(required(info, "version").asText(), required(info, "num_items").asInt(),
          required(info, "list_length").asInt(), required(info, "max_history").asInt(),
          required(info, "max_candidates").asInt(), info.path("reads_retriever_scores").asBoolean(false), objectives);
    }

    private static JsonNode required(JsonNode info, String field) {
      JsonNode v = info.get(field);
      if (v == null || v.isNull()) {
        throw new IllegalArgumentException("the service's /v1/model answer has no '" + field
            + "': is it a `goalrank serve`? (" + info + ")");
      }
      return v;
    }

    /** Fails before any request is sent when {@code candidates} per request cannot be served. */
    public void requireServable(int candidates, int catalogue) {
      if (candidates < listLength || candidates > maxCandidates) {
        throw new IllegalArgumentException("--candidates " + candidates + ": the served model takes " + listLength
            + " to " + maxCandidates + " candidates per request");
      }
      if (candidates > catalogue) {
        throw new IllegalArgumentException("--candidates " + candidates + " is more than the " + catalogue
            + " item ids to draw from");
      }
    }
  }

  private final URI rankUri;
  private final int clients;
  private final int requests;
  private final Duration timeout;

  public LoadTest(String baseUrl, int clients, int requests, Duration timeout) {
    URI base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    requireLoopback(base);
    if (clients < 1 || requests < 1) {
      throw new IllegalArgumentException("need clients >= 1 and requests >= 1");
    }
    this.rankUri = URI.create(base + "/v1/rank");
    this.clients = clients;
    this.requests = requests;
    this.timeout = timeout;
  }

  static void requireLoopback(URI uri) {
    try {
      if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException("load tests only target loopback addresses (127.0.0.1, localhost): " + uri);
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in " + uri);
    }
  }

  /** The service's {@code GET /v1/model} answer. */
  public static JsonNode modelInfo(String baseUrl) throws IOException, InterruptedException {
    URI uri = URI.create(baseUrl.replaceAll("/$", "") + "/v1/model");
    requireLoopback(uri);
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /**
   * {@code count} seeded random request bodies for {@code model}: {@code candidates} distinct items from
   * {@code itemIds} and a history of up to its max history ({@link SyntheticRequests}), plus one retriever score
   * per candidate when the model reads them (seeded normal numbers: a retriever's scores, as far as load goes).
   * Conditioned models get no {@code objective}: they rank for relevance.
   */
  public static List<String> syntheticBodies(ServedModel model, List<String> itemIds, int count, int candidates,
      long seed) {
    model.requireServable(candidates, itemIds.size());
    RequestBatch batch = SyntheticRequests.batch(count, itemIds.size(), candidates, model.maxHistory(), seed);
    List<String> bodies = new ArrayList<>(count);
    for (int row = 0; row < count; row++) {
      String body = SyntheticRequests.json(batch, row, itemIds);
      if (model.readsRetrieverScores()) {
        body = withRetrieverScores(body, candidates, new SplittableRandom(seed * 1_000_003L + row));
      }
      bodies.add(body);
    }
    return bodies;
  }

  private static String withRetrieverScores(String body, int candidates, SplittableRandom rnd) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(body);
      ArrayNode scores = node.putArray("retriever_scores");
      for (int k = 0; k < candidates; k++) {
        scores.add(Math.round(rnd.nextGaussian() * 1000) / 1000.0);
      }
      return node.toString();
    } catch (IOException e) {
      throw new IllegalStateException("a synthetic request is not JSON: " + body, e);
    }
  }

  /**
   * Sends the requests; {@code body.apply(k)} is the JSON body of request {@code k} and {@code onResponse} may
   * check each 200 answer (return false to count it as an error).
   */
  public Result run(IntFunction<String> body, ResponseCheck onResponse) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[requests];
    int[] status = new int[requests];
    AtomicReference<String> firstError = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    double cpuStart = io.goalrank.util.ProcessCpu.seconds();
    long start = System.nanoTime();
    try (Progress bar = Progress.start("load test", requests)) {
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          // each client its own kept-alive connection, as each of 32 real clients would have
          try (HttpConnection http = new HttpConnection(rankUri)) {
            for (int k; (k = next.getAndIncrement()) < requests; ) {
              if (Thread.currentThread().isInterrupted()) {
                return;
              }
              String b = body.apply(k);
              byte[] bytes = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
              long t0 = System.nanoTime();
              try {
                HttpConnection.Answer r = http.post(bytes, timeout.toMillis());
                latencies[k] = System.nanoTime() - t0;
                status[k] = r.status() == 200 && !onResponse.accept(k, b, r.body()) ? -2 : r.status();
                if (status[k] != 200) {
                  firstError.compareAndSet(null, (status[k] == -2 ? "200 whose answer failed the check: "
                      : "status " + r.status() + ": ") + shortened(r.body()));
                }
              } catch (java.net.SocketTimeoutException e) {
                status[k] = -1;
                firstError.compareAndSet(null, "no answer within " + timeout.toMillis() + " ms");
              } catch (IOException e) {
                status[k] = -1;
                firstError.compareAndSet(null, "no answer: " + e);
              }
              bar.step();
            }
          }
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("load test client failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = io.goalrank.util.ProcessCpu.seconds() - cpuStart;
    Map<Integer, Integer> counts = new TreeMap<>();
    int ok = 0;
    long[] okLatencies = new long[requests];
    for (int k = 0; k < requests; k++) {
      counts.merge(status[k], 1, Integer::sum);
      if (status[k] == 200) {
        okLatencies[ok++] = latencies[k];
      }
    }
    return new Result(requests, ok, requests - ok, counts,
        LatencyStats.ofNanos(java.util.Arrays.copyOf(okLatencies, ok)), seconds, requests / seconds, firstError.get(),
        cpu);
  }

  private static String shortened(String body) {
    return body.length() <= 500 ? body : body.substring(0, 500) + "... (" + body.length() + " characters)";
  }

  /** Checks one successful answer; -2 in the status counts marks a 200 whose body failed the check. */
  @FunctionalInterface
  public interface ResponseCheck {
    boolean accept(int index, String requestBody, String responseBody);
  }
}
