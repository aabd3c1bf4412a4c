package io.goalrank.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a dataset from a local file or directory into {@link Interactions}.
 *
 * <p>Implementations validate as they read and throw {@link DataFormatException} naming the file and line of the
 * first bad record; where a reader chooses to skip some records instead (blank lines, say), its Javadoc says so and it
 * logs how many it skipped.
 */
public interface InteractionReader {

  /** A short name, as used on the command line ({@code ml-1m}, {@code amazon-book}, {@code csv}). */
  String name();

  /** Reads everything under {@code source}. */
  Interactions read(Path source) throws IOException;

  /** One line for {@code --help}: what files it reads. */
  String description();

  /**
   * The positive-feedback threshold when {@code --threshold} is not given, with where it comes from: a property of
   * the data's rating scale, so no caller picks it by dataset name. The value must not depend on {@code data}.
   *
   * @param data what {@link #read} returned; null when the value is needed before reading (a run's identity)
   */
  PositiveThreshold defaultThreshold(Interactions data);
}
