package io.goalrank.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SampledLists;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.Decoding;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A trained generator as a policy. {@link #rank} decodes greedily, one forward pass per step and nothing else: no
 * evaluator, no list group. {@link #sample} draws lists autoregressively from softmax(logits/τ) with their
 * log-probabilities, for building training groups and for G-E baselines.
 *
 * <p>Scores for AUC: ranked items score {@code 2 − t/L} at rank t, every other candidate its first-step
 * probability (below 1), so AUC reflects both the list and the generator's preference over the rest.
 */
public final class GeneratorPolicy implements SamplingPolicy {
  private final String name;
  private final NetworkTrainer<PointerGenerator> net;
  private final float temperature;
  /** Objective weights {@code [B][K]} per batch for a conditioned generator; null for a plain one. */
  private final Function<RequestBatch, float[][]> objectiveWeights;
  /** The decoding, or null for the process default at each call ({@link Decoding#defaultMode()}). */
  private final Decoding decoding;

  public GeneratorPolicy(String name, NetworkTrainer<PointerGenerator> net, float temperature) {
    this(name, net, temperature, null, null);
  }

  private GeneratorPolicy(String name, NetworkTrainer<PointerGenerator> net, float temperature,
      Function<RequestBatch, float[][]> objectiveWeights, Decoding decoding) {
    this.name = name;
    this.net = net;
    this.temperature = temperature;
    this.objectiveWeights = objectiveWeights;
    this.decoding = decoding;
  }

  /** The same policy decoding by {@code mode} (the fast cached decoder or the uncached reference). */
  public GeneratorPolicy withDecoding(Decoding mode) {
    return new GeneratorPolicy(name, net, temperature, objectiveWeights, java.util.Objects.requireNonNull(mode));
  }

  private Decoding decoding() {
    return decoding != null ? decoding : Decoding.defaultMode();
  }

  /** The same conditioned generator decoding for objective weights {@code w} on every request. */
  public GeneratorPolicy withObjective(String name, float[] w) {
    float[] copy = w.clone();
    return new GeneratorPolicy(name, net, temperature, batch -> {
      float[][] out = new float[batch.size()][];
      java.util.Arrays.fill(out, copy);
      return out;
    }, decoding);
  }

  /** The same conditioned generator with its own weights per request, {@code perRequest[b]} for batch row b. */
  public GeneratorPolicy withObjectiveWeights(float[][] perRequest) {
    return new GeneratorPolicy(name, net, temperature, batch -> {
      if (batch.size() != perRequest.length) {
        throw new IllegalArgumentException("objective weights for " + perRequest.length + " requests, batch has "
            + batch.size());
      }
      return perRequest;
    }, decoding);
  }

  @Override
  public String name() {
    return name;
  }

  public NetworkTrainer<PointerGenerator> network() {
    return net;
  }

  @Override
  public RankedLists rank(RequestBatch batch, int listLength) {
    Decoded d = decode(batch, listLength, 1, 0L, true);
    int b = batch.size();
    int[][] lists = new int[b][];
    float[][] scores = new float[b][];
    for (int r = 0; r < b; r++) {
      lists[r] = d.lists[r][0];
      scores[r] = d.firstStep[r].clone();
      for (int t = 0; t < listLength; t++) {
        scores[r][lists[r][t]] = 2f - (float) t / listLength;
      }
    }
    return new RankedLists(lists, scores);
  }

  /**
   * The greedy lists with the probability the generator gave each pick at its step (what the ranking service
   * returns as scores): {@code stepProbabilities[b][t] = π_θ(l_t | l_<t)}.
   */
  public record GreedyLists(int[][] lists, float[][] stepProbabilities) {}

  /** Greedy decoding, as {@link #rank}, returning the per-step probabilities of the chosen items. */
  public GreedyLists greedy(RequestBatch batch, int listLength) {
    Decoded d = decode(batch, listLength, 1, 0L, true);
    int[][] lists = new int[batch.size()][];
    float[][] probs = new float[batch.size()][];
    for (int r = 0; r < batch.size(); r++) {
      lists[r] = d.lists[r][0];
      probs[r] = d.stepProbs[r][0];
    }
    return new GreedyLists(lists, probs);
  }

  @Override
  public SampledLists sample(RequestBatch batch, int listLength, int perRequest, long seed) {
    Decoded d = decode(batch, listLength, perRequest, seed, false);
    return new SampledLists(d.lists, d.logProbs);
  }

  private record Decoded(int[][][] lists, float[][] logProbs, float[][] firstStep, float[][][] stepProbs) {}

  private Decoded decode(RequestBatch batch, int listLength, int k, long seed, boolean greedy) {
    int b = batch.size();
    int n = batch.numCandidates();
    if (listLength > n) {
      throw new IllegalArgumentException("list length " + listLength + " exceeds " + n + " candidates");
    }
    PointerGenerator g = net.block();
    int[][][] lists = new int[b][k][listLength];
    float[][] logProbs = new float[b][k];
    float[][][] stepProbs = new float[b][k][listLength];
    float[][] firstStep = new float[b][n];
    SplittableRandom[] rng = new SplittableRandom[b];
    for (int r = 0; r < b; r++) {
      rng[r] = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batch.requestIds()[r]);
    }
    try (NDManager m = net.manager().newSubManager()) {
      Decoding mode = decoding();
      ContextEncoder.Encoded enc = g.encode(net.parameterStore(), BatchTensors.of(m, batch, g.config().maxHistory()),
          false, mode);
      if (g.objectives() > 0) {
        if (objectiveWeights == null) {
          throw new IllegalStateException(name + " is objective-conditioned: give it objective weights");
        }
        enc = g.condition(net.parameterStore(), enc, BatchTensors.matrix(m, objectiveWeights.apply(batch)), false);
      }
      // greedy picks need no temperature (argmax is unchanged) and τ = 1 needs no division
      boolean scaled = !greedy && temperature != 1f;
      if (mode == Decoding.FAST) {
        PointerGenerator.Decoder decoder = g.decoder(net.parameterStore(), enc, k, net.weightsVersion(),
            net.manager());
        int[] picks = null;
        for (int t = 0; t < listLength; t++) {
          NDArray logits = decoder.next(picks);
          // the log-softmax in Java: at batch 1 a native call costs more than the arithmetic
          float[] logp = logSoftmaxRows(logits.toFloatArray(), n, scaled ? temperature : 1f);
          // the first step is one row per request, shared by its k lists
          int rowsPerRequest = t == 0 ? 1 : k;
          picks = new int[b * k];
          for (int r = 0; r < b; r++) {
            for (int s = 0; s < k; s++) {
              int base = (r * rowsPerRequest + Math.min(s, rowsPerRequest - 1)) * n;
              picks[r * k + s] = pick(logp, base, n, greedy, rng[r], lists[r][s], logProbs[r], stepProbs[r][s], s,
                  t, t == 0 && s == 0 ? firstStep[r] : null);
            }
          }
        }
      } else {
        long[] prefix = new long[0];
        for (int t = 0; t < listLength; t++) {
          NDArray prefixArray = t == 0 ? null : m.create(prefix, new Shape(b, k, t));
          NDArray logits = g.stepLogits(net.parameterStore(), enc, prefixArray, k, false);
          float[] logp = (scaled ? logits.div(temperature) : logits).logSoftmax(-1).toFloatArray();
          long[] next = new long[b * k * (t + 1)];
          for (int r = 0; r < b; r++) {
            for (int s = 0; s < k; s++) {
              int choice = pick(logp, (r * k + s) * n, n, greedy, rng[r], lists[r][s], logProbs[r], stepProbs[r][s],
                  s, t, t == 0 && s == 0 ? firstStep[r] : null);
              System.arraycopy(prefix, (r * k + s) * t, next, (r * k + s) * (t + 1), t);
              next[(r * k + s) * (t + 1) + t] = choice;
            }
          }
          prefix = next;
        }
      }
    }
    return new Decoded(lists, logProbs, firstStep, stepProbs);
  }

  /**
   * Picks list s's item at step t from the log-probabilities {@code logp[base .. base+n)} and records it: the
   * item, its log-probability, its probability, and (when {@code firstStep} is given) every candidate's
   * first-step probability.
   */
  private static int pick(float[] logp, int base, int n, boolean greedy, SplittableRandom rng, int[] list,
      float[] logProbs, float[] stepProbs, int s, int t, float[] firstStep) {
    int choice = greedy ? argmax(logp, base, n) : gumbelArgmax(logp, base, n, rng);
    list[t] = choice;
    logProbs[s] += logp[base + choice];
    stepProbs[t] = (float) Math.exp(logp[base + choice]);
    if (firstStep != null) {
      for (int c = 0; c < n; c++) {
        firstStep[c] = (float) Math.exp(logp[base + c]);
      }
    }
    return choice;
  }

  /** Row-wise {@code log softmax(v / τ)} in place over rows of {@code n}; blocked entries stay far below the rest. */
  static float[] logSoftmaxRows(float[] v, int n, float temperature) {
    for (int base = 0; base < v.length; base += n) {
      logSoftmaxRow(v, base, n, temperature);
    }
    return v;
  }

  /**
   * {@code log softmax(v / τ)} in place over {@code v[base .. base+n)}: the one definition of a step's
   * log-probabilities, shared with the Java serving engine so both pick and report alike.
   */
  public static void logSoftmaxRow(float[] v, int base, int n, float temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, v[base + c] / temperature);
    }
    double sum = 0;
    for (int c = 0; c < n; c++) {
      sum += Math.exp(v[base + c] / temperature - max);
    }
    double logSum = max + Math.log(sum);
    for (int c = 0; c < n; c++) {
      v[base + c] = (float) (v[base + c] / temperature - logSum);
    }
  }

  /** The first index of the largest of {@code v[base .. base+n)}: the greedy pick. */
  public static int argmax(float[] v, int base, int n) {
    int best = 0;
    for (int c = 1; c < n; c++) {
      if (v[base + c] > v[base + best]) {
        best = c;
      }
    }
    return best;
  }

  /** A sample from softmax(v) by the Gumbel-max trick; blocked candidates (≈ −1e9) are never chosen. */
  private static int gumbelArgmax(float[] v, int base, int n, SplittableRandom rnd) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      double u = Math.max(rnd.nextDouble(), 1e-12);
      double value = v[base + c] - Math.log(-Math.log(u));
      if (v[base + c] > -1e8 && value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    return best;
  }
}
