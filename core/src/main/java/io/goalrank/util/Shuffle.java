package io.goalrank.util;

import java.util.Random;

/** Fisher–Yates on an {@code int[]}, in place; the draws are fixed, so a seed gives the same order on every run. */
public final class Shuffle {
  private Shuffle() {}

  /** Puts {@code a} in a uniformly random order drawn from {@code rnd} (one {@code nextInt} per position). */
  public static void inPlace(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
