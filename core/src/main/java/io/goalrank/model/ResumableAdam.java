package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam whose moments and step count can be saved and restored, so a resumed run continues exactly where it stopped.
 *
 * <p>DJL's {@code Adam} keeps its moments in private maps. This class holds them itself and calls the same engine
 * kernel ({@code NDArrayEx.adamUpdate}) with the same arguments DJL 0.35's {@code Adam.update} passes (learning rate,
 * bias-corrected learning rate, weight decay, gradient rescale 1, no clipping there, β1, β2, ε, lazy update, not
 * AdamW), so an update is the same arithmetic; {@code ResumableAdamTest} pins it to DJL's {@code Adam} bit for bit.
 */
final class ResumableAdam {
  static final String FILE = "optimizer.bin";
  private static final int MAGIC = 0x47524144; // "GRAD"
  private static final int VERSION = 1;

  private final float learningRate;
  private final float weightDecay;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final List<NDArray> means = new ArrayList<>();
  private final List<NDArray> variances = new ArrayList<>();
  /** Updates applied so far; the next one is Adam's step t = updates + 1. */
  private int updates;

  ResumableAdam(float learningRate, float weightDecay, float beta1, float beta2, float epsilon) {
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Updates parameter {@code index} of the step in progress; call {@link #endStep()} once all are updated. */
  void update(int index, NDArray weight, NDArray grad) {
    while (means.size() <= index) {
      means.add(null);
      variances.add(null);
    }
    if (means.get(index) == null) {
      means.set(index, weight.zerosLike());
      variances.set(index, weight.zerosLike());
    }
    int t = updates + 1;
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, means.get(index), variances.get(index)),
        new NDList(weight), learningRate, corrected, weightDecay, 1f, -1f, beta1, beta2, epsilon, true, false);
  }

  /** Ends a step whose updates were applied. */
  void endStep() {
    updates++;
  }

  int updates() {
    return updates;
  }

  /**
   * Writes the step count and both moments of every parameter to {@code dir/optimizer.bin} (through a temporary
   * file), with {@code extra} (the trainer's own step counter) in the header.
   */
  void save(Path dir, List<String> names, List<NDArray> weights, long extra) throws IOException {
    Files.createDirectories(dir);
    Path tmp = io.goalrank.util.TempFiles.sibling(dir.resolve(FILE));
    try {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(updates);
        out.writeLong(extra);
        out.writeInt(weights.size());
        for (int k = 0; k < weights.size(); k++) {
          out.writeUTF(names.get(k));
          long[] shape = weights.get(k).getShape().getShape();
          out.writeInt(shape.length);
          for (long d : shape) {
            out.writeLong(d);
          }
          boolean present = k < means.size() && means.get(k) != null;
          out.writeBoolean(present);
          if (present) {
            writeFloats(out, means.get(k).toFloatArray());
            writeFloats(out, variances.get(k).toFloatArray());
          }
        }
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Replaces this optimiser's state with the one saved in {@code dir}, checking every parameter's name and shape
   * against {@code names}/{@code weights}; returns the trainer's step counter saved with it.
   */
  long load(Path dir, List<String> names, List<NDArray> weights, NDManager manager) throws IOException {
    Path file = dir.resolve(FILE);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + ": not an optimiser state of this build");
      }
      int savedUpdates = in.readInt();
      long extra = in.readLong();
      int n = in.readInt();
      if (n != weights.size()) {
        throw new IOException(file + ": holds " + n + " parameters, the network has " + weights.size());
      }
      List<NDArray> newMeans = new ArrayList<>();
      List<NDArray> newVariances = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        long[] expected = weights.get(k).getShape().getShape();
        if (!name.equals(names.get(k)) || !Arrays.equals(shape, expected)) {
          throw new IOException(file + ": parameter " + k + " is " + name + Arrays.toString(shape)
              + ", the network's is " + names.get(k) + Arrays.toString(expected));
        }
        if (in.readBoolean()) {
          ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(shape);
          newMeans.add(manager.create(readFloats(in, s.size()), s));
          newVariances.add(manager.create(readFloats(in, s.size()), s));
        } else {
          newMeans.add(null);
          newVariances.add(null);
        }
      }
      closeMoments();
      means.addAll(newMeans);
      variances.addAll(newVariances);
      updates = savedUpdates;
      return extra;
    } catch (EOFException e) {
      throw new IOException(file + ": ends early (a save that was cut off)", e);
    }
  }

  private void closeMoments() {
    for (List<NDArray> list : List.of(means, variances)) {
      for (NDArray a : list) {
        if (a != null) {
          a.close();
        }
      }
      list.clear();
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 4);
    buf.asFloatBuffer().put(values);
    out.write(buf.array());
  }

  private static float[] readFloats(DataInputStream in, long n) throws IOException {
    byte[] bytes = new byte[Math.toIntExact(n * 4)];
    in.readFully(bytes);
    float[] values = new float[(int) n];
    java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }
}
