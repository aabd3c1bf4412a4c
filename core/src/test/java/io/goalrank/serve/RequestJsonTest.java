package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies that are not one strict JSON value are refused in the project's words, not the library's. */
class RequestJsonTest {

  private static RequestException error(String body) {
    return assertThrows(RequestException.class, () -> RequestJson.read(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void nonFiniteNumbersAndNumberSyntaxAreExplainedWithoutTheLibrarysSettings() {
    String[][] cases = {
        {"{\"retriever_scores\": [1, NaN]}", "NaN is not a JSON number"},
        {"{\"retriever_scores\": [-Infinity]}", "-Infinity is not a JSON number"},
        {"{\"history_positive\": [+1]}", "plus sign"},
        {"{\"history_positive\": [01]}", "starts with 0"},
        {"{\"retriever_scores\": [1.]}", "ends with a decimal point"},
        {"{\"candidates\": [\"a\", \"b\",", "ends before the JSON value does"},
        {"{\"candidates\": [\"a\"]} {\"candidates\": []}", "more data after the JSON object"},
        {"{\"candidates\": [yes]}", "'yes' is not a JSON value"},
    };
    for (String[] c : cases) {
      RequestException e = error(c[0]);
      assertEquals("body", e.field(), c[0]);
      assertTrue(e.reason().startsWith("malformed JSON at line 1, column "), e.reason());
      assertTrue(e.reason().contains(c[1]), c[0] + " -> " + e.reason());
      for (String internal : new String[] {"JsonReadFeature", "StreamReadConstraints", "DeserializationFeature",
          "Source:", "`"}) {
        assertFalse(e.reason().contains(internal), "names the JSON library's internals: " + e.reason());
      }
    }
  }

  @Test
  void aRepeatedKeyIsNamedAndTooDeepNestingIsRefused() {
    RequestException e = error("{\"candidates\": [\"a\", \"b\"], \"history\": [], \"history\": [\"a\"]}");
    assertEquals("history", e.field());
    assertTrue(e.reason().contains("appears twice"), e.reason());
    e = error("[".repeat(1500) + "]".repeat(1500));
    assertEquals("body", e.field());
    assertTrue(e.reason().contains("nested deeper than the parser allows"), e.reason());
    assertEquals("body", error("").field());
  }

  @Test
  void oneStrictObjectIsRead() {
    var node = RequestJson.read("{\"candidates\": [\"a\", 7], \"retriever_scores\": [1.5e3, -2]}\n"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(7, node.get("candidates").get(1).asInt());
    assertEquals(1500.0, node.get("retriever_scores").get(0).asDouble(), 0.0);
  }
}
