package io.goalrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.goalrank.data.IdIndex;
import io.goalrank.policy.RequestBatch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a JSON ranking request and turns it into a one-row {@link RequestBatch}. Errors name the field.
 * Policy for unknown ids: an unknown candidate is an error (the model cannot score it); unknown history items are
 * dropped (they carry no learned signal) — the count is not an error.
 */
final class RequestParser {
  private RequestParser() {}

  static RequestBatch parse(JsonNode node, IdIndex items, int listLength) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("request must be a JSON object");
    }
    JsonNode cands = node.get("candidates");
    if (cands == null || !cands.isArray()) {
      throw new IllegalArgumentException("field 'candidates' must be an array of item ids");
    }
    if (cands.size() < listLength) {
      throw new IllegalArgumentException("field 'candidates' has " + cands.size() + " items, need at least "
          + listLength);
    }
    int[] c = new int[cands.size()];
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < cands.size(); k++) {
      String id = cands.get(k).asText();
      if (!seen.add(id)) {
        throw new IllegalArgumentException("field 'candidates[" + k + "]': duplicate item id '" + id + "'");
      }
      c[k] = items.indexOf(id);
      if (c[k] < 0) {
        throw new IllegalArgumentException("field 'candidates[" + k + "]': unknown item id '" + id + "'");
      }
    }
    JsonNode hist = node.get("history");
    JsonNode pos = node.get("history_positive");
    if (hist != null && !hist.isArray()) {
      throw new IllegalArgumentException("field 'history' must be an array of item ids");
    }
    if (pos != null && (!pos.isArray() || hist == null || pos.size() != hist.size())) {
      throw new IllegalArgumentException("field 'history_positive' must be an array as long as 'history'");
    }
    int n = hist == null ? 0 : hist.size();
    int[] h = new int[n];
    byte[] hp = new byte[n];
    int w = 0;
    for (int k = 0; k < n; k++) {
      int idx = items.indexOf(hist.get(k).asText());
      if (idx >= 0) {
        h[w] = idx;
        hp[w++] = pos == null ? 1 : (byte) (pos.get(k).asInt() > 0 ? 1 : 0);
      }
    }
    return new RequestBatch(new int[] {-1}, new int[] {-1}, new int[][] {java.util.Arrays.copyOf(h, w)},
        new byte[][] {java.util.Arrays.copyOf(hp, w)}, new int[][] {c}, null, null);
  }

  static List<String> itemIds(RequestBatch batch, int[] slots, IdIndex items) {
    int[] candidates = batch.candidates()[0];
    return java.util.Arrays.stream(slots).mapToObj(s -> items.rawId(candidates[s])).toList();
  }
}
