package io.goalrank.cli;

import io.goalrank.data.ProtocolConfig;
import picocli.CommandLine.Option;

/** What to simulate: shared by {@code simulate} and {@code demo}. */
final class SimulatorOptions {
  @Option(names = "--users",
      description = "Simulated users (default: 2000; demo: " + DemoCommand.DEMO_USERS + ", 2000 with --paper-setting).")
  Integer users;

  @Option(names = "--items", description = "Simulated items (default: 800; demo: 300, 800 with --paper-setting).")
  Integer items;

  int users(int fallback) {
    return positive("--users", users != null ? users : fallback);
  }

  int items(int fallback) {
    return positive("--items", items != null ? items : fallback);
  }

  private static int positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be positive, got " + value);
    }
    return value;
  }

  @Option(names = "--negatives",
      description = "retriever (paper) or matched (popularity-matched) negatives (default: retriever; demo: matched, "
          + "retriever with --paper-setting).")
  String negatives;

  /** The {@code --negatives} given, or {@code fallback} ({@code retriever} or {@code matched}). */
  ProtocolConfig.NegativeSampling negativeSampling(String fallback) {
    return PrepareCommand.negatives(negatives != null ? negatives : fallback);
  }
}
