package io.goalrank.bench;

import io.goalrank.core.SamplingPolicy;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.Decoding;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.ModelKinds;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.ScoringPolicy;
import io.goalrank.train.ScorerTraining;
import java.util.ArrayList;
import java.util.List;

/**
 * The generators of a multi-generator G-E system at one hidden size, each its own network (as in production
 * MG-E, where every generator is a separately trained model): either per-candidate scorers that sample
 * Plackett–Luce lists (the {@link ModelKinds} scorer kinds dnn, prm, dlcm in turn, temperatures 0.5..2 — the project's G-n construction), or
 * autoregressive pointer generators like GoalRank's, on the fast (key/value-cached) decoder. Untrained unless the
 * caller loads weights: latency does not depend on the weights.
 */
public final class BaselineSystems implements AutoCloseable {
  private static final List<String> SCORER_KINDS = ModelKinds.scorerNames();

  private final List<NetworkTrainer<?>> networks = new ArrayList<>();
  private final List<SamplingPolicy> generators = new ArrayList<>();

  private BaselineSystems() {}

  /** @param kind {@code scorer} or {@code pointer} */
  public static BaselineSystems create(String kind, int count, ModelConfig config, long seed) {
    BaselineSystems s = new BaselineSystems();
    for (int i = 0; i < count; i++) {
      float temperature = count == 1 ? 1f : (float) (0.5 * Math.pow(4, (double) i / (count - 1)));
      switch (kind) {
        case "scorer" -> {
          String k = SCORER_KINDS.get(i % SCORER_KINDS.size());
          var net = new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock(k, config), 0f, 0f, 0f, seed + i);
          s.networks.add(net);
          s.generators.add(new ScoringPolicy(k + "#" + i, batch -> ScorerTraining.scores(net, batch), temperature));
        }
        case "pointer" -> {
          var net = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, seed + i);
          s.networks.add(net);
          // on the fast (cached) decoder whatever the process default: every system is timed on its fastest path
          s.generators.add(new GeneratorPolicy("pointer#" + i, net, temperature).withDecoding(Decoding.FAST));
        }
        default -> throw new IllegalArgumentException("multi-G-E generator kind must be scorer or pointer: " + kind);
      }
    }
    return s;
  }

  public List<SamplingPolicy> generators() {
    return generators;
  }

  @Override
  public void close() {
    networks.forEach(NetworkTrainer::close);
  }
}
