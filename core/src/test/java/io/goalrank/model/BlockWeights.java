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
    int n = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      float[] f = p.getValue().getArray().toFloatArray();
      parts.add(f);
      n += f.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] f : parts) {
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    return out;
  }
}
