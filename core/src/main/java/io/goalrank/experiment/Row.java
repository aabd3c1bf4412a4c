package io.goalrank.experiment;

import io.goalrank.core.RankingPolicy;
import java.io.IOException;

/**
 * One row of an experiment's table: a named policy, what family it belongs to, a one-line description for the
 * report, and how to build it from the models of one seed (which trains or loads what it needs on first use).
 *
 * @param <M> the per-seed model holder of the experiment
 */
public record Row<M>(String name, Family family, String description, Factory<M> factory) {

  /** Builds the row's policy from the seed's models. */
  public interface Factory<M> {
    RankingPolicy create(M models) throws IOException;
  }
}
