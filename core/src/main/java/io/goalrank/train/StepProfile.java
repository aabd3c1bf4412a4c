package io.goalrank.train;

import io.goalrank.model.NetworkTrainer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrainingListener} that logs where a step's time goes after each epoch: a part the trainer measures
 * itself (GoalRank's group building) and the network's forward, backward and update
 * ({@link NetworkTrainer#millisPerStep}), each in milliseconds per step so far.
 */
public final class StepProfile implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(StepProfile.class);
  private final NetworkTrainer<?> net;
  private final String part;
  private final LongSupplier partNanos;

  /**
   * @param part what {@code partNanos} measures, e.g. {@code group building}
   * @param partNanos its total nanoseconds so far
   */
  public StepProfile(NetworkTrainer<?> net, String part, LongSupplier partNanos) {
    this.net = net;
    this.part = part;
    this.partNanos = partNanos;
  }

  @Override
  public void onEpoch(TrainingState state) {
    double[] ms = net.millisPerStep();
    LOG.info("{} step profile (ms/step): {} {} | forward {} | backward {} | update {}", state.name(), part,
        String.format("%.0f", partNanos.getAsLong() / 1e6 / Math.max(1, net.steps())), String.format("%.0f", ms[0]),
        String.format("%.0f", ms[1]), String.format("%.0f", ms[2]));
  }
}
