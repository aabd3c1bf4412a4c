package io.goalrank.model;

import java.util.Locale;

/**
 * How the pointer generator runs its decoder.
 *
 * <ul>
 *   <li>{@link #FAST}: a per-layer key/value cache, so each decoding step processes only the new position; the
 *       candidates' cross-attention keys/values and pointer keys are computed once per request; teacher forcing
 *       computes the shared start position once per request and forwards only the distinct lists of a group.
 *   <li>{@link #REFERENCE}: the original path, which re-runs the decoder over the whole prefix at every step. Kept
 *       as the parity reference ({@code --decode reference}); tests pin the fast path to it.
 * </ul>
 *
 * <p>The process default is what policies and trainers use unless they are given a mode; the CLI sets it once
 * from {@code --decode}.
 */
public enum Decoding {
  FAST,
  REFERENCE;

  private static volatile Decoding defaultMode = FAST;

  public static Decoding defaultMode() {
    return defaultMode;
  }

  public static void setDefault(Decoding mode) {
    defaultMode = java.util.Objects.requireNonNull(mode, "mode");
  }

  /** {@code fast} or {@code reference}, case-insensitive. */
  public static Decoding parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown decoding '" + name + "': choose fast or reference");
    }
  }
}
