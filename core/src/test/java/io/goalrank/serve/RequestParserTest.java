package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.data.IdIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RequestParser parser = new RequestParser(IdIndex.of(List.of("a", "b", "c", "d", "7")), 2, 4);

  private RequestException error(String json) {
    return assertThrows(RequestException.class, () -> parser.parse(JSON.readTree(json)));
  }

  @Test
  void errorsNameTheField() {
    var e = error("{\"candidates\": [\"a\", \"zz\", \"c\"]}");
    assertEquals("candidates[1]", e.field());
    assertTrue(e.reason().contains("unknown item id 'zz'"), e.reason());
    e = error("{\"candidates\": [\"a\", \"b\", \"a\"]}");
    assertEquals("candidates[2]", e.field());
    assertTrue(e.reason().contains("duplicate"), e.reason());
    e = error("{\"candidates\": [\"a\"]}");
    assertEquals("candidates", e.field());
    assertTrue(e.reason().contains("need at least 2"), e.reason());
    e = error("{\"candidates\": [\"a\", \"b\", \"c\", \"d\", \"7\"]}");
    assertEquals("candidates", e.field());
    assertTrue(e.reason().contains("at most 4"), e.reason());
    assertEquals("candidates", error("{\"history\": [\"a\"]}").field());
    assertEquals("candidates", error("{\"candidates\": \"a,b\"}").field());
    assertEquals("candidates[0]", error("{\"candidates\": [{\"id\": 1}, \"b\"]}").field());
    assertEquals("history", error("{\"candidates\": [\"a\", \"b\"], \"history\": \"a\"}").field());
    assertEquals("history_positive",
        error("{\"candidates\": [\"a\", \"b\"], \"history\": [\"a\"], \"history_positive\": [1, 0]}").field());
    assertEquals("history_positive[0]",
        error("{\"candidates\": [\"a\", \"b\"], \"history\": [\"a\"], \"history_positive\": [\"yes\"]}").field());
    assertEquals("user", error("{\"user\": [1], \"candidates\": [\"a\", \"b\"]}").field());
    assertEquals("body", error("[1, 2]").field());
    assertTrue(e.getMessage().startsWith("field 'candidates'"), "the CLI prints getMessage(): " + e.getMessage());
  }

  @Test
  void unknownHistoryItemsAreDroppedAndCounted() throws Exception {
    RankQuery q = parser.parse(JSON.readTree(
        "{\"user\": 42, \"candidates\": [\"d\", 7], \"history\": [\"a\", \"new\", \"c\"], "
            + "\"history_positive\": [1, 1, false]}"));
    assertEquals("42", q.user());
    assertArrayEquals(new int[] {3, 4}, q.candidates(), "integer ids are looked up as their text");
    assertArrayEquals(new int[] {0, 2}, q.history());
    assertArrayEquals(new byte[] {1, 0}, q.historyPositive());
    assertEquals(1, q.unknownHistory());
    RankQuery bare = parser.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"]}"));
    assertNull(bare.user());
    assertEquals(0, bare.history().length);
    assertEquals(1, bare.toBatch().size());
    assertEquals(List.of("b", "a"), parser.itemIds(bare, new int[] {1, 0}));
  }

  @Test
  void objectiveWeightsAreReadOnlyForAConditionedModelAndErrorsNameTheField() throws Exception {
    assertEquals("objective", error("{\"candidates\": [\"a\", \"b\"], \"objective\": {\"relevance\": 1}}")
        .field(), "an unconditioned model must refuse objective weights");
    RequestParser conditioned = new RequestParser(IdIndex.of(List.of("a", "b", "c")), 2, 3, true);
    RankQuery q = conditioned.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"objective\": {\"relevance\": 1, \"novelty\": 0.5}}"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 0f, 0.5f}, q.objective());
    q = conditioned.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"], \"objective\": \"relevance=1,diversity=2\"}"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 2f, 0f}, q.objective());
    assertEquals(null, conditioned.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"]}")).objective());
    var e = assertThrows(RequestException.class, () -> conditioned.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"objective\": {\"clicks\": 1}}")));
    assertEquals("objective", e.field());
    assertTrue(e.reason().contains("unknown objective 'clicks'"), e.reason());
    e = assertThrows(RequestException.class, () -> conditioned.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"objective\": {\"relevance\": \"high\"}}")));
    assertEquals("objective.relevance", e.field());
    assertEquals("objective", assertThrows(RequestException.class, () -> conditioned.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"objective\": [1, 0, 0]}"))).field());
  }

  @Test
  void retrieverScoresAreRequiredByAModelThatReadsThemAndCheckedWhenGiven() throws Exception {
    RequestParser reads = new RequestParser(IdIndex.of(List.of("a", "b", "c")), 2, 3, false, true);
    var e = assertThrows(RequestException.class, () -> reads.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"]}")));
    assertEquals("retriever_scores", e.field());
    assertTrue(e.reason().contains("2 numbers"), e.reason());
    assertEquals("retriever_scores", assertThrows(RequestException.class, () -> reads.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"retriever_scores\": [1.5]}"))).field());
    assertEquals("retriever_scores[1]", assertThrows(RequestException.class, () -> reads.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"retriever_scores\": [1.5, \"x\"]}"))).field());
    RankQuery q = reads.parse(JSON.readTree("{\"candidates\": [\"b\", \"a\"], \"retriever_scores\": [2, -1]}"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2f, -1f}, q.retrieverScores());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2f, -1f}, q.toBatch().retrieverScores()[0]);
    // a model that does not read them accepts the field and runs without it
    assertNull(parser.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"]}")).toBatch().retrieverScores());
  }

  @Test
  void historyPositiveTakesOnly0Or1AndMeansAllPositiveWhenMissing() throws Exception {
    String head = "{\"candidates\": [\"a\", \"b\"], \"history\": [\"a\", \"c\"], \"history_positive\": ";
    for (String[] bad : new String[][] {{"[2, 0]", "history_positive[0]"}, {"[1, -1]", "history_positive[1]"},
        {"[0.5, 1]", "history_positive[0]"}, {"[\"1\", 0]", "history_positive[0]"},
        {"[1, null]", "history_positive[1]"}}) {
      var e = error(head + bad[0] + "}");
      assertEquals(bad[1], e.field(), bad[0]);
      assertTrue(e.reason().contains("must be 0 or 1"), e.reason());
    }
    assertArrayEquals(new byte[] {1, 0}, parser.parse(JSON.readTree(head + "[true, 0]}")).historyPositive());
    assertArrayEquals(new byte[] {0, 1}, parser.parse(JSON.readTree(head + "[0, 1.0]}")).historyPositive());
    // the documented default: without history_positive (or with null) every history item is positive
    String missing = "{\"candidates\": [\"a\", \"b\"], \"history\": [\"a\", \"c\", \"d\"]}";
    assertArrayEquals(new byte[] {1, 1, 1}, parser.parse(JSON.readTree(missing)).historyPositive());
    assertArrayEquals(new byte[] {1, 1}, parser.parse(JSON.readTree(head + "null}")).historyPositive());
  }

  @Test
  void aQueryKeepsOnlyTheMostRecentHistoryTheModelReads() throws Exception {
    RequestParser reads2 = new RequestParser(IdIndex.of(List.of("a", "b", "c", "d")), 2, 4, false, false, 2);
    RankQuery q = reads2.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"], "
        + "\"history\": [\"a\", \"b\", \"new\", \"c\", \"gone\"], \"history_positive\": [1, 0, 1, 1, 0]}"));
    assertArrayEquals(new int[] {1, 2}, q.history(), "the last two known items, oldest first");
    assertArrayEquals(new byte[] {0, 1}, q.historyPositive());
    assertEquals(2, q.unknownHistory(), "unknown items are counted over the whole history sent");
  }

  @Test
  void numbersBeyondAFloatAreOutOfRangeNamingTheField() throws Exception {
    RequestParser reads = new RequestParser(IdIndex.of(List.of("a", "b", "c")), 2, 3, false, true);
    for (String big : List.of("1e39", "-1e300", "1e400")) {
      var e = assertThrows(RequestException.class, () -> reads.parse(JSON.readTree(
          "{\"candidates\": [\"a\", \"b\"], \"retriever_scores\": [0.5, " + big + "]}")));
      assertEquals("retriever_scores[1]", e.field(), big);
      assertTrue(e.reason().contains("out of range"), e.reason());
    }
    RequestParser conditioned = new RequestParser(IdIndex.of(List.of("a", "b", "c")), 2, 3, true);
    var e = assertThrows(RequestException.class, () -> conditioned.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\"], \"objective\": {\"relevance\": 1, \"diversity\": 1e39}}")));
    assertEquals("objective.diversity", e.field());
    assertTrue(e.reason().contains("out of range"), e.reason());
  }

  @Test
  void aRequestOverTheCostLimitIsRefusedWithItsCostAndTheLimitCountingOnlyWhatTheModelReads() throws Exception {
    // max history 3, cost limit 6 = candidates × history items read
    RequestParser budget = new RequestParser(IdIndex.of(List.of("a", "b", "c", "d", "e")), 2, 4, false, false, 3, 6);
    assertEquals(6, budget.maxRequestCost());
    assertEquals(6, budget.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\", \"c\"], \"history\": [\"a\", \"b\"]}"))
        .cost(), "3 candidates × 2 history items: at the limit, accepted");
    assertEquals(6, budget.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\"], "
        + "\"history\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}")).cost(), "the model reads the last 3 of 5 history items");
    assertEquals(6, budget.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\", \"c\"], "
        + "\"history\": [\"x\", \"y\", \"a\", \"b\"]}")).cost(), "unknown history items are not read");
    assertEquals(4, budget.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\", \"c\", \"d\"]}")).cost(),
        "an empty history is one padding token");

    var e = assertThrows(RequestCostException.class, () -> budget.parse(JSON.readTree(
        "{\"candidates\": [\"a\", \"b\", \"c\", \"d\"], \"history\": [\"a\", \"b\"]}")));
    assertEquals("body", e.field());
    assertEquals(8, e.cost());
    assertEquals(6, e.limit());
    assertTrue(e.reason().contains("costs 8 (4 candidates × 2 history items read), over the limit of 6"), e.reason());
    assertTrue(e.reason().contains("--max-request-cost"), "names the option that raises it: " + e.reason());

    // without a cost limit the parser admits every request its candidate and history limits admit
    RequestParser open = new RequestParser(IdIndex.of(List.of("a", "b", "c", "d", "e")), 2, 4, false, false, 3);
    assertEquals(12, open.maxRequestCost());
    assertEquals(12, open.parse(JSON.readTree("{\"candidates\": [\"a\", \"b\", \"c\", \"d\"], "
        + "\"history\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}")).cost());
    assertEquals(12, RequestLimits.of(4).requestCostLimit(3));
    assertEquals(7, RequestLimits.of(4).withMaxRequestCost(7).requestCostLimit(3));
  }
}
