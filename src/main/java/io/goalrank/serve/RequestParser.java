package io.goalrank.serve;

import io.goalrank.objective.Objectives;
import com.fasterxml.jackson.databind.JsonNode;
import io.goalrank.data.IdIndex;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a JSON ranking request, the one parser behind both {@code goalrank rank} and {@code POST /v1/rank}.
 * Every error is a {@link RequestException} that names the field.
 *
 * <pre>{"user": "u42", "history": ["i1", "i7"], "history_positive": [1, 0], "candidates": ["i3", "i9", ...],
 *  "objective": {"relevance": 1, "diversity": 0.3}, "retriever_scores": [2.1, 1.7, ...]}</pre>
 *
 * <p>Policy for unknown ids: an unknown <em>candidate</em> is an error (the model has no embedding for it, so it
 * could only be ranked arbitrarily, and silently dropping it would return fewer items than asked for); unknown
 * <em>history</em> items are dropped and counted ({@link RankQuery#unknownHistory()}), since a user's history
 * naturally contains items newer than the model. {@code user} is optional and only echoed: the model reads the
 * user through their history. Ids may be JSON strings or integers. {@code objective} (an object of weights, or
 * the CLI form {@code "relevance=1,diversity=0.3"}) is accepted only by a parser for an objective-conditioned
 * model; other models reject it rather than silently ignore a business rule. {@code retriever_scores} (one number
 * per candidate) is required by a model trained with {@code --retriever-feature} and otherwise optional.
 */
public final class RequestParser {
  private final IdIndex items;
  private final int listLength;
  private final int maxCandidates;
  private final boolean acceptsObjective;
  private final boolean needsRetrieverScores;

  /**
   * @param listLength L: a request needs at least this many candidates
   * @param maxCandidates the most candidates one request may carry
   */
  public RequestParser(IdIndex items, int listLength, int maxCandidates) {
    this(items, listLength, maxCandidates, false);
  }

  /** @param acceptsObjective whether the model is objective-conditioned (then {@code objective} is read) */
  public RequestParser(IdIndex items, int listLength, int maxCandidates, boolean acceptsObjective) {
    this(items, listLength, maxCandidates, acceptsObjective, false);
  }

  /**
   * @param needsRetrieverScores whether the model reads each candidate's stage-1 score (then
   *     {@code retriever_scores} is required)
   */
  public RequestParser(IdIndex items, int listLength, int maxCandidates, boolean acceptsObjective,
      boolean needsRetrieverScores) {
    if (listLength < 1 || maxCandidates < listLength) {
      throw new IllegalArgumentException("need 1 <= listLength (" + listLength + ") <= maxCandidates ("
          + maxCandidates + ")");
    }
    this.items = items;
    this.listLength = listLength;
    this.maxCandidates = maxCandidates;
    this.acceptsObjective = acceptsObjective;
    this.needsRetrieverScores = needsRetrieverScores;
  }

  public int listLength() {
    return listLength;
  }

  public RankQuery parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new RequestException("body", "request must be a JSON object");
    }
    String user = null;
    JsonNode u = node.get("user");
    if (u != null && !u.isNull()) {
      if (!(u.isTextual() || u.isIntegralNumber())) {
        throw new RequestException("user", "must be a string or an integer id");
      }
      user = u.asText();
    }
    int[] candidates = candidates(node.get("candidates"));
    JsonNode hist = node.get("history");
    JsonNode pos = node.get("history_positive");
    if (hist != null && !hist.isNull() && !hist.isArray()) {
      throw new RequestException("history", "must be an array of item ids");
    }
    int n = hist == null || hist.isNull() ? 0 : hist.size();
    if (pos != null && !pos.isNull() && (!pos.isArray() || pos.size() != n)) {
      throw new RequestException("history_positive", "must be an array of 0/1 as long as 'history' (" + n + ")");
    }
    int[] h = new int[n];
    byte[] hp = new byte[n];
    int kept = 0;
    for (int k = 0; k < n; k++) {
      int index = items.indexOf(id(hist.get(k), "history[" + k + "]"));
      byte positive = 1;
      if (pos != null && !pos.isNull()) {
        JsonNode p = pos.get(k);
        if (!p.isNumber() && !p.isBoolean()) {
          throw new RequestException("history_positive[" + k + "]", "must be 0/1 or a boolean");
        }
        positive = (byte) (p.isBoolean() ? (p.asBoolean() ? 1 : 0) : (p.asDouble() > 0 ? 1 : 0));
      }
      if (index >= 0) {
        h[kept] = index;
        hp[kept++] = positive;
      }
    }
    return new RankQuery(user, Arrays.copyOf(h, kept), Arrays.copyOf(hp, kept), candidates, n - kept,
        objective(node.get("objective")), retrieverScores(node.get("retriever_scores"), candidates.length));
  }

  private float[] retrieverScores(JsonNode node, int n) {
    if (node == null || node.isNull()) {
      if (needsRetrieverScores) {
        throw new RequestException("retriever_scores", "this model reads the stage-1 score of every candidate; send "
            + "an array of " + n + " numbers, in candidate order");
      }
      return null;
    }
    if (!node.isArray() || node.size() != n) {
      throw new RequestException("retriever_scores", "must be an array of " + n + " numbers, one per candidate");
    }
    float[] out = new float[n];
    for (int k = 0; k < n; k++) {
      JsonNode x = node.get(k);
      if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
        throw new RequestException("retriever_scores[" + k + "]", "must be a finite number");
      }
      out[k] = (float) x.asDouble();
    }
    return out;
  }

  private float[] objective(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!acceptsObjective) {
      throw new RequestException("objective", "this model is not objective-conditioned (train it with "
          + "`goalrank train --objectives`)");
    }
    try {
      if (node.isTextual()) {
        return Objectives.parseWeights(node.asText());
      }
      if (!node.isObject()) {
        throw new RequestException("objective", "must be an object of weights, e.g. {\"relevance\": 1, "
            + "\"diversity\": 0.3}");
      }
      StringBuilder spec = new StringBuilder();
      for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) node::fields) {
        if (!e.getValue().isNumber()) {
          throw new RequestException("objective." + e.getKey(), "must be a number");
        }
        spec.append(spec.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asDouble());
      }
      return Objectives.parseWeights(spec.toString());
    } catch (RequestException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new RequestException("objective", e.getMessage());
    }
  }

  private int[] candidates(JsonNode cands) {
    if (cands == null || !cands.isArray()) {
      throw new RequestException("candidates", "must be an array of item ids");
    }
    if (cands.size() < listLength) {
      throw new RequestException("candidates", "has " + cands.size() + " items, need at least " + listLength);
    }
    if (cands.size() > maxCandidates) {
      throw new RequestException("candidates", "has " + cands.size() + " items, at most " + maxCandidates
          + " allowed");
    }
    int[] c = new int[cands.size()];
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < cands.size(); k++) {
      String field = "candidates[" + k + "]";
      String id = id(cands.get(k), field);
      if (!seen.add(id)) {
        throw new RequestException(field, "duplicate item id '" + id + "'");
      }
      c[k] = items.indexOf(id);
      if (c[k] < 0) {
        throw new RequestException(field, "unknown item id '" + id + "'");
      }
    }
    return c;
  }

  private static String id(JsonNode node, String field) {
    if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
      throw new RequestException(field, "item id must be a string or an integer");
    }
    return node.asText();
  }

  /** The raw item ids of a list of candidate slots of {@code query}. */
  public List<String> itemIds(RankQuery query, int[] slots) {
    return Arrays.stream(slots).mapToObj(s -> items.rawId(query.candidates()[s])).toList();
  }
}
