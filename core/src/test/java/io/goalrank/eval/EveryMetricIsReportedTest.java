package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RankingPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "how to add a metric" recipe of docs/ARCHITECTURE.md needs two files, {@link MetricName} (its constant and
 * label) and {@link ListMetrics} (its function, its {@code Values} field and case): from there every metric reaches the
 * evaluation, its per-request values, the Markdown table and the CSV without another edit. This pins that for every
 * constant, so a new metric that compiles is reported.
 */
class EveryMetricIsReportedTest {
  @Test
  void everyMetricNameIsAColumnOfTheResultAndOfBothReports() {
    float[] positives = {1, 0, 0, 1, 0, 0, 0, 0};
    RankingPolicy first6 = EvalFixtures.fixed("first6", b -> new int[][] {{0, 1, 2, 3, 4, 5}});
    EvaluationResult r = new Evaluator(6, 6, 10, List.of(), false)
        .evaluate(first6, List.of(EvalFixtures.batch(new float[][] {positives})));
    List<MultiSeedSummary> rows = ReportWriter.singleSeed(List.of(r));
    String markdown = ReportWriter.markdown(rows, ReportWriter.Options.plain());
    String csv = ReportWriter.csv(rows, ReportWriter.Options.plain());
    for (MetricName m : MetricName.values()) {
      String label = m.label(6);
      assertTrue(Double.isFinite(r.mean(label)), label + " has no finite mean");
      assertTrue(r.perRequest().get(label).length == 1, label + " has no per-request value");
      assertTrue(markdown.contains(label), label + " missing from the Markdown table:\n" + markdown);
      assertTrue(csv.contains(label), label + " missing from the CSV:\n" + csv);
    }
  }
}
