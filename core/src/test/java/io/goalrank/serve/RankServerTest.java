package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.bench.LoadTest;
import io.goalrank.bench.SyntheticRequests;
import io.goalrank.core.RequestBatch;
import io.goalrank.model.ModelConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service end to end on a tiny random generator, over loopback HTTP on a free port. */
class RankServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int ITEMS = 60;
  private static Ranker ranker;

  @BeforeAll
  static void model() {
    io.goalrank.util.Progress.setEnabled(false);
    ranker = Ranker.random(new ModelConfig(ITEMS, 16, 2, 1, 1, 32, 0f, 10, 6), 11, 100);
  }

  @AfterAll
  static void close() {
    ranker.close();
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/rank")).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> ids() {
    return java.util.stream.IntStream.range(0, ITEMS).mapToObj(i -> "i" + i).toList();
  }

  @Test
  void concurrentLoadGetsTheGeneratorsOwnListsWithNoErrors() throws Exception {
    int n = 200;
    // mixed candidate counts, so the batcher must split batches by N
    RequestBatch a = SyntheticRequests.batch(n / 2, ITEMS, 20, 10, 5);
    RequestBatch b = SyntheticRequests.batch(n - n / 2, ITEMS, 8, 10, 6);
    List<String> bodies = new ArrayList<>();
    List<int[]> expected = new ArrayList<>();
    for (RequestBatch batch : List.of(a, b)) {
      for (int r = 0; r < batch.size(); r++) {
        RequestBatch one = SyntheticRequests.slice(batch, r, r + 1);
        bodies.add(SyntheticRequests.json(batch, r, ids()));
        int[] slots = ranker.engine().greedy(one, null).lists()[0];
        expected.add(java.util.Arrays.stream(slots).map(s -> one.candidates()[0][s]).toArray());
      }
    }
    ServerConfig config = ServerConfig.builder().port(0).maxBatch(16).maxDelayMicros(2000).build();
    try (RankServer server = RankServer.start(ranker, config)) {
      LoadTest.Result r = new LoadTest(server.url(), 16, n, Duration.ofSeconds(20)).run(bodies::get, (k, req, resp) -> {
        try {
          JsonNode node = JSON.readTree(resp);
          int[] got = new int[6];
          for (int t = 0; t < 6; t++) {
            got[t] = Integer.parseInt(node.get("items").get(t).asText().substring(1));
          }
          return java.util.Arrays.equals(expected.get(k), got) && node.get("scores").size() == 6
              && node.get("model").asText().equals("random-seed-11");
        } catch (Exception e) {
          return false;
        }
      });
      assertEquals(0, r.errors(), "status counts (-2 = wrong list): " + r.statusCounts());
      assertEquals(n, r.ok());
      JsonNode health = JSON.readTree(get(server.url() + "/health").body());
      assertEquals("ok", health.get("status").asText());
      assertTrue(health.get("process_cpu_ms").asLong() > 0, "the load test reads the server's CPU time: " + health);
      assertEquals(n, health.get("requests").asLong());
      assertTrue(health.get("batches").asLong() < n, "concurrent requests were batched: " + health);
      assertEquals(n, health.get("answered").asLong(), "every 200 is timed inside the service: " + health);
      JsonNode timing = JSON.readTree(get(server.url() + "/health?last=50").body()).get("latency_ms");
      assertEquals(50, timing.get("answers").asInt(), timing.toString());
      JsonNode inside = timing.get("in_service");
      double p50 = inside.get("p50").asDouble();
      double max = inside.get("max").asDouble();
      assertTrue(p50 > 0 && inside.get("p99").asDouble() >= p50 && max >= inside.get("p99").asDouble(), timing
          .toString());
      // the time inside the service is part of each client's round trip, and its phases add up to it
      assertTrue(max <= r.latency().max(), timing + " against the client's max " + r.latency().max());
      double phases = 0;
      for (String phase : List.of("queued", "batch", "answer")) {
        assertTrue(timing.get(phase).get("p50").asDouble() > 0, phase + " in " + timing);
        phases += timing.get(phase).get("mean").asDouble();
      }
      assertEquals(inside.get("mean").asDouble(), phases, 1e-6, timing.toString());
      for (String bad : List.of("0", "100001", "ten")) {
        HttpResponse<String> refused = get(server.url() + "/health?last=" + bad);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("last", JSON.readTree(refused.body()).get("field").asText(), refused.body());
      }
      JsonNode model = JSON.readTree(get(server.url() + "/v1/model").body());
      assertEquals(6, model.get("list_length").asInt());
      assertEquals(ITEMS, model.get("num_items").asInt());
    }
  }

  @Test
  void badRequestsGet400NamingTheField() throws Exception {
    ServerConfig config = ServerConfig.builder().port(0).maxBodyBytes(2000).build();
    String six = "\"i1\",\"i2\",\"i3\",\"i4\",\"i5\"";
    try (RankServer server = RankServer.start(ranker, config)) {
      String[][] cases = {
          {"{\"candidates\": [" + six + ",", "body", "malformed JSON"},
          {"", "body", "empty"},
          {"{\"candidates\": [" + six + ",\"nope\"]}", "candidates[5]", "unknown item id 'nope'"},
          {"{\"candidates\": [" + six + ",\"i1\"]}", "candidates[5]", "duplicate"},
          {"{\"candidates\": [" + six + "]}", "candidates", "need at least 6"},
          {"{\"history\": [\"i1\"], \"history_positive\": [1, 1], \"candidates\": [" + six + ",\"i6\"]}",
              "history_positive", "as long as"},
          {"{\"candidates\": [" + six + ",\"i6\"], \"pad\": \"" + "x".repeat(3000) + "\"}", "body",
              "the limit is 2000 bytes"},
      };
      assertBadRequests(server.url(), cases);
      HttpResponse<String> ok = post(server.url(), "{\"user\": \"u1\", \"history\": [\"i9\", \"zzz\"], \"candidates\": ["
          + six + ",\"i6\"]}");
      assertEquals(200, ok.statusCode(), ok.body());
      JsonNode body = JSON.readTree(ok.body());
      assertEquals("u1", body.get("user").asText());
      assertEquals(1, body.get("history_unknown").asInt());
      assertEquals(404, get(server.url() + "/v2/rank").statusCode());
    }
  }

  @Test
  void overloadGets503AndShutdownAnswersWhatWasQueued() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ServerConfig config = ServerConfig.builder().port(0).maxBatch(1).queueCapacity(1).build();
    RankServer server = RankServer.start(ranker, config, queries -> {
      entered.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return ranker.rank(queries);
    });
    String url = server.url();
    String body = SyntheticRequests.json(SyntheticRequests.batch(1, ITEMS, 10, 5, 1), 0, ids());
    CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> send(url, body));
    assertTrue(entered.await(10, TimeUnit.SECONDS), "the worker took the first request");
    CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(() -> send(url, body));
    for (int k = 0; k < 500 && JSON.readTree(get(url + "/health").body()).get("queued").asInt() < 1; k++) {
      Thread.sleep(10);
    }
    HttpResponse<String> rejected = post(url, body); // worker busy, queue (capacity 1) full
    assertEquals(503, rejected.statusCode(), rejected.body());
    assertTrue(JSON.readTree(rejected.body()).get("error").asText().contains("queue is full"), rejected.body());
    Thread closer = new Thread(server::close);
    closer.start();
    Thread.sleep(100);
    release.countDown();
    closer.join(20_000);
    assertEquals(200, running.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(200, queued.get(10, TimeUnit.SECONDS).statusCode(), "graceful shutdown answers queued requests");
  }

  private static HttpResponse<String> send(String url, String body) {
    try {
      return post(url, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownPathsGet404AndWrongMethods405WithAllowAndEveryErrorIsJson() throws Exception {
    try (RankServer server = RankServer.start(ranker, ServerConfig.builder().port(0).build())) {
      HttpResponse<String> missing = send("GET", server.url() + "/v2/rank", null);
      assertEquals(404, missing.statusCode(), missing.body());
      assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          missing.headers().map().toString());
      assertTrue(JSON.readTree(missing.body()).get("error").asText().contains("no such endpoint: GET /v2/rank"),
          missing.body());
      String[][] wrong = {{"GET", "/v1/rank", "POST"}, {"PUT", "/v1/rank", "POST"}, {"POST", "/v1/model", "GET"},
          {"DELETE", "/health", "GET"}};
      for (String[] w : wrong) {
        HttpResponse<String> r = send(w[0], server.url() + w[1], w[0].equals("GET") ? null : "{}");
        assertEquals(405, r.statusCode(), w[0] + " " + w[1] + " -> " + r.body());
        assertTrue(r.headers().firstValue("Allow").orElse("").contains(w[2]), r.headers().map().toString());
        JsonNode e = JSON.readTree(r.body());
        assertTrue(e.get("error").asText().contains(w[0] + " is not allowed on " + w[1]), r.body());
      }
      // the routes themselves still answer
      assertEquals(200, get(server.url() + "/v1/model").statusCode());
    }
  }

  @Test
  void requestsJettyCannotParseAsHttpGetAJsonBodyToo() throws Exception {
    try (RankServer server = RankServer.start(ranker, ServerConfig.builder().port(0).build());
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      // a header line without a colon: Jetty refuses it before any route sees the request
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nnot a header\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertTrue(JSON.readTree(body).get("error").asText().contains("not valid HTTP"), answer);
    }
  }

  @Test
  void strictInputIsRefusedNamingTheFieldAndHistoryUsedIsWhatTheModelReads() throws Exception {
    String seven = "\"candidates\": [\"i1\",\"i2\",\"i3\",\"i4\",\"i5\",\"i6\",\"i7\"]";
    try (RankServer server = RankServer.start(ranker, ServerConfig.builder().port(0).build())) {
      String[][] cases = {
          {"{" + seven + ", \"history\": [\"i9\", \"i8\"], \"history_positive\": [1, 2]}", "history_positive[1]",
              "must be 0 or 1"},
          {"{" + seven + ", \"history\": [\"i9\"], \"history_positive\": [-1]}", "history_positive[0]",
              "must be 0 or 1"},
          {"{" + seven + ", \"history\": [\"i9\"], \"history_positive\": [NaN]}", "body",
              "NaN is not a JSON number"},
      };
      assertBadRequests(server.url(), cases);
      // 30 known history items, unanswered feedback: all positive; the model (max history 10) reads the last 10
      StringBuilder history = new StringBuilder();
      for (int k = 10; k < 40; k++) {
        history.append(k == 10 ? "" : ",").append("\"i").append(k).append('"');
      }
      HttpResponse<String> ok = post(server.url(), "{" + seven + ", \"history\": [" + history + ", \"unknown\"]}");
      assertEquals(200, ok.statusCode(), ok.body());
      JsonNode body = JSON.readTree(ok.body());
      assertEquals(10, body.get("history_used").asInt(), ok.body());
      assertEquals(1, body.get("history_unknown").asInt(), ok.body());
      JsonNode model = JSON.readTree(get(server.url() + "/v1/model").body());
      assertEquals(10, model.get("max_history").asInt());
      assertFalse(model.get("reads_retriever_scores").asBoolean());
      assertEquals(0, model.get("objectives").size());
    }
  }

  /** Each case {body, field, words}: 400, a JSON error naming the field, in our words (no Jackson internals). */
  private static void assertBadRequests(String url, String[][] cases) throws Exception {
    for (String[] c : cases) {
      HttpResponse<String> r = post(url, c[0]);
      assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
      JsonNode e = JSON.readTree(r.body());
      assertEquals(c[1], e.get("field").asText(), r.body());
      assertTrue(e.get("error").asText().contains(c[2]), r.body());
      assertFalse(r.body().contains("JsonReadFeature"), r.body());
    }
  }
}
