package io.goalrank.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The positive-feedback threshold a preparation uses (a rating at or above it is positive feedback) and where it
 * came from, so that no report has to guess it. Every command that prepares data resolves it here:
 * {@code --threshold} when given, else the dataset's default (4 for ML-1M's 1–5 stars and the simulator's 5/2
 * ratings, 1 for implicit data). A {@code csv} file with a rating column and no {@code --threshold} gets 1 as
 * well — every rating counts as positive — and a {@link #warning} that says so.
 *
 * @param value the threshold
 * @param source where it came from, e.g. {@code --threshold} or {@code default for ml-1m (1-5 stars)}; stored in
 *     the prepared dataset's info as {@value #INFO_SOURCE}
 * @param warning what was assumed, when it is likely not what the user meant; null otherwise
 */
public record PositiveThreshold(float value, String source, String warning) {
  /** The info key of {@link #source}; {@code protocol.positiveThreshold} holds the value. */
  public static final String INFO_SOURCE = "protocol.positiveThresholdSource";

  /** The threshold used when {@code --threshold} is not given. */
  public static float defaultFor(String dataset) {
    return switch (dataset) {
      case "ml-1m", "sim", "simulator" -> 4f;
      default -> 1f;
    };
  }

  /** The threshold for {@code data} read as {@code dataset}, with {@code given} (null: not given). */
  public static PositiveThreshold resolve(String dataset, Float given, Interactions data) {
    if (given != null) {
      if (!Float.isFinite(given)) {
        throw new IllegalArgumentException("--threshold must be a finite number, got " + given);
      }
      return new PositiveThreshold(given, "--threshold", null);
    }
    float d = defaultFor(dataset);
    switch (dataset) {
      case "ml-1m":
        return new PositiveThreshold(d, "default for ml-1m (1-5 stars)", null);
      case "sim":
      case "simulator":
        return new PositiveThreshold(d, "default for the simulator (ratings 5 liked, 2 not liked)", null);
      case "amazon-book":
        return new PositiveThreshold(d, "default for implicit data (every interaction is positive)", null);
      default:
        break;
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    long positive = 0;
    for (float r : data.ratings()) {
      min = Math.min(min, r);
      max = Math.max(max, r);
      positive += r >= d ? 1 : 0;
    }
    if (data.size() == 0 || (min == 1f && max == 1f)) {
      return new PositiveThreshold(d, "default for data without ratings (every interaction is positive)", null);
    }
    String warning = String.format(Locale.ROOT, "%s: the rating column holds values from %s to %s, but no "
            + "--threshold was given: assumed threshold %s, so every rating >= %s counts as positive feedback "
            + "(%.1f%% of rows). Give --threshold (e.g. --threshold 4 for 1-5 stars) to count lower ratings as "
            + "negative.", dataset, number(min), number(max), number(d), number(d), 100.0 * positive / data.size());
    return new PositiveThreshold(d, "assumed: no --threshold given for a rated " + dataset + " file", warning);
  }

  /** Logs the {@link #warning}, if any, and prints it on standard error. */
  public void warnIfAssumed() {
    if (warning != null) {
      LoggerFactory.getLogger(PositiveThreshold.class).warn(warning);
      System.err.println("warning: " + warning);
    }
  }

  /** {@code data} with this threshold's source in its info (the value is already there). */
  public PreparedDataset recordIn(PreparedDataset data) {
    Map<String, String> info = new LinkedHashMap<>(data.info());
    info.put(INFO_SOURCE, source);
    return data.withInfo(info);
  }

  /** The threshold of a prepared dataset as reports print it, e.g. {@code 4 (default for ml-1m (1-5 stars))}. */
  public static String describe(Map<String, String> info) {
    String value = info.get("protocol.positiveThreshold");
    if (value == null) {
      return "unknown";
    }
    String shown;
    try {
      shown = number(Float.parseFloat(value));
    } catch (NumberFormatException e) {
      shown = value;
    }
    String source = info.get(INFO_SOURCE);
    return source == null ? shown + " (source not recorded)" : shown + " (" + source + ")";
  }

  /** {@code 4} for 4.0, {@code 3.5} for 3.5. */
  static String number(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
  }
}
