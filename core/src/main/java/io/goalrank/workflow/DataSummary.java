package io.goalrank.workflow;

import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a result was measured on, in the words every report header uses: the data with its positive threshold and
 * split sizes, what the candidates are (the retriever's recall only where the retriever chose them) and whether
 * the networks read the retriever's score. {@code demo}, {@code train} and {@code evaluate} print these lines; the
 * experiments' headers add the seeds and the significance test.
 */
public final class DataSummary {
  private DataSummary() {}

  /**
   * The header of a report on {@code data}.
   *
   * @param retrieverFeature whether the learned models read the retriever's score, or null when that is not one
   *     setting of the report (each model says)
   */
  public static List<String> lines(PreparedDataset data, Boolean retrieverFeature) {
    List<String> out = new ArrayList<>();
    out.add(data(data.info(), ""));
    out.add(candidates(data.info(), data.info().getOrDefault("stats.retrieverRecallAtN", "?")));
    if (retrieverFeature != null) {
      out.add(inputs(retrieverFeature));
    }
    out.add(split(data.info()));
    return out;
  }

  /** How the requests were split: by user ({@code last} requests) or by time within each user ({@code slates}). */
  public static String split(Map<String, String> info) {
    String seed = info.getOrDefault("protocol.seed", "?");
    if ("slates".equalsIgnoreCase(info.getOrDefault("protocol.requests", "last"))) {
      return "Split: slates of 6 consecutive interactions; each user's last slate is test and the one before it "
          + "validation (protocol seed " + seed + "), so test users also train, on their earlier slates only.";
    }
    return "Split: one user split (protocol seed " + seed + "); the test users are disjoint from the training users.";
  }

  /** The lines as a Markdown bullet list. */
  public static String markdown(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append("- ").append(line).append('\n');
    }
    return sb.toString();
  }

  /** The dataset, its core filter, positive threshold and request counts; {@code suffix} ends the sentence. */
  public static String data(Map<String, String> info, String suffix) {
    return String.format("Data: %s, %s-core, positive threshold %s; %s requests (train %s / valid %s / test %s)%s.",
        info.getOrDefault("dataset", "?"), info.getOrDefault("protocol.coreK", "?"), PositiveThreshold.describe(info),
        info.getOrDefault("stats.requests", "?"), info.getOrDefault("stats.requests.train", "?"),
        info.getOrDefault("stats.requests.valid", "?"), info.getOrDefault("stats.requests.test", "?"), suffix);
  }

  /**
   * What the candidates are; {@code recall} (the retriever's recall@N, already formatted) only appears when the
   * retriever chose them.
   */
  public static String candidates(Map<String, String> info, String recall) {
    String n = info.getOrDefault("protocol.numCandidates", "?");
    String mode = info.getOrDefault("protocol.negatives", "?").toUpperCase();
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
    return "Candidates (retriever negatives, the paper's protocol): the retriever's top " + n + " unseen items with "
        + "every ground-truth item forced in; retriever recall@" + n + " " + recall
        + " (the rest of the targets were forced in).";
  }

  /** Whether the learned models read the earlier stage's score: the setting that changes every learned row most. */
  public static String inputs(boolean retrieverFeature) {
    return retrieverFeature
        ? "Inputs: every learned model reads each candidate's retriever score (the default where the retriever did "
            + "not choose the candidates), as a production final stage reads the earlier stage's score."
        : "Inputs: item ids and the user's history only, no retriever score (the paper's rows, candidates as an "
            + "unordered set; with retriever negatives the score is never read, as it gives the forced-in targets "
            + "away).";
  }
}
