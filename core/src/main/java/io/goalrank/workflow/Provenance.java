package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The display provenance every model trained on a dataset records (its typed configs go with {@code withData}). */
final class Provenance {
  private Provenance() {}

  static Map<String, String> of(PreparedDataset data) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("dataset", data.info().getOrDefault("dataset", "?"));
    p.put("requests", Integer.toString(data.size()));
    p.put("items", Integer.toString(data.numItems()));
    p.put("protocol.seed", data.info().getOrDefault("protocol.seed", "?"));
    p.put("protocol.negatives", data.info().getOrDefault("protocol.negatives", "?"));
    p.put("device", io.goalrank.model.Devices.spec());
    return p;
  }
}
