package io.goalrank.train;

import io.goalrank.data.Impressions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Off-policy correction of an impression-trained reward model: each shown position's BCE term is weighted by how
 * much more often a uniformly random policy would have shown what the logging policy showed there, so the model is
 * fitted for the lists a generator proposes rather than for the few the logging policy favours (issue 20).
 *
 * <p>For position {@code k} of a shown list {@code l} over {@code n} candidates, the inverse-propensity ratio is
 * {@code ρ = U(l_1..l_m) / P(l_1..l_m)}, with {@code P} the logging policy's probability of the prefix (known on the
 * simulator, {@link Impressions#logPropensities}) and {@code U = Π_{i<m} 1/(n−i)} the uniform policy's;
 * {@code m = k} for {@link Mode#PREFIX} (the click at {@code k} depends on the items down to it) and {@code m = L}
 * for {@link Mode#LIST} (one weight per shown list). Raw ratios span many orders of magnitude, so at each rank they
 * are divided by their median over the training positions, clipped at {@link #clip} and rescaled to mean 1: clipped,
 * self-normalised IPS, whose bias the clip trades for variance.
 *
 * @param mode which prefix the propensity is of, or none
 * @param clip the largest weight, relative to a rank's median ({@code --propensity-clip})
 */
public record PropensityWeighting(Mode mode, float clip) {

  /** No correction: every position weighs 1, as before. */
  public static final PropensityWeighting NONE = new PropensityWeighting(Mode.NONE, 10f);

  /** Which propensity a position is weighted by. */
  public enum Mode {
    NONE,
    PREFIX,
    LIST
  }

  public PropensityWeighting {
    java.util.Objects.requireNonNull(mode, "mode");
    if (!(clip >= 1) || Float.isInfinite(clip)) {
      throw new IllegalArgumentException("--propensity-clip must be at least 1 and finite, got " + clip);
    }
  }

  /** {@code none}, {@code prefix} or {@code list}; another name fails with the choices. */
  public static Mode mode(String name) {
    try {
      return Mode.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--propensity must be none, prefix or list, got '" + name + "'");
    }
  }

  public boolean enabled() {
    return mode != Mode.NONE;
  }

  /**
   * The weight of every position of the impressions of {@code rows} ({@code [rows of the data set][K][L]}, null rows
   * elsewhere), normalised over {@code rows}; null when the correction is off.
   *
   * @param candidates candidates per request ({@code n})
   * @throws IllegalArgumentException when the correction is on and the logging policy's propensities are unknown
   */
  public float[][][] weights(Impressions impressions, int[] rows, int candidates) {
    if (!enabled()) {
      return null;
    }
    if (!impressions.hasPropensities()) {
      throw new IllegalArgumentException("--propensity " + mode.name().toLowerCase(Locale.ROOT) + " needs the "
          + "logging policy's propensities, which only simulated impressions have; real logs do not say how likely "
          + "their lists were (use --propensity none there)");
    }
    int l = impressions.lists()[rows[0]][0].length;
    double[] uniform = new double[l]; // log U of the prefix down to each rank
    for (int k = 0; k < l; k++) {
      uniform[k] = (k == 0 ? 0 : uniform[k - 1]) - Math.log(candidates - k);
    }
    float[][][] logRatio = new float[impressions.lists().length][][];
    int per = impressions.perRequest();
    double[][] byRank = new double[l][rows.length * per];
    int at = 0;
    for (int r : rows) {
      float[][] log = impressions.logPropensities()[r];
      logRatio[r] = new float[log.length][l];
      for (int j = 0; j < log.length; j++) {
        for (int k = 0; k < l; k++) {
          int m = mode == Mode.PREFIX ? k : l - 1;
          logRatio[r][j][k] = (float) (uniform[m] - log[j][m]);
          if (at < byRank[k].length) {
            byRank[k][at] = logRatio[r][j][k];
          }
        }
        at++;
      }
    }
    double[] median = new double[l];
    for (int k = 0; k < l; k++) {
      double[] v = Arrays.copyOf(byRank[k], Math.min(at, byRank[k].length));
      Arrays.sort(v);
      median[k] = v[v.length / 2];
    }
    double[] sum = new double[l];
    long count = 0;
    for (int r : rows) {
      for (float[] list : logRatio[r]) {
        for (int k = 0; k < l; k++) {
          list[k] = (float) Math.min(clip, Math.exp(list[k] - median[k]));
          sum[k] += list[k];
        }
        count++;
      }
    }
    for (int r : rows) {
      for (float[] list : logRatio[r]) {
        for (int k = 0; k < l; k++) {
          list[k] = (float) (list[k] * count / sum[k]); // mean 1 at every rank: the loss keeps its scale
        }
      }
    }
    return logRatio;
  }

  /** The spelling of the options, for provenance. */
  @Override
  public String toString() {
    return mode == Mode.NONE ? "none" : mode.name().toLowerCase(Locale.ROOT) + " clip " + clip;
  }
}
