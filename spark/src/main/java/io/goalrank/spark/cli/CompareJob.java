package io.goalrank.spark.cli;

import io.goalrank.data.PreparedDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code goalrank spark compare A B}: whether two prepared files hold the same requests (e.g. Spark vs single). */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two prepared datasets request by request (users, splits, histories, targets, candidates, "
        + "labels, retriever scores, ids, item counts; not the info, whose timings differ). Exit 0 when equal, 1 "
        + "with the first difference otherwise. No Spark needed.")
public final class CompareJob implements Callable<Integer> {
  @Parameters(index = "0", description = "First prepared file.")
  Path first;

  @Parameters(index = "1", description = "Second prepared file.")
  Path second;

  @Override
  public Integer call() throws Exception {
    String difference = firstDifference(PreparedDataset.read(first), PreparedDataset.read(second));
    if (difference == null) {
      System.out.println("same requests: " + first + " and " + second);
      return 0;
    }
    System.out.println("different: " + difference);
    return 1;
  }

  /** The first difference between the requests of {@code a} and {@code b}, or null. */
  static String firstDifference(PreparedDataset a, PreparedDataset b) {
    if (a.size() != b.size()) {
      return a.size() + " vs " + b.size() + " requests";
    }
    if (!a.userIds().rawIds().equals(b.userIds().rawIds())) {
      return "user ids";
    }
    if (!a.itemIds().rawIds().equals(b.itemIds().rawIds())) {
      return "item ids";
    }
    if (!Arrays.equals(a.itemCounts(), b.itemCounts())) {
      return "item counts";
    }
    for (int r = 0; r < a.size(); r++) {
      String at = "request " + r + ": ";
      if (a.user(r) != b.user(r) || a.split(r) != b.split(r)) {
        return at + "user or split";
      }
      if (!Arrays.equals(a.history(r), b.history(r)) || !Arrays.equals(a.historyPositive(r), b.historyPositive(r))) {
        return at + "history";
      }
      if (!Arrays.equals(a.targets(r), b.targets(r)) || !Arrays.equals(a.targetPositive(r), b.targetPositive(r))) {
        return at + "ground truth";
      }
      if (!Arrays.equals(a.candidates(r), b.candidates(r)) || !Arrays.equals(a.labels(r), b.labels(r))) {
        return at + "candidates or labels";
      }
      if (!Arrays.equals(a.retrieverScores(r), b.retrieverScores(r))) {
        return at + "retriever scores";
      }
    }
    return Objects.equals(a.info().get("protocol.seed"), b.info().get("protocol.seed")) ? null : "protocol seed";
  }
}
