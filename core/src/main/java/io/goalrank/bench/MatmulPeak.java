package io.goalrank.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's measured matmul peak through DJL: square float32 products of a few sizes, each timed over
 * repeated calls, and the best rate wins. This is the denominator of MFU, measured on the same engine, thread
 * settings and moment as the model it is compared with, instead of a datasheet figure.
 */
public final class MatmulPeak {
  private MatmulPeak() {}

  /** @return GFLOP/s (2·n³ per product), the best over sizes and trials */
  public static double measure(NDManager parent, int[] sizes, double secondsPerSize) {
    double best = 0;
    for (int n : sizes) {
      try (NDManager m = parent.newSubManager()) {
        NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
        NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
        for (int k = 0; k < 3; k++) {
          a.matMul(b).close(); // warm-up: thread pool, allocator
        }
        long deadline = System.nanoTime() + (long) (secondsPerSize * 1e9);
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          int reps = 4;
          for (int k = 0; k < reps; k++) {
            // PyTorch CPU ops are synchronous: the product is done when matMul returns
            a.matMul(b).close();
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          best = Math.max(best, reps * 2.0 * n * n * n / seconds / 1e9);
        }
      }
    }
    return best;
  }
}
