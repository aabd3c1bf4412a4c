package io.goalrank.eval;

import java.util.Map;

/**
 * One policy's evaluation over one set of requests.
 *
 * <p>{@code perRequest} holds, per column, one value per evaluated request in request order; requests without a
 * positive label are excluded from every column (and counted in {@code excluded}), so two results over the same
 * requests line up for paired tests. AUC entries are NaN where it is undefined (every candidate positive); its
 * mean skips them.
 *
 * @param policy the policy name
 * @param means column label → mean over evaluated requests
 * @param perRequest column label → per-request values
 * @param evaluated number of requests scored
 * @param excluded number of requests skipped because they have no positive label
 * @param seconds wall-clock time of the run
 */
public record EvaluationResult(
    String policy,
    Map<String, Double> means,
    Map<String, double[]> perRequest,
    int evaluated,
    int excluded,
    double seconds) {

  /** The mean of {@code column}; throws if the column is absent. */
  public double mean(String column) {
    Double v = means.get(column);
    if (v == null) {
      throw new IllegalArgumentException("No column '" + column + "' in result of " + policy + "; have "
          + means.keySet());
    }
    return v;
  }
}
