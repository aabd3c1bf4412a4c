package io.goalrank.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The positive-feedback threshold a preparation uses (a rating at or above it is positive feedback) and where it
 * came from, so that no report has to guess it. Every command that prepares data resolves it here:
 * {@code --threshold} when given, else the reader's default ({@link InteractionReader#defaultThreshold}: 4 for
 * ML-1M's 1–5 stars, 1 for implicit data) or the simulator's (4, its ratings are 5 and 2). A reader of files with an
 * unknown rating scale (csv) takes 1 — every rating counts as positive — with a {@link #warning} that says so
 * ({@link #inferred}).
 *
 * @param value the threshold
 * @param source where it came from, e.g. {@code --threshold} or {@code default for ml-1m (1-5 stars)}; stored in
 *     the prepared dataset's info as {@value #INFO_SOURCE}
 * @param warning what was assumed, when it is likely not what the user meant; null otherwise
 */
public record PositiveThreshold(float value, String source, String warning) {
  /** The info key of {@link #source}; {@code protocol.positiveThreshold} holds the value. */
  public static final String INFO_SOURCE = "protocol.positiveThresholdSource";
  /** The simulator's default: its log rates liked items 5 and others 2. */
  public static final float SIMULATOR_DEFAULT = 4f;

  /** A reader's fixed default, e.g. {@code fixed(4, "default for ml-1m (1-5 stars)")}. */
  public static PositiveThreshold fixed(float value, String source) {
    return new PositiveThreshold(value, source, null);
  }

  /** The threshold for data read by {@code reader}, with {@code given} ({@code --threshold}; null: not given). */
  public static PositiveThreshold resolve(InteractionReader reader, Float given, Interactions data) {
    return given != null ? given(given) : reader.defaultThreshold(data);
  }

  /** The threshold for the simulator's log, with {@code given} ({@code --threshold}; null: not given). */
  public static PositiveThreshold simulator(Float given) {
    return given != null ? given(given)
        : fixed(SIMULATOR_DEFAULT, "default for the simulator (ratings 5 liked, 2 not liked)");
  }

  private static PositiveThreshold given(float given) {
    if (!Float.isFinite(given)) {
      throw new IllegalArgumentException("--threshold must be a finite number, got " + given);
    }
    return new PositiveThreshold(given, "--threshold", null);
  }

  /**
   * The default for {@code dataset}'s files when their rating scale is unknown: 1, so data without ratings (or all
   * 1) counts every interaction as positive, and a rated file gets a {@link #warning} naming the ratings it holds.
   *
   * @param data the data read; null before it is read (the value is the same)
   */
  public static PositiveThreshold inferred(String dataset, Interactions data) {
    float d = 1f;
    if (data == null) {
      return fixed(d, "default for " + dataset + " (every interaction is positive unless --threshold is given)");
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
      return fixed(d, "default for data without ratings (every interaction is positive)");
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
