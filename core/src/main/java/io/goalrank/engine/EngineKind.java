package io.goalrank.engine;

import java.util.Locale;

/** The engines a generator can be served by: {@code --engine java|djl}. */
public enum EngineKind {
  /** The forward on the Java heap (jdk.incubator.vector, scalar fallback): no native call per request. */
  JAVA,
  /** DJL with the PyTorch engine: what trains the networks, and the reference. */
  DJL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code java} or {@code djl}, case-insensitive. */
  public static EngineKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown engine '" + name + "': choose java or djl");
    }
  }
}
