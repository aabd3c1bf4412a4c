package io.goalrank.experiment;

import io.goalrank.core.RankingPolicy;
import io.goalrank.eval.EvaluationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every (seed, row) of an experiment that has no saved result yet, one at a time, and saves each result as
 * soon as it exists: a crash or kill loses only the row in progress (and its training resumes from its last
 * epoch checkpoint), and a rerun skips every finished row. A seed whose rows are all finished does not even load
 * its models. Progress is one line per row on standard output.
 */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  /** Opens the per-seed model holder; models inside are trained or loaded lazily, on first use. */
  public interface Models<M extends AutoCloseable> {
    M open(long seed) throws IOException;
  }

  /** Evaluates a row's policy with the seed's models (whose reward model gives the r̂ column). */
  public interface Evaluation<M> {
    EvaluationResult evaluate(M models, RankingPolicy policy) throws IOException;
  }

  /** What a run produced: row name → results in seed order, and how many rows were computed (not reused). */
  public record Outcome(Map<String, List<RunDirectory.RowResult>> results, int computed, int reused) {}

  /** Runs every row for every seed. */
  public static <M extends AutoCloseable> Outcome run(RunDirectory dir, List<Long> seeds, List<Row<M>> rows,
      Models<M> models, Evaluation<M> evaluation) throws Exception {
    return run(dir, seeds, rows, java.util.Set.of(), models, evaluation);
  }

  /**
   * Like {@link #run(RunDirectory, List, List, Models, Evaluation)}, computing only the rows named in {@code only}
   * (all when empty); other rows are read from disk when finished and otherwise left out of the outcome.
   */
  public static <M extends AutoCloseable> Outcome run(RunDirectory dir, List<Long> seeds, List<Row<M>> rows,
      java.util.Set<String> only, Models<M> models, Evaluation<M> evaluation) throws Exception {
    for (String name : only) {
      if (rows.stream().noneMatch(r -> r.name().equals(name))) {
        throw new IllegalArgumentException("--rows: no row named '" + name + "'; rows are "
            + rows.stream().map(Row::name).toList());
      }
    }
    Map<String, List<RunDirectory.RowResult>> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put(r.name(), new ArrayList<>()));
    int computed = 0;
    int reused = 0;
    int total = seeds.size() * rows.size();
    int at = 0;
    for (long seed : seeds) {
      boolean pending = rows.stream().anyMatch(r -> wanted(only, r) && !dir.hasResult(seed, r.name()));
      M seedModels = pending ? models.open(seed) : null;
      try {
        for (Row<M> row : rows) {
          at++;
          String where = String.format(Locale.ROOT, "[seed %d, %d/%d] %s (%s)", seed, at, total, row.name(),
              row.family().label());
          RunDirectory.RowResult result;
          if (dir.hasResult(seed, row.name())) {
            result = dir.loadResult(seed, row.name());
            reused++;
            System.out.println(where + ": finished earlier, skipped");
          } else if (!wanted(only, row)) {
            System.out.println(where + ": not finished, not in --rows, left out");
            continue;
          } else {
            System.out.println(where + ": running");
            long start = System.nanoTime();
            RankingPolicy policy = row.factory().create(seedModels);
            EvaluationResult r = evaluation.evaluate(seedModels, policy);
            EvaluationResult named = new EvaluationResult(row.name(), r.means(), r.perRequest(), r.evaluated(),
                r.excluded(), r.seconds());
            result = new RunDirectory.RowResult(row.name(), seed, (System.nanoTime() - start) / 1e9, named);
            dir.saveResult(result);
            computed++;
            System.out.println(where + String.format(Locale.ROOT, ": done in %.0f s, %s", result.seconds(),
                summary(named)));
          }
          out.get(row.name()).add(result);
        }
      } finally {
        if (seedModels != null) {
          seedModels.close();
        }
      }
    }
    return new Outcome(out, computed, reused);
  }

  private static boolean wanted(java.util.Set<String> only, Row<?> row) {
    return only.isEmpty() || only.contains(row.name());
  }

  private static String summary(EvaluationResult r) {
    StringBuilder sb = new StringBuilder();
    for (String c : List.of("H@6", "N@6", "AUC", "reward")) {
      if (r.means().containsKey(c)) {
        sb.append(sb.length() == 0 ? "" : " ").append(c).append(' ')
            .append(String.format(Locale.ROOT, "%.4f", r.means().get(c)));
      }
    }
    return sb.toString();
  }
}
