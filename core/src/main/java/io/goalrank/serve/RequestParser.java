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
 * <ul>
 *   <li>{@code candidates} (required): L to {@code maxCandidates} distinct item ids. An unknown candidate is an
 *       error: the model has no embedding for it, so it could only be ranked arbitrarily, and silently dropping it
 *       would return fewer items than asked for.
 *   <li>{@code history} (optional, default empty): the user's items, oldest first. Unknown items are dropped and
 *       counted ({@link RankQuery#unknownHistory()}), since a history naturally holds items newer than the model;
 *       of the known ones the model reads the last {@code maxHistory}, and only those are kept.
 *   <li>{@code history_positive} (optional): the feedback on each history item, {@code 1}/{@code true} positive
 *       or {@code 0}/{@code false} not, as long as {@code history}. <b>Missing or null means every history item is
 *       positive</b> (a history of clicks or purchases). Any other value (2, -1, 0.5, "1") is an error.
 *   <li>{@code user} (optional): a string or integer id, only echoed: the model reads the user through the history.
 *   <li>{@code objective} (optional): an object of weights, or the CLI form {@code "relevance=1,diversity=0.3"};
 *       accepted only by a parser for an objective-conditioned model. Other models reject it rather than silently
 *       ignore a business rule.
 *   <li>{@code retriever_scores} (one finite number per candidate, in candidate order): required by a model trained
 *       with the retriever feature, otherwise optional and unread.
 * </ul>
 *
 * A request's cost, candidates × history items the model reads ({@link RankQuery#cost()}), must not exceed
 * {@code maxRequestCost}: a costlier one is a {@link RequestCostException} naming the cost and the limit.
 *
 *
 * Ids may be JSON strings or integers. Numbers must be finite and fit a 32-bit float.
 */
public final class RequestParser {
  private final IdIndex items;
  private final int listLength;
  private final int maxCandidates;
  private final boolean acceptsObjective;
  private final boolean needsRetrieverScores;
  private final int maxHistory;
  private final long maxRequestCost;

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
    this(items, listLength, maxCandidates, acceptsObjective, needsRetrieverScores, Integer.MAX_VALUE);
  }

  /**
   * @param maxHistory the most history items the model reads (the most recent ones); a query keeps only those
   */
  public RequestParser(IdIndex items, int listLength, int maxCandidates, boolean acceptsObjective,
      boolean needsRetrieverScores, int maxHistory) {
    this(items, listLength, maxCandidates, acceptsObjective, needsRetrieverScores, maxHistory,
        RankQuery.cost(maxCandidates, maxHistory));
  }

  /**
   * @param maxRequestCost the most a request may cost, candidates × history items read ({@link RankQuery#cost()});
   *     a costlier one is refused with a {@link RequestCostException}
   */
  public RequestParser(IdIndex items, int listLength, int maxCandidates, boolean acceptsObjective,
      boolean needsRetrieverScores, int maxHistory, long maxRequestCost) {
    if (maxRequestCost < 1) {
      throw new IllegalArgumentException("maxRequestCost must be positive: " + maxRequestCost);
    }
    if (listLength < 1 || maxCandidates < listLength) {
      throw new IllegalArgumentException("need 1 <= listLength (" + listLength + ") <= maxCandidates ("
          + maxCandidates + ")");
    }
    if (maxHistory < 1) {
      throw new IllegalArgumentException("maxHistory must be positive: " + maxHistory);
    }
    this.items = items;
    this.listLength = listLength;
    this.maxCandidates = maxCandidates;
    this.acceptsObjective = acceptsObjective;
    this.needsRetrieverScores = needsRetrieverScores;
    this.maxHistory = maxHistory;
    this.maxRequestCost = maxRequestCost;
  }

  public int listLength() {
    return listLength;
  }

  /** The most a request may cost (candidates × history items read). */
  public long maxRequestCost() {
    return maxRequestCost;
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
    boolean allPositive = pos == null || pos.isNull(); // documented default: a history of positive feedback
    if (!allPositive && (!pos.isArray() || pos.size() != n)) {
      throw new RequestException("history_positive", "must be an array of 0/1 as long as 'history' (" + n + ")");
    }
    int[] h = new int[n];
    byte[] hp = new byte[n];
    int kept = 0;
    for (int k = 0; k < n; k++) {
      int index = items.indexOf(id(hist.get(k), "history[" + k + "]"));
      byte positive = allPositive ? 1 : feedback(pos.get(k), "history_positive[" + k + "]");
      if (index >= 0) {
        h[kept] = index;
        hp[kept++] = positive;
      }
    }
    // the model reads the most recent maxHistory known items (BatchTensors), so only those are kept
    int from = Math.max(0, kept - maxHistory);
    RankQuery query = new RankQuery(user, Arrays.copyOfRange(h, from, kept), Arrays.copyOfRange(hp, from, kept),
        candidates, n - kept, objective(node.get("objective")),
        retrieverScores(node.get("retriever_scores"), candidates.length));
    // the budget counts what the model will read, so it is checked on the query as kept, before it is queued
    if (query.cost() > maxRequestCost) {
      throw new RequestCostException(query, maxRequestCost);
    }
    return query;
  }

  /** 1 or true is positive feedback, 0 or false is not; nothing else is read as either. */
  private static byte feedback(JsonNode p, String field) {
    if (p.isBoolean()) {
      return (byte) (p.booleanValue() ? 1 : 0);
    }
    if (p.isNumber() && (p.doubleValue() == 0 || p.doubleValue() == 1)) {
      return (byte) p.doubleValue();
    }
    throw new RequestException(field, "must be 0 or 1 (or false/true), got " + p);
  }

  /** A JSON number as a finite 32-bit float, or a message saying why it is not one. */
  private static float finiteFloat(JsonNode x, String field) {
    if (!x.isNumber()) {
      throw new RequestException(field, "must be a number, got " + x);
    }
    double v = x.doubleValue();
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new RequestException(field, "out of range: must be at most " + Float.MAX_VALUE + " in magnitude (a "
          + "32-bit float), got " + (Double.isFinite(v) ? x.toString() : "a number beyond any double"));
    }
    return (float) v;
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
      out[k] = finiteFloat(node.get(k), "retriever_scores[" + k + "]");
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
        float weight = finiteFloat(e.getValue(), "objective." + e.getKey());
        spec.append(spec.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(weight);
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
