package io.goalrank.cli;

import io.goalrank.model.Decoding;
import io.goalrank.model.Devices;
import picocli.CommandLine.Option;

/** Where and how networks run; shared by every command that builds networks. {@link #apply()} before any work. */
final class ComputeOptions {
  @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
      description = "Where networks run: cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}). gpu needs DJL's CUDA natives "
          + "for PyTorch 2.7.1 instead of the bundled CPU ones: docs/ARCHITECTURE.md, \"Devices (CPU, GPU)\".")
  String device;

  @Option(names = "--decode", defaultValue = "fast", paramLabel = "MODE",
      description = "Pointer decoding: fast (key/value cache, default) or reference (the original decoder that re-runs "
          + "the whole prefix at every step, kept as the parity reference).")
  String decode;

  /**
   * Validates both options and makes them the process settings ({@link Devices#use}, {@link Decoding#setDefault}).
   * Nothing is changed when either is invalid.
   *
   * @throws IllegalArgumentException naming the option (exit code 2)
   */
  void apply() {
    Decoding mode;
    try {
      mode = Decoding.parse(decode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--decode must be fast or reference, got '" + decode + "'");
    }
    Devices.use(device);
    Decoding.setDefault(mode);
  }
}
