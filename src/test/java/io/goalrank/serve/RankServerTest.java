package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.bench.LoadTest;
import io.goalrank.bench.SyntheticRequests;
import io.goalrank.model.ModelConfig;
import io.goalrank.policy.RequestBatch;
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
        int[] slots = ranker.policy().rank(one, 6).lists()[0];
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
      assertEquals(n, health.get("requests").asLong());
      assertTrue(health.get("batches").asLong() < n, "concurrent requests were batched: " + health);
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
      for (String[] c : cases) {
        HttpResponse<String> r = post(server.url(), c[0]);
        assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals(c[1], e.get("field").asText(), r.body());
        assertTrue(e.get("error").asText().contains(c[2]), r.body());
      }
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
}
