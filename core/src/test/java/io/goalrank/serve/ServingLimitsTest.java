package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;
import io.goalrank.engine.EngineKind;
import io.goalrank.engine.NativeMemory;
import io.goalrank.engine.RankingEngine;
import io.goalrank.model.ModelConfig;
import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The service's limits on a slow fake engine: the request cost limit, deadlines (expired requests are not computed)
 * and the batch cost limit. No model runs: the engine sleeps in proportion to what a batch costs.
 */
class ServingLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int ITEMS = 60;
  private static final int MAX_HISTORY = 10;
  private static final ModelConfig CONFIG = new ModelConfig(ITEMS, 16, 2, 1, 1, 32, 0f, MAX_HISTORY, 6);

  /**
   * Sleeps {@code millisPerCost} per unit of a batch's cost (candidates × history read, summed), holds its first call
   * until {@link #release} when asked to, and records every batch.
   */
  private static final class SlowEngine implements RankingEngine {
    final double millisPerCost;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;
    final List<int[]> batches = new CopyOnWriteArrayList<>(); // {requests, candidates} per call
    NativeMemory memory = NativeMemory.NONE;

    SlowEngine(double millisPerCost, boolean holdFirst) {
      this.millisPerCost = millisPerCost;
      this.release = new CountDownLatch(holdFirst ? 1 : 0);
    }

    @Override
    public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights) {
      batches.add(new int[] {batch.size(), batch.numCandidates()});
      entered.countDown();
      long cost = 0;
      for (int r = 0; r < batch.size(); r++) {
        cost += RankQuery.cost(batch.candidates()[r].length, batch.history()[r].length);
      }
      try {
        if (batches.size() == 1) {
          release.await(10, TimeUnit.SECONDS);
        }
        Thread.sleep((long) (cost * millisPerCost));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      int l = CONFIG.listLength();
      int[][] lists = new int[batch.size()][];
      float[][] probabilities = new float[batch.size()][l];
      for (int r = 0; r < batch.size(); r++) {
        lists[r] = IntStream.range(0, l).toArray();
      }
      return new GreedyLists(lists, probabilities);
    }

    boolean sawCandidates(int n) {
      return batches.stream().anyMatch(b -> b[1] == n);
    }

    @Override
    public EngineKind kind() {
      return EngineKind.DJL; // like DJL's, it takes one batch at a time
    }

    @Override
    public String describe() {
      return "slow fake";
    }

    @Override
    public ModelConfig config() {
      return CONFIG;
    }

    @Override
    public int objectives() {
      return 0;
    }

    @Override
    public long parameterCount() {
      return 0;
    }

    @Override
    public int threads() {
      return 1;
    }

    @Override
    public boolean threadSafe() {
      return false;
    }

    @Override
    public NativeMemory nativeMemory() {
      return memory;
    }

    @Override
    public void close() {}
  }

  private static Ranker ranker(SlowEngine engine, RequestLimits limits) {
    List<String> ids = IntStream.range(0, ITEMS).mapToObj(i -> "i" + i).toList();
    return new Ranker(engine, IdIndex.of(ids), "fake", "fake", limits);
  }

  /** A request with {@code candidates} candidates (i0, i1, ...) and {@code history} history items (from i30). */
  private static String request(int candidates, int history) {
    String c = String.join(",", IntStream.range(0, candidates).mapToObj(i -> "\"i" + i + "\"").toList());
    String h = String.join(",", IntStream.range(30, 30 + history).mapToObj(i -> "\"i" + i + "\"").toList());
    return "{\"candidates\": [" + c + "], \"history\": [" + h + "]}";
  }

  private static HttpResponse<String> post(String url, String body) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/rank")).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode get(String url) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void awaitQueued(String url, int n) throws Exception {
    for (int k = 0; k < 500 && get(url + "/health").get("queued").asInt() < n; k++) {
      Thread.sleep(10);
    }
    assertEquals(n, get(url + "/health").get("queued").asInt(), "requests queued");
  }

  @Test
  void aRequestOverTheCostLimitGets400WithItsCostAndTheLimitAndTheDefaultAdmitsTheLargestRequest()
      throws Exception {
    SlowEngine engine = new SlowEngine(0, false);
    try (Ranker limited = ranker(engine, RequestLimits.of(40).withMaxRequestCost(100));
        RankServer server = RankServer.start(limited, ServerConfig.builder().port(0).build())) {
      HttpResponse<String> over = post(server.url(), request(20, 6));
      assertEquals(400, over.statusCode(), over.body());
      JsonNode e = JSON.readTree(over.body());
      assertEquals("body", e.get("field").asText());
      assertEquals(120, e.get("cost").asLong());
      assertEquals(100, e.get("limit").asLong());
      assertTrue(e.get("error").asText().contains("costs 120 (20 candidates × 6 history items read), over the limit "
          + "of 100 per request"), over.body());
      assertTrue(e.get("error").asText().contains("--max-request-cost"), over.body());
      assertTrue(engine.batches.isEmpty(), "refused before it was queued");
      assertEquals(200, post(server.url(), request(10, 10)).statusCode(), "cost 100: at the limit");
      assertEquals(100, get(server.url() + "/v1/model").get("max_request_cost").asLong());
      // other errors carry no cost
      JsonNode unknown = JSON.readTree(post(server.url(), "{\"candidates\": [\"nope\"]}").body());
      assertFalse(unknown.has("cost"), unknown.toString());
    }
    // by default the limit is max candidates × max history: the largest request the other limits admit passes
    try (Ranker open = ranker(engine, RequestLimits.of(40));
        RankServer server = RankServer.start(open, ServerConfig.builder().port(0).build())) {
      assertEquals(40L * MAX_HISTORY, open.info().maxRequestCost());
      HttpResponse<String> largest = post(server.url(), request(40, 25));
      assertEquals(200, largest.statusCode(), largest.body());
      assertEquals(MAX_HISTORY, JSON.readTree(largest.body()).get("history_used").asInt());
    }
  }

  @Test
  void aSmallRequestBehindATimedOutBigOneIsAnsweredPromptlyAndTheBigOneIsNeverComputed() throws Exception {
    // the big request (40 × 10 = cost 400) would take 2 s on this engine, the small one (6 × 1) 30 ms
    SlowEngine engine = new SlowEngine(5, true);
    ServerConfig config = ServerConfig.builder().port(0).timeoutMillis(300).maxDelayMicros(0).build();
    try (Ranker slow = ranker(engine, RequestLimits.of(40));
        RankServer server = RankServer.start(slow, config)) {
      String url = server.url();
      CompletableFuture<HttpResponse<String>> blocker = CompletableFuture.supplyAsync(() -> post(url, request(7, 1)));
      assertTrue(engine.entered.await(10, TimeUnit.SECONDS), "the worker is busy with the first request");
      CompletableFuture<HttpResponse<String>> big = CompletableFuture.supplyAsync(() -> post(url, request(40, 10)));
      awaitQueued(url, 1);
      HttpResponse<String> bigAnswer = big.get(10, TimeUnit.SECONDS); // its deadline passes while it is queued
      assertEquals(503, bigAnswer.statusCode(), bigAnswer.body());
      assertTrue(JSON.readTree(bigAnswer.body()).get("error").asText().contains("no answer within 300 ms"),
          bigAnswer.body());
      CompletableFuture<HttpResponse<String>> small = CompletableFuture.supplyAsync(() -> post(url, request(6, 1)));
      awaitQueued(url, 2); // the expired big request is still in the queue, ahead of the small one
      long released = System.nanoTime();
      engine.release.countDown();
      HttpResponse<String> smallAnswer = small.get(10, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
      assertEquals(200, smallAnswer.statusCode(), smallAnswer.body());
      assertTrue(millis < 1000, "the small request waited " + millis + " ms: the big one was computed first");
      assertFalse(engine.sawCandidates(40), "the expired request reached the engine");
      assertEquals(503, blocker.get(10, TimeUnit.SECONDS).statusCode(), "a running batch past its deadline: 503");
      assertEquals(1, get(url + "/health").get("expired").asLong());
    }
  }

  @Test
  void aBatchOverTheBatchCostLimitReachesTheEngineInParts() throws Exception {
    SlowEngine engine = new SlowEngine(0, true);
    // each request costs 7 × 10 = 70: two fit a batch of cost 140
    ServerConfig config = ServerConfig.builder().port(0).maxBatch(32).maxDelayMicros(0).maxBatchCost(140).build();
    try (Ranker capped = ranker(engine, RequestLimits.of(40).withMaxRequestCost(140));
        RankServer server = RankServer.start(capped, config)) {
      String url = server.url();
      CompletableFuture<HttpResponse<String>> blocker = CompletableFuture.supplyAsync(() -> post(url, request(7, 1)));
      assertTrue(engine.entered.await(10, TimeUnit.SECONDS));
      List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        waiting.add(CompletableFuture.supplyAsync(() -> post(url, request(7, 10))));
      }
      awaitQueued(url, 5);
      engine.release.countDown();
      assertEquals(200, blocker.get(10, TimeUnit.SECONDS).statusCode());
      for (var w : waiting) {
        assertEquals(200, w.get(10, TimeUnit.SECONDS).statusCode());
      }
      List<Integer> sizes = engine.batches.stream().skip(1).map(b -> b[0]).toList();
      assertEquals(List.of(2, 2, 1), sizes, "five requests of cost 70 under a limit of 140");
    }
  }

  @Test
  void settingsThatCannotWorkAreRefusedBeforeTheServerStarts() {
    SlowEngine engine = new SlowEngine(0, false);
    try (Ranker ranker = ranker(engine, RequestLimits.of(40).withMaxRequestCost(200))) {
      var workers = assertThrows(IllegalArgumentException.class,
          () -> RankServer.start(ranker, ServerConfig.builder().port(0).workers(2).build()));
      assertTrue(workers.getMessage().contains("--workers 2: the djl engine runs one batch at a time"),
          workers.getMessage());
      var cost = assertThrows(IllegalArgumentException.class,
          () -> RankServer.start(ranker, ServerConfig.builder().port(0).maxBatchCost(199).build()));
      assertTrue(cost.getMessage().contains("--max-batch-cost 199 is below the request cost limit 200"),
          cost.getMessage());
    }
  }

  @Test
  void theNativeMemoryBudgetRefusesARequestThatCouldNeverFitAndHealthReportsIt() throws Exception {
    SlowEngine engine = new SlowEngine(0, false);
    long mb = 1 << 20;
    engine.memory = new NativeMemory() {
      @Override
      public long modelBytes() {
        return 3 * mb;
      }

      @Override
      public long batchBytes(int requests, int candidates, int history) {
        return (long) requests * candidates * history * 10_000; // 20 candidates × 10 history: about 1.9 MB
      }
    };
    ServerConfig config = ServerConfig.builder().port(0).maxNativeBytes(5 * mb).build();
    try (Ranker capped = ranker(engine, RequestLimits.of(40));
        RankServer server = RankServer.start(capped, config)) {
      assertEquals(200, post(server.url(), request(20, 10)).statusCode(), "fits the 2 MB left beside the model");
      HttpResponse<String> big = post(server.url(), request(40, 10)); // about 3.8 MB
      assertEquals(400, big.statusCode(), big.body());
      JsonNode e = JSON.readTree(big.body());
      assertEquals("body", e.get("field").asText());
      assertTrue(e.get("error").asText().contains("needs about 4 MB of native memory, more than the 2 MB the budget "
          + "(--max-native-mb) leaves"), big.body());
      assertEquals(1, engine.batches.size(), "refused before it was queued");
      JsonNode health = get(server.url() + "/health").get("native_memory");
      assertEquals(5 * mb, health.get("budget_bytes").asLong());
      assertEquals(3 * mb, health.get("in_use_bytes").asLong(), "only the model once the batch is done");
      assertEquals(3 * mb, health.get("model_bytes").asLong());
      assertEquals(0, health.get("refused_batches").asLong());
      // 40 candidates × 10 history is the costliest request the limits admit
      assertEquals(40L * 10 * 10_000, capped.largestRequestBytes());
    }
    try (Ranker costLimited = ranker(engine, RequestLimits.of(40).withMaxRequestCost(100))) {
      // under a cost of 100 this fake's bytes (∝ candidates × history) peak at a product of 100, e.g. 10 × 10
      assertEquals(100L * 10_000, costLimited.largestRequestBytes());
    }
    // the model alone over the cap: refused at start-up
    ServerConfig tiny = ServerConfig.builder().port(0).maxNativeBytes(2 * mb).build();
    try (Ranker r = ranker(engine, RequestLimits.of(40))) {
      var e = assertThrows(IllegalArgumentException.class, () -> RankServer.start(r, tiny).close());
      assertTrue(e.getMessage().contains("--max-native-mb 2: the model alone"), e.getMessage());
    }
  }
}
