package io.goalrank.cli;

import io.goalrank.data.ProtocolConfig;
import picocli.CommandLine.Option;

/** What to simulate: shared by {@code simulate} and {@code demo}. */
final class SimulatorOptions {
  @Option(names = "--users", defaultValue = "2000", description = "Simulated users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--items", defaultValue = "800", description = "Simulated items (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--negatives", defaultValue = "retriever",
      description = "retriever (paper) or matched (popularity-matched) negatives (default: ${DEFAULT-VALUE}).")
  String negatives;

  ProtocolConfig.NegativeSampling negativeSampling() {
    return PrepareCommand.negatives(negatives);
  }
}
