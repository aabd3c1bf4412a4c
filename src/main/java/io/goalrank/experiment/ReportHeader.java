package io.goalrank.experiment;

import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.eval.PairedTest;
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
    Map<String, String> info = provenance.first();
    List<String> out = new ArrayList<>();
    out.add(String.format("Data: %s, %s-core, positive threshold %s; %s requests (train %s / valid %s / test %s)%s.",
        config.dataset(), info.getOrDefault("protocol.coreK", "?"), PositiveThreshold.describe(info),
        info.getOrDefault("stats.requests", "?"), info.getOrDefault("stats.requests.train", "?"),
        info.getOrDefault("stats.requests.valid", "?"), info.getOrDefault("stats.requests.test", "?"),
        config.prepared() != null ? ", from --prepared " + config.prepared() : ""));
    out.add(candidates(config, provenance));
    out.add(inputs(config.settings().readsRetrieverScores()));
    out.add(split(config, provenance));
    if (pValues) {
      out.add("Significance: " + PairedTest.explain(config.seeds()));
    }
    return out;
  }

  /** What the candidates are; the retriever's recall only when the retriever chose them. */
  static String candidates(ExperimentConfig config, ExperimentData.Provenance provenance) {
    Map<String, String> info = provenance.first();
    String n = info.getOrDefault("protocol.numCandidates", "?");
    String mode = info.getOrDefault("protocol.negatives", config.negatives().name()).toUpperCase();
    if (!mode.equals(ProtocolConfig.NegativeSampling.RETRIEVER.name())) {
      String negatives;
      try {
        negatives = Integer.toString(Integer.parseInt(n) - Integer.parseInt(info.getOrDefault(
            "protocol.listLength", "?")));
      } catch (NumberFormatException e) {
        negatives = "N - L";
      }
      String kind = mode.equals(ProtocolConfig.NegativeSampling.MATCHED.name()) ? "popularity-matched" : mode
          .toLowerCase();
      return "Candidates (" + mode.toLowerCase() + " negatives): ground truth + " + negatives + " " + kind
          + " negatives (retriever recall@" + n + " n/a: the retriever did not choose the candidates).";
    }
    StringBuilder sb = new StringBuilder("Candidates (retriever negatives, the paper's protocol): the retriever's "
        + "top " + n + " unseen items with every ground-truth item forced in; retriever recall@" + n + " ");
    if (provenance.splitPerSeed() && provenance.infoBySeed().size() > 1) {
      List<String> parts = new ArrayList<>();
      provenance.infoBySeed().forEach((seed, i) -> parts.add(i.getOrDefault("stats.retrieverRecallAtN", "?")
          + " (seed " + seed + ")"));
      sb.append(String.join(", ", parts)).append(": each seed's own retriever");
    } else {
      sb.append(info.getOrDefault("stats.retrieverRecallAtN", "?"));
    }
    return sb.append(" (the rest of the targets were forced in).").toString();
  }

  /** Whether the learned rows read the earlier stage's score: the setting that changes every learned row most. */
  static String inputs(boolean retrieverFeature) {
    return retrieverFeature
        ? "Inputs: every learned row reads each candidate's retriever score (--retriever-feature, the default), as "
            + "a production final stage reads the earlier stage's score."
        : "Inputs: item ids and the user's history only, no retriever score (--no-retriever-feature: the paper's "
            + "rows, candidates as an unordered set).";
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
