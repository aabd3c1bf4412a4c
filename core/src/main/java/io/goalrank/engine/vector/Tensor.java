package io.goalrank.engine.vector;

import java.util.Arrays;

/**
 * One named parameter as the checkpoint holds it: its shape and its values, row-major.
 *
 * @param shape e.g. {@code [out, in]} for a Linear weight, as DJL stores it
 */
public record Tensor(int[] shape, float[] values) {
  public Tensor {
    long size = 1;
    for (int s : shape) {
      size *= s;
    }
    if (size != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, got "
          + values.length);
    }
  }

  public boolean hasShape(int... expected) {
    return Arrays.equals(shape, expected);
  }
}
