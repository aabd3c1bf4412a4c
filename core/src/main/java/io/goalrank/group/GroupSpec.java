package io.goalrank.group;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a training group B is built: how many lists each source contributes, e.g.
 * {@code mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10} (|B| = 20, the paper's default size).
 * The sources are those of {@link GroupSources} ({@code goalrank train --help} lists them): heuristics
 * ({@code mf-order}, {@code popularity}, {@code random}), the DNN scorer ({@code dnn} greedy, {@code dnn-pl}
 * Plackett–Luce samples, {@code dnn-diverse} and {@code dnn-novel}, {@link ObjectiveHeuristics}), {@code generator}
 * (samples from the current generator), {@code anchors} (other trained generators, e.g. single-objective models
 * for an objective-conditioned one), and on simulated data {@code logging} (the production ranker).
 */
public record GroupSpec(Map<String, Integer> counts) {
  /** The registered source names ({@link GroupSources#names}). */
  public static final List<String> SOURCES = GroupSources.names();
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
    counts.keySet().forEach(GroupSources::get); // every source is a registered one
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
      GroupSources.get(source); // fails on an unknown name, listing the known ones
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

  /**
   * The part of this spec that needs no generator (no {@link GroupSources.Registration#followsGenerators} source),
   * for groups built once without one (validation); random lists when that leaves fewer than two.
   */
  public GroupSpec auxiliaryPart() {
    Map<String, Integer> kept = new LinkedHashMap<>(counts);
    kept.keySet().removeIf(source -> GroupSources.get(source).followsGenerators());
    if (kept.values().stream().mapToInt(Integer::intValue).sum() < 2) {
      kept.merge("random", 4, Integer::sum);
    }
    return new GroupSpec(kept);
  }

  /** Whether any source of this spec samples a generator. */
  public boolean followsGenerators() {
    return counts.keySet().stream().anyMatch(source -> GroupSources.get(source).followsGenerators());
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
