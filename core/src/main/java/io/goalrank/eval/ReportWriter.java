package io.goalrank.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Result tables: rows are policies, columns are metrics, cells are means (with "± std" over seeds when there
 * are several). The best value of each column is bold in Markdown. Rows named {@code oracle-*} are shown but never bolded nor used as a baseline. Optionally a named policy (GoalRank) gets
 * its relative gain over the best other policy on a key metric and a paired t-test p-value against it
 * ({@link PairedTest}): over the per-seed means with several seeds; with one seed over that run's requests, and
 * the Markdown says so.
 *
 * <p>The CSV has a fixed header: {@code policy,seeds,evaluated,excluded}, then {@code <col>_mean,<col>_std} per
 * column, then {@code gain,p_value}; numbers are written with {@link Double#toString} (round-trip exact) and
 * undefined values as empty cells.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * @param columns metric columns in order, or null for the columns of the first row
   * @param highlightPolicy the policy whose gain and p-value are reported, or null for none
   * @param keyMetric the column the gain and the p-value refer to (e.g. {@code N@6})
   * @param decimals digits after the point in Markdown
   */
  public record Options(List<String> columns, String highlightPolicy, String keyMetric, int decimals) {
    public static Options plain() {
      return new Options(null, null, null, 4);
    }

    public static Options highlight(String policy, String keyMetric) {
      return new Options(null, policy, keyMetric, 4);
    }
  }

  /** Reference rows that read labels or ground truth ({@code oracle-*}): shown, bolded, never a baseline. */
  static boolean isOracle(String policy) {
    return policy.startsWith("oracle-");
  }

  /** Relative gain and p-value of the highlighted policy against the best other row on the key metric. */
  record Comparison(String policy, String baseline, double gain, PairedTest test) {
    /** The p-value printed: the seed-level one with several seeds, the single run's per-request one otherwise. */
    double pValue() {
      return test.overSeeds() ? test.seedP() : test.requestP();
    }
  }

  /** Writes both files atomically and returns the Markdown. */
  public static String write(Path markdownFile, Path csvFile, List<MultiSeedSummary> rows, Options options)
      throws IOException {
    return write(markdownFile, csvFile, rows, options, "");
  }

  /** As above, the Markdown starting with {@code preamble} (what the numbers were measured on). */
  public static String write(Path markdownFile, Path csvFile, List<MultiSeedSummary> rows, Options options,
      String preamble) throws IOException {
    String md = preamble + markdown(rows, options);
    AtomicFiles.writeString(markdownFile, md);
    AtomicFiles.writeString(csvFile, csv(rows, options));
    return md;
  }

  /** Single-seed convenience: one row per result. */
  public static List<MultiSeedSummary> singleSeed(List<EvaluationResult> results) {
    return results.stream().map(MultiSeedSummary::of).toList();
  }

  public static String markdown(List<MultiSeedSummary> rows, Options options) {
    List<String> cols = columns(rows, options);
    Comparison cmp = compare(rows, options);
    StringBuilder sb = new StringBuilder();
    sb.append("| Policy |");
    for (String c : cols) {
      sb.append(' ').append(c).append(" |");
    }
    if (cmp != null) {
      sb.append(" Gain (").append(options.keyMetric()).append(") | p (").append(options.keyMetric()).append(") |");
    }
    sb.append("\n|---|");
    sb.append("---:|".repeat(cols.size() + (cmp != null ? 2 : 0)));
    sb.append('\n');
    String fmt = "%." + options.decimals() + "f";
    for (MultiSeedSummary row : rows) {
      sb.append("| ").append(row.policy()).append(" |");
      for (String c : cols) {
        double mean = row.means().getOrDefault(c, Double.NaN);
        double std = row.stds().getOrDefault(c, Double.NaN);
        String cell = Double.isNaN(mean) ? "n/a" : format(fmt, mean);
        if (!Double.isNaN(mean) && !Double.isNaN(std)) {
          cell += " ± " + format(fmt, std);
        }
        // compare formatted means so that values equal at the shown precision are all bold
        boolean best = !isOracle(row.policy()) && !Double.isNaN(mean)
            && format(fmt, mean).equals(format(fmt, best(rows, c)));
        sb.append(' ').append(best ? "**" + cell + "**" : cell).append(" |");
      }
      if (cmp != null) {
        boolean mine = row.policy().equals(cmp.policy());
        sb.append(' ').append(mine ? formatGain(cmp.gain()) : "").append(" |");
        sb.append(' ').append(mine ? formatP(cmp.pValue()) : "").append(" |");
      }
      sb.append('\n');
    }
    if (cmp != null) {
      sb.append("\nGain and p of ").append(cmp.policy()).append(" vs ").append(cmp.baseline())
          .append(", the best other policy on ").append(options.keyMetric()).append(". ");
      sb.append(cmp.test().overSeeds()
          ? "p: paired t-test over the " + cmp.test().seeds() + " seeds' means (not over pooled requests).\n"
          : "p over seeds: n/a (1 seed); the p shown is the paired t-test over the requests of this single run, "
              + "which treats the test users as the only source of variation.\n");
    }
    return sb.toString();
  }

  public static String csv(List<MultiSeedSummary> rows, Options options) {
    List<String> cols = columns(rows, options);
    Comparison cmp = compare(rows, options);
    StringBuilder sb = new StringBuilder("policy,seeds,evaluated,excluded");
    for (String c : cols) {
      sb.append(',').append(quote(c + "_mean")).append(',').append(quote(c + "_std"));
    }
    sb.append(",gain,p_value\n");
    for (MultiSeedSummary row : rows) {
      EvaluationResult first = row.runs().get(0);
      sb.append(quote(row.policy())).append(',').append(row.seeds()).append(',').append(first.evaluated())
          .append(',').append(first.excluded());
      for (String c : cols) {
        sb.append(',').append(number(row.means().getOrDefault(c, Double.NaN)));
        sb.append(',').append(number(row.stds().getOrDefault(c, Double.NaN)));
      }
      boolean mine = cmp != null && row.policy().equals(cmp.policy());
      sb.append(',').append(mine ? number(cmp.gain()) : "");
      sb.append(',').append(mine ? number(cmp.pValue()) : "");
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The highlighted policy against the best other row by mean key metric, or null when not requested. The p-value
   * is {@link PairedTest}'s: over per-seed means with several seeds, over the single run's requests with one.
   */
  static Comparison compare(List<MultiSeedSummary> rows, Options options) {
    if (options.highlightPolicy() == null || options.keyMetric() == null) {
      return null;
    }
    String key = options.keyMetric();
    MultiSeedSummary mine = null;
    MultiSeedSummary best = null;
    for (MultiSeedSummary r : rows) {
      if (r.policy().equals(options.highlightPolicy())) {
        mine = r;
      } else if (isOracle(r.policy())) {
        continue;
      } else if (best == null || r.means().getOrDefault(key, Double.NaN) > best.means().getOrDefault(key,
          Double.NaN) || Double.isNaN(best.means().getOrDefault(key, Double.NaN))) {
        best = r;
      }
    }
    if (mine == null) {
      throw new IllegalArgumentException("No row for highlighted policy " + options.highlightPolicy());
    }
    if (best == null) {
      return null;
    }
    double m = mine.means().getOrDefault(key, Double.NaN);
    double b = best.means().getOrDefault(key, Double.NaN);
    double gain = (m - b) / Math.abs(b);
    return new Comparison(mine.policy(), best.policy(), gain, PairedTest.of(mine, best, key));
  }

  private static List<String> columns(List<MultiSeedSummary> rows, Options options) {
    if (options.columns() != null) {
      return options.columns();
    }
    return rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).means().keySet());
  }

  private static double best(List<MultiSeedSummary> rows, String column) {
    double best = Double.NaN;
    for (MultiSeedSummary r : rows) {
      double v = r.means().getOrDefault(column, Double.NaN);
      if (!isOracle(r.policy()) && !Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
        best = v;
      }
    }
    return best;
  }

  private static String format(String fmt, double v) {
    return String.format(Locale.ROOT, fmt, v);
  }

  private static String formatGain(double g) {
    return Double.isNaN(g) ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", 100 * g);
  }

  private static String formatP(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
