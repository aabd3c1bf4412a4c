package io.goalrank.model;

import io.goalrank.core.RequestBatch;

/** Lets tests in other packages build the same random request batches as {@link PointerGeneratorTest}. */
public final class PointerGeneratorTestAccess {
  private PointerGeneratorTestAccess() {}

  public static RequestBatch batch(int b, int n, int numItems, long seed) {
    return PointerGeneratorTest.batch(b, n, numItems, seed);
  }
}
