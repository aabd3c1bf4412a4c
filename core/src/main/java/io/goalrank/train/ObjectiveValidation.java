package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.group.GroupBuilder;
import io.goalrank.objective.Objectives;
import io.goalrank.policy.GeneratorPolicy;
import java.util.List;

/**
 * The validation score of a generator trained on weighted objectives: how far its greedy list at {@code w} sits
 * above a fixed group of auxiliary lists on {@code Σ_k w_k·z_k}, with {@code z_k} objective k z-scored within the
 * request's group (as {@link ReferencePolicy#weighted} does in training). Averaged over the validation requests and
 * the given weight vectors.
 *
 * <p>Why not the labels: they measure relevance alone, so they pick the epochs before a model has learnt to trade
 * relevance for another objective (issue 8 measured exactly that). The group is built once, without the generator,
 * so every epoch is scored against the same lists.
 */
final class ObjectiveValidation {
  private final Objectives objectives;
  private final List<RequestBatch> batches;
  /** {@code [batch][request][objective]}: mean and standard deviation (n−1) over the request's group. */
  private final float[][][] mean;
  private final float[][][] std;
  private final int listLength;

  ObjectiveValidation(PreparedDataset data, int[] rows, Objectives objectives, GroupBuilder auxiliary, int listLength,
      long seed) {
    if (auxiliary.spec().followsGenerators()) {
      throw new IllegalArgumentException("the validation group must not contain generator samples: "
          + auxiliary.spec());
    }
    this.objectives = objectives;
    this.listLength = listLength;
    this.batches = data.batches(rows, 256);
    int k = objectives.size();
    mean = new float[batches.size()][][];
    std = new float[batches.size()][][];
    for (int i = 0; i < batches.size(); i++) {
      RequestBatch batch = batches.get(i);
      GroupBuilder.Group group = auxiliary.build(batch, null, seed + i);
      mean[i] = new float[batch.size()][k];
      std[i] = new float[batch.size()][k];
      for (int j = 0; j < k; j++) {
        float[][] values = objectives.list().get(j).score(batch, group.lists());
        for (int b = 0; b < batch.size(); b++) {
          double sum = 0;
          double n = 0;
          for (int x = 0; x < values[b].length; x++) {
            sum += group.mask()[b][x] * values[b][x];
            n += group.mask()[b][x];
          }
          double mu = sum / n;
          double squares = 0;
          for (int x = 0; x < values[b].length; x++) {
            squares += group.mask()[b][x] * (values[b][x] - mu) * (values[b][x] - mu);
          }
          mean[i][b][j] = (float) mu;
          std[i][b][j] = (float) Math.sqrt(squares / Math.max(1, n - 1));
        }
      }
    }
  }

  /** The lists a model ranks for a batch when asked for objective weights {@code w}. */
  interface Decoder {
    int[][] lists(RequestBatch batch, float[] w);
  }

  /** Per weight vector, the mean of {@code Σ_k w_k·z_k} of {@code policy}'s greedy lists at that w. */
  double[] score(GeneratorPolicy policy, List<float[]> weights) {
    return score((batch, w) -> policy.withObjective(policy.name(), w).rank(batch, listLength).lists(), weights);
  }

  /** Per weight vector, the mean of {@code Σ_k w_k·z_k} of the decoder's lists at that w. */
  double[] score(Decoder decoder, List<float[]> weights) {
    double[] out = new double[weights.size()];
    for (int v = 0; v < weights.size(); v++) {
      float[] w = weights.get(v);
      double total = 0;
      int count = 0;
      for (int i = 0; i < batches.size(); i++) {
        RequestBatch batch = batches.get(i);
        int[][] lists = decoder.lists(batch, w);
        float[] sum = new float[batch.size()];
        for (int j = 0; j < objectives.size(); j++) {
          if (w[j] == 0) {
            continue;
          }
          float[] values = objectives.list().get(j).scoreOne(batch, lists);
          for (int b = 0; b < batch.size(); b++) {
            sum[b] += w[j] * (values[b] - mean[i][b][j]) / (std[i][b][j] + ReferencePolicy.EPSILON);
          }
        }
        for (float s : sum) {
          total += s;
          count++;
        }
      }
      out[v] = count == 0 ? 0 : total / count;
    }
    return out;
  }

  /** The weights a model is validated at: its fixed w, or relevance alone and each other objective at its maximum. */
  static List<float[]> weightsFor(float[] fixedWeights, float maxOtherWeight) {
    if (fixedWeights != null) {
      return List.of(fixedWeights);
    }
    List<float[]> out = new java.util.ArrayList<>();
    out.add(Objectives.relevanceOnly());
    for (int k = 1; k < Objectives.NAMES.size(); k++) {
      float[] w = Objectives.relevanceOnly();
      w[k] = maxOtherWeight;
      out.add(w);
    }
    return List.copyOf(out);
  }
}
