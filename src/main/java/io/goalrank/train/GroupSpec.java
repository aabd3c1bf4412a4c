package io.goalrank.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a training group B is built: how many lists each source contributes, e.g.
 * {@code mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10} (|B| = 20, the paper's default size).
 * Sources: {@code mf-order}, {@code popularity}, {@code random}, {@code dnn} (greedy DNN scorer), {@code dnn-pl}
 * (Plackett–Luce samples from the DNN scorer), {@code dnn-diverse} and {@code dnn-novel} (DNN lists traded for
 * category coverage or for long-tail items, {@link ObjectiveHeuristics}), {@code generator} (samples from the
 * current generator), {@code anchors} (samples from other trained generators handed to
 * {@link GroupBuilder#withAnchors}, e.g. single-objective models for an objective-conditioned one), and on
 * simulated data {@code logging} (samples from the simulator's logging policy: the production ranker).
 */
public record GroupSpec(Map<String, Integer> counts) {
  public static final java.util.List<String> SOURCES =
      java.util.List.of("mf-order", "popularity", "random", "dnn", "dnn-pl", "dnn-diverse", "dnn-novel", "generator",
          "logging", "anchors");
  public static final String DEFAULT = "mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10";
  /**
   * Named groups: {@code default}; {@code learned}, the default without the heuristics (MF order, popularity,
   * random), whose lists sit far below the rest on real data and so flatten π_ref at τ = 1; {@code released}, the
   * authors' released recipe, 20 of the generator's own samples (with {@code --loss mixed}).
   */
  public static final Map<String, String> PRESETS = Map.of(
      "default", DEFAULT,
      "learned", "dnn:1,dnn-pl:9,generator:10",
      "released", "generator:20");

  public GroupSpec {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (total < 2) {
      throw new IllegalArgumentException("a group needs at least 2 lists, got " + total);
    }
  }

  /** Parses {@code source:count,...} or the name of a {@link #PRESETS preset}. */
  public static GroupSpec parse(String spec) {
    String named = PRESETS.get(spec.trim());
    if (named != null) {
      spec = named;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] kv = p.split(":");
      if (kv.length != 2) {
        throw new IllegalArgumentException("group entry '" + p + "' is not source:count");
      }
      String source = kv[0].trim();
      if (!SOURCES.contains(source)) {
        throw new IllegalArgumentException("unknown group source '" + source + "'; choose from " + SOURCES);
      }
      int count;
      try {
        count = Integer.parseInt(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("group entry '" + p + "': count is not a number");
      }
      if (count < 0) {
        throw new IllegalArgumentException("group entry '" + p + "': count must be >= 0");
      }
      if (count > 0) {
        counts.merge(source, count, Integer::sum);
      }
    }
    return new GroupSpec(counts);
  }

  /** A spec of total size {@code size}: the default auxiliary mix scaled down or up, the rest generator samples. */
  public static GroupSpec ofSize(int size) {
    if (size >= 20) {
      return parse("mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:" + (size - 10));
    }
    int aux = size / 2;
    String[] order = {"mf-order", "dnn", "popularity", "random", "dnn-pl", "dnn-pl", "random", "dnn-pl", "dnn-pl"};
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int k = 0; k < aux; k++) {
      counts.merge(order[k % order.length], 1, Integer::sum);
    }
    counts.put("generator", size - aux);
    return new GroupSpec(counts);
  }

  public int size() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int count(String source) {
    return counts.getOrDefault(source, 0);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
    return sb.toString();
  }
}
