package io.goalrank.experiment;

import io.goalrank.data.PreparedDataset;
import io.goalrank.eval.MultiSeedSummary;
import io.goalrank.group.GroupSpec;
import io.goalrank.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the group is built (Section 3.3, and the reviewers' "no ablation without M"): the default mix of auxiliary
 * policies and generator samples, generator samples only (the released code's construction), auxiliary policies
 * only, and the default mix without one auxiliary family at a time. Every variant keeps the default |B|: a
 * removed source's lists go to the remaining stochastic sources ({@link #without}).
 */
public final class GroupConstructionAnalysis {
  public static final String NAME = "group-construction";
  /** Sources that can contribute more than one distinct list per request. */
  static final List<String> STOCHASTIC = List.of("random", "dnn-pl", "generator", "logging");
  static final List<String> AUXILIARY = List.of("mf-order", "popularity", "random", "dnn", "dnn-pl");
  public static final List<String> VARIANTS = List.of("mixed", "generator-only", "auxiliary-only",
      "without-mf-order", "without-popularity", "without-random", "without-dnn", "without-dnn-pl");
  public static final List<String> QUICK_VARIANTS = List.of("mixed", "generator-only", "auxiliary-only",
      "without-dnn-pl");

  private GroupConstructionAnalysis() {}

  public static List<String> defaultVariants(boolean quick) {
    return quick ? QUICK_VARIANTS : VARIANTS;
  }

  /** The group of a variant, derived from the base (default) group. */
  public static GroupSpec spec(String variant, GroupSpec base) {
    return switch (variant) {
      case "mixed" -> base;
      case "generator-only" -> without(base, Set.copyOf(AUXILIARY));
      case "auxiliary-only" -> without(base, Set.of("generator"));
      default -> {
        String source = variant.startsWith("without-") ? variant.substring("without-".length()) : "";
        if (!AUXILIARY.contains(source)) {
          throw new IllegalArgumentException("--variants: unknown variant '" + variant + "'; choose from "
              + VARIANTS);
        }
        yield without(base, Set.of(source));
      }
    };
  }

  /**
   * {@code base} without {@code removed}, same size: the removed lists are shared among the remaining stochastic
   * sources in proportion to their counts (largest remainder, ties to the earlier source), because a
   * deterministic source (mf-order, popularity, dnn) has only one distinct list to give.
   */
  public static GroupSpec without(GroupSpec base, Set<String> removed) {
    Map<String, Integer> kept = new LinkedHashMap<>();
    int freed = 0;
    for (var e : base.counts().entrySet()) {
      if (removed.contains(e.getKey())) {
        freed += e.getValue();
      } else {
        kept.put(e.getKey(), e.getValue());
      }
    }
    if (removed.containsAll(AUXILIARY) && !kept.containsKey("generator")) {
      kept.put("generator", 0); // generator-only from a base without generator samples
    }
    List<String> receivers = kept.keySet().stream().filter(STOCHASTIC::contains).toList();
    int weight = receivers.stream().mapToInt(kept::get).sum();
    if (freed > 0 && receivers.isEmpty()) {
      throw new IllegalArgumentException("group " + base + " without " + removed
          + " has no stochastic source left to keep its size");
    }
    int given = 0;
    double[] remainders = new double[receivers.size()];
    for (int i = 0; i < receivers.size(); i++) {
      double share = weight == 0 ? (double) freed / receivers.size()
          : (double) freed * kept.get(receivers.get(i)) / weight;
      int whole = (int) Math.floor(share);
      kept.merge(receivers.get(i), whole, Integer::sum);
      given += whole;
      remainders[i] = share - whole;
    }
    for (; given < freed; given++) {
      int best = 0;
      for (int i = 1; i < remainders.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      kept.merge(receivers.get(best), 1, Integer::sum);
      remainders[best] = -1;
    }
    kept.values().removeIf(v -> v == 0);
    return new GroupSpec(kept);
  }

  public static Analysis of(PreparedDataset data, GroupSpec base, List<String> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("--variants needs at least one variant");
    }
    List<Row<SeedModels>> rows = new ArrayList<>();
    Map<String, Analysis.Point> points = new LinkedHashMap<>();
    for (String v : variants) {
      GroupSpec spec = spec(v, base);
      String name = "goalrank-" + v;
      rows.add(new Row<>(name, Family.GOALRANK, "GoalRank, group " + v + ": " + spec,
          m -> Workflow.generatorPolicy(m.goalRank(name, m.settings().toBuilder().optGroup(spec).build(),
              m.reward()))));
      points.put(name, Analysis.Point.at("goalrank", rows.size(), v));
    }
    Analysis.addReferences(rows, points, data);
    return new Analysis(NAME, "Group construction (|B| = " + base.size() + ")",
        List.of(new Analysis.Panel("", "variant", false, true)), rows, points, s -> findings(s, variants),
        "Section 3.3: groups sampled from a single generator lack reward gaps, so the paper adds auxiliary "
            + "policies M; the released code samples the generator only. The paper reports no ablation without M "
            + "(a reviewer's criticism), so there is no number to compare with.");
  }

  static List<String> findings(Map<String, MultiSeedSummary> s, List<String> variants) {
    List<String> out = new ArrayList<>();
    for (String metric : List.of("H@6", "N@6", "true-utility")) {
      if (!s.get("goalrank-" + variants.get(0)).means().containsKey(metric)) {
        continue;
      }
      StringBuilder line = new StringBuilder(metric + ": ");
      String best = variants.get(0);
      for (String v : variants) {
        double y = s.get("goalrank-" + v).means().get(metric);
        line.append(v).append(' ').append(AnalysisReport.fmt(y)).append(", ");
        if (y > s.get("goalrank-" + best).means().get(metric)) {
          best = v;
        }
      }
      line.append("DNN ").append(AnalysisReport.fmt(s.get("dnn").means().get(metric))).append("; best variant: ")
          .append(best).append('.');
      out.add(line.toString());
    }
    return out;
  }
}
