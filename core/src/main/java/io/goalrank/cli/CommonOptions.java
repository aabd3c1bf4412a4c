package io.goalrank.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
  @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
  boolean quiet;

  @Option(names = "--seed", defaultValue = "999", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;
}
