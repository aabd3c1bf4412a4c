package io.goalrank.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every parameter of a block, in parameter order, as one array, so two trainings compare exactly. */
public final class BlockWeights {
  private BlockWeights() {}

  public static float[] flat(Block block) {
    List<float[]> parts = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      parts.add(p.getValue().getArray().toFloatArray());
    }
    return concat(parts.toArray(float[][]::new));
  }

  /** {@code rows} end to end. */
  public static float[] concat(float[][] rows) {
    int n = 0;
    for (float[] r : rows) {
      n += r.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] r : rows) {
      System.arraycopy(r, 0, out, at, r.length);
      at += r.length;
    }
    return out;
  }
}
