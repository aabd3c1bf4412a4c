package io.goalrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.data.IdIndex;
import io.goalrank.model.ModelConfig;
import io.goalrank.serve.RankQuery;
import io.goalrank.serve.RankServer;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestParser;
import io.goalrank.serve.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 16: the load test sends what the served model needs, and says why when every request fails. */
class LoadTestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> IDS = IntStream.range(0, 40).mapToObj(i -> "i" + i).toList();

  private static LoadTest.ServedModel model(boolean readsRetrieverScores) throws Exception {
    return LoadTest.ServedModel.of(JSON.readTree("{\"version\": \"v1\", \"kind\": \"generator\", \"num_items\": 40, "
        + "\"list_length\": 6, \"max_history\": 10, \"max_candidates\": 30, \"reads_retriever_scores\": "
        + readsRetrieverScores + ", \"objectives\": []}"));
  }

  @Test
  void requestsForAModelThatReadsRetrieverScoresCarryOnePerCandidate() throws Exception {
    List<String> bodies = LoadTest.syntheticBodies(model(true), IDS, 20, 12, 7);
    assertEquals(20, bodies.size());
    // the service's own parser, as the model configures it, accepts every body
    RequestParser parser = new RequestParser(IdIndex.of(IDS), 6, 30, false, true, 10);
    for (String body : bodies) {
      JsonNode node = JSON.readTree(body);
      assertEquals(12, node.get("candidates").size(), body);
      assertEquals(12, node.get("retriever_scores").size(), body);
      RankQuery q = parser.parse(node);
      assertEquals(12, q.retrieverScores().length);
      for (float x : q.retrieverScores()) {
        assertTrue(Float.isFinite(x), body);
      }
    }
    assertEquals(bodies, LoadTest.syntheticBodies(model(true), IDS, 20, 12, 7), "seeded: the same requests again");
    for (String body : LoadTest.syntheticBodies(model(false), IDS, 5, 12, 7)) {
      assertNull(JSON.readTree(body).get("retriever_scores"), "a model that does not read them is not sent them");
    }
  }

  @Test
  void candidateCountsTheModelCannotTakeAreRefusedBeforeAnyRequest() throws Exception {
    var e = assertThrows(IllegalArgumentException.class, () -> LoadTest.syntheticBodies(model(false), IDS, 5, 31, 7));
    assertTrue(e.getMessage().contains("--candidates 31") && e.getMessage().contains("6 to 30"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LoadTest.syntheticBodies(model(false), IDS, 5, 5, 7));
    e = assertThrows(IllegalArgumentException.class,
        () -> LoadTest.ServedModel.of(JSON.readTree("{\"version\": \"v1\"}")));
    assertTrue(e.getMessage().contains("num_items"), e.getMessage());
  }

  @Test
  void theAnswerCheckRefusesWrongListsAndAcceptsARightOne() throws Exception {
    List<String> bodies = LoadTest.syntheticBodies(model(false), IDS, 2, 12, 7);
    LoadTest.ResponseCheck check = LoadTest.rankedListCheck(model(false), bodies);
    List<String> asked = new java.util.ArrayList<>();
    JSON.readTree(bodies.get(0)).get("candidates").forEach(c -> asked.add(c.asText()));
    String right = answer("v1", asked.subList(0, 6));
    assertTrue(check.accept(0, bodies.get(0), right));
    List<String> other = new java.util.ArrayList<>(IDS);
    other.removeAll(asked);
    List<String> notAsked = new java.util.ArrayList<>(asked.subList(0, 5));
    notAsked.add(other.get(0));
    List<String> repeated = new java.util.ArrayList<>(asked.subList(0, 5));
    repeated.add(asked.get(0));
    for (String wrong : List.of(answer("v2", asked.subList(0, 6)), answer("v1", asked.subList(0, 5)),
        answer("v1", notAsked), answer("v1", repeated), "{\"error\": \"x\"}", "not json")) {
      assertFalse(check.accept(0, bodies.get(0), wrong), wrong);
    }
    assertFalse(check.accept(0, new String(bodies.get(0)), right), "a body the check was not prepared for");
  }

  private static String answer(String model, List<String> items) throws Exception {
    var node = JSON.createObjectNode().put("model", model);
    items.forEach(node.putArray("items")::add);
    items.forEach(i -> node.withArray("scores").add(0.5));
    return node.toString();
  }

  @Test
  void aServedModelThatReadsRetrieverScoresIsLoadTestedWithoutErrorsAndAllFailedSaysWhy() throws Exception {
    io.goalrank.util.Progress.setEnabled(false);
    ModelConfig config = new ModelConfig(IDS.size(), 16, 2, 1, 1, 32, 0f, 10, 6).withRetrieverScores(true);
    try (Ranker ranker = Ranker.random(config, 3, 30);
        RankServer server = RankServer.start(ranker, ServerConfig.builder().port(0).build())) {
      LoadTest.ServedModel served = LoadTest.ServedModel.of(LoadTest.modelInfo(server.url()));
      assertTrue(served.readsRetrieverScores(), "GET /v1/model must say the model reads retriever scores");
      List<String> bodies = LoadTest.syntheticBodies(served, IDS, 24, 12, 5);
      // every answer checked: the model's version, 6 distinct items among the request's candidates
      LoadTest.Result r = new LoadTest(server.url(), 4, 24, Duration.ofSeconds(20))
          .run(bodies::get, LoadTest.rankedListCheck(served, bodies));
      assertEquals(0, r.errors(), "status counts " + r.statusCounts() + ", first error " + r.firstError());
      assertNull(r.firstError());
      assertTrue(r.clientCpuSeconds() > 0, "the client's own CPU time is measured: " + r.clientCpuSeconds());

      // the same requests without the scores, as the load test sent them before: every one fails, and says why
      List<String> without = LoadTest.syntheticBodies(model(false), IDS, 8, 12, 5);
      LoadTest.Result failed = new LoadTest(server.url(), 2, 8, Duration.ofSeconds(20))
          .run(without::get, (k, req, resp) -> true);
      assertEquals(0, failed.ok());
      assertEquals(8, (int) failed.statusCounts().getOrDefault(400, 0), "status counts " + failed.statusCounts());
      assertTrue(failed.firstError().startsWith("status 400: "), failed.firstError());
      assertTrue(failed.firstError().contains("retriever_scores"), failed.firstError());
      assertFalse(Double.isFinite(failed.latency().p50()), "no successful request, no latency");
    }
  }
}
