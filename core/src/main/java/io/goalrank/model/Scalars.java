package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication and division by a constant that are safe on the autograd path.
 *
 * <p>Why not {@code x.mul(0.125f)}: DJL 0.35's PyTorch engine turns the number into a scalar tensor that borrows a
 * direct {@link java.nio.ByteBuffer} (from_blob), multiplies, and closes the scalar. Multiplication and division
 * keep that scalar for the backward pass, but nothing keeps its Java buffer alive: when a garbage collection frees
 * the buffer between the forward and the backward pass, the gradient reads whatever memory took its place. That
 * showed as rare huge or NaN gradients (skipped steps) and as runs with the same seed ending differently from
 * process to process. Here the constant is a tensor that PyTorch owns ({@code full}), so the graph's reference keeps
 * it valid for as long as the backward pass needs it.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x · value}. */
  public static NDArray mul(NDArray x, float value) {
    try (NDArray constant = x.getManager().full(new Shape(), value, x.getDataType())) {
      return x.mul(constant);
    }
  }

  /** {@code x / value}. */
  public static NDArray div(NDArray x, float value) {
    try (NDArray constant = x.getManager().full(new Shape(), value, x.getDataType())) {
      return x.div(constant);
    }
  }
}
