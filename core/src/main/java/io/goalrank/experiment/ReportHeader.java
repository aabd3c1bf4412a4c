package io.goalrank.experiment;

import io.goalrank.eval.PairedTest;
import io.goalrank.workflow.DataSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines every experiment report starts with, so that a result says what it was measured on: the data and its
 * positive threshold (and where that came from), what the candidates are — with the retriever's recall only where
 * the retriever chose them —, the user split and what the spread over seeds therefore covers, and which
 * significance test the report's p-values are.
 */
final class ReportHeader {
  private ReportHeader() {}

  /**
   * The header as a Markdown bullet list.
   *
   * @param pValues whether the report has p-values (then it says which test they are)
   */
  static String markdown(ExperimentConfig config, ExperimentData.Provenance provenance, boolean pValues) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines(config, provenance, pValues)) {
      sb.append("- ").append(line).append('\n');
    }
    return sb.toString();
  }

  static List<String> lines(ExperimentConfig config, ExperimentData.Provenance provenance, boolean pValues) {
    Map<String, String> info = new java.util.LinkedHashMap<>(provenance.first());
    info.put("dataset", config.dataset());
    List<String> out = new ArrayList<>();
    out.add(DataSummary.data(info, config.prepared() != null ? ", from --prepared " + config.prepared() : ""));
    out.add(candidates(config, provenance));
    out.add(DataSummary.inputs(config.settings().readsRetrieverScores(config.negatives().name())));
    out.add(split(config, provenance));
    if (pValues) {
      out.add("Significance: " + PairedTest.explain(config.seeds()));
    }
    return out;
  }

  /** What the candidates are; the retriever's recall (each seed's, with a split per seed) only when it chose them. */
  static String candidates(ExperimentConfig config, ExperimentData.Provenance provenance) {
    Map<String, String> info = new java.util.LinkedHashMap<>(provenance.first());
    info.putIfAbsent("protocol.negatives", config.negatives().name());
    String recall;
    if (provenance.splitPerSeed() && provenance.infoBySeed().size() > 1) {
      List<String> parts = new ArrayList<>();
      provenance.infoBySeed().forEach((seed, i) -> parts.add(i.getOrDefault("stats.retrieverRecallAtN", "?")
          + " (seed " + seed + ")"));
      recall = String.join(", ", parts) + ": each seed's own retriever";
    } else {
      recall = info.getOrDefault("stats.retrieverRecallAtN", "?");
    }
    return DataSummary.candidates(info, recall);
  }

  /** The split and what the spread over seeds covers. */
  static String split(ExperimentConfig config, ExperimentData.Provenance provenance) {
    String spread = config.seeds() < 2 ? "one seed, so no spread over seeds."
        : provenance.splitPerSeed() ? "± over seeds: model initialisation and data split."
        : "± over seeds: model initialisation only.";
    if (provenance.splitPerSeed()) {
      return "Split: one user split and retriever per seed (seed s prepares its data from the same raw data with "
          + "seed s, seed-<s>/prepared-" + config.negatives().name().toLowerCase() + ".bin; "
          + "--split-per-seed), so the test users differ between seeds; " + spread;
    }
    String seed = provenance.first().getOrDefault("protocol.seed", "?");
    return "Split: one user split and retriever (protocol seed " + seed + ") shared by every seed"
        + (config.seeds() > 1 ? " (--no-split-per-seed)" : "") + "; " + spread;
  }
}
