package io.goalrank.cli;

import io.goalrank.engine.EngineKind;
import picocli.CommandLine.Option;

/** {@code --engine java|djl}: which engine serves the generator ({@code serve}, {@code rank}). */
final class EngineOption {
  @Option(names = "--engine", defaultValue = "djl", paramLabel = "ENGINE",
      description = "What runs the generator: djl (DJL/PyTorch, the training engine; default) or java (the same "
          + "forward on the Java heap with the Vector API, no native call per request; the JVM then warns \"Using "
          + "incubator modules\"). A model the java engine cannot run is refused with the reason.")
  String engine;

  /** @throws IllegalArgumentException naming the option (exit code 2) */
  EngineKind kind() {
    try {
      return EngineKind.parse(engine);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--engine must be java or djl, got '" + engine + "'");
    }
  }
}
