package io.goalrank.model;

import ai.djl.nn.Block;
import java.util.function.Function;

/**
 * A kind of saved network, as {@code model.json} names it: what it is and how its (untrained) block is built from
 * the checkpoint's shape. {@link ModelKinds} holds every kind; checkpoint loading, the experiments' baselines and
 * the benchmarks read it there.
 *
 * @param name the checkpoint kind ({@code generator}, {@code dnn}, ...)
 * @param role what the network is for
 * @param factory builds the block from a checkpoint (its {@link ModelConfig}, and for some kinds its provenance)
 * @param seedOffset for a {@link Role#SCORER}: its training seed is the run's seed plus this (as {@code goalrank
 *     train} and the experiments have always used it); 0 for other roles
 * @param description one line; for a scorer baseline, its row description in Table 1
 */
public record ModelKind(String name, Role role, Function<Checkpoint, Block> factory, long seedOffset,
    String description) {

  /** What a kind of network is for. */
  public enum Role {
    /** Autoregressive pointer generators: GoalRank, Seq2Slate, EG-Rerank (all saved as these kinds). */
    GENERATOR,
    /** Per-candidate scorer baselines trained by BCE on the labels, greedy top-L: Table 1 rows and G-n members. */
    SCORER,
    /** Reward models r̂ (frozen teachers). */
    REWARD,
    /**
     * Reward models made of saved reward models (an ensemble, a mixture): no block of their own, their members are
     * in sub-directories ({@code reward.RewardModel#load}).
     */
    COMPOSITE_REWARD
  }

  /** A fresh block of this kind for {@code checkpoint}'s shape. */
  public Block newBlock(Checkpoint checkpoint) {
    return factory.apply(checkpoint);
  }
}
