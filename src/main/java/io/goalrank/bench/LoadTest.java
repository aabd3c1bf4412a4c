package io.goalrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A closed-loop load test of a running ranking service: {@code clients} threads each send their share of
 * {@code requests} one after another (a client waits for its answer before sending the next), so at most
 * {@code clients} requests are in flight. Bounded on purpose: only loopback targets are accepted, the total is
 * fixed, and every request has a timeout.
 */
public final class LoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param statusCounts HTTP status → count ({@code -1} for transport failures and timeouts)
   * @param latency per-request latency of successful (200) requests
   */
  public record Result(int requests, int ok, int errors, Map<Integer, Integer> statusCounts, LatencyStats latency,
      double seconds, double throughput) {}

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
   * Sends the requests; {@code body.apply(k)} is the JSON body of request {@code k} and {@code onResponse} may
   * check each 200 answer (return false to count it as an error).
   */
  public Result run(IntFunction<String> body, ResponseCheck onResponse) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[requests];
    int[] status = new int[requests];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    try (Progress bar = Progress.start("load test", requests)) {
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          for (int k; (k = next.getAndIncrement()) < requests; ) {
            String b = body.apply(k);
            HttpRequest req = HttpRequest.newBuilder(rankUri).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b)).build();
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
              latencies[k] = System.nanoTime() - t0;
              status[k] = r.statusCode() == 200 && !onResponse.accept(k, b, r.body()) ? -2 : r.statusCode();
            } catch (IOException e) {
              status[k] = -1;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            bar.step();
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
    Map<Integer, Integer> counts = new TreeMap<>();
    int ok = 0;
    long[] okLatencies = new long[requests];
    for (int k = 0; k < requests; k++) {
      counts.merge(status[k], 1, Integer::sum);
      if (status[k] == 200) {
        okLatencies[ok++] = latencies[k];
      }
    }
    return new Result(requests, ok, requests - ok, counts, LatencyStats.ofNanos(java.util.Arrays.copyOf(okLatencies, ok)),
        seconds, requests / seconds);
  }

  /** Checks one successful answer; -2 in the status counts marks a 200 whose body failed the check. */
  @FunctionalInterface
  public interface ResponseCheck {
    boolean accept(int index, String requestBody, String responseBody);
  }
}
