package io.goalrank.reward;

/** Position discounts for list rewards: the DCG weights 1/log2(i+1) for ranks i = 1..L used by the paper's code. */
public final class PositionWeights {
  private PositionWeights() {}

  public static float[] dcg(int listLength) {
    float[] w = new float[listLength];
    for (int i = 0; i < listLength; i++) {
      w[i] = (float) (1.0 / (Math.log(i + 2) / Math.log(2)));
    }
    return w;
  }
}
