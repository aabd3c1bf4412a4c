package io.goalrank.workflow;

import java.util.Locale;

/**
 * The on-policy teacher refresh (issue 20, simulated data only): every {@code everyEpochs} generator epochs, the
 * current generator's samples for the training requests are shown to the simulator's users, their clicks appended
 * to the reward model's impressions, and the reward model trained on for {@code epochs} more epochs; GoalRank then
 * continues against the refreshed teacher. {@link #OFF} (every earlier run) does none. Build with
 * {@link #builder()}.
 *
 * @param everyEpochs K, generator epochs between refreshes ({@code --teacher-refresh}); 0 is off
 * @param impressionsPerRequest M, generator samples shown per training request at each refresh
 *     ({@code --refresh-impressions})
 * @param epochs reward-model epochs over all impressions at each refresh ({@code --refresh-epochs})
 */
public record OnPolicyRefresh(int everyEpochs, int impressionsPerRequest, int epochs) {
  public static final OnPolicyRefresh OFF = new OnPolicyRefresh(0, 8, 1);

  public OnPolicyRefresh {
    if (everyEpochs < 0) {
      throw new IllegalArgumentException("--teacher-refresh must be 0 (off) or a positive number of epochs, got "
          + everyEpochs);
    }
    if (impressionsPerRequest < 1) {
      throw new IllegalArgumentException("--refresh-impressions must be positive, got " + impressionsPerRequest);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--refresh-epochs must be positive, got " + epochs);
    }
  }

  public boolean enabled() {
    return everyEpochs > 0;
  }

  /** Whether a refresh follows the 0-based generator epoch {@code epoch} (never after the last one). */
  public boolean refreshesAfter(int epoch, int maxEpochs) {
    return enabled() && (epoch + 1) % everyEpochs == 0 && epoch + 1 < maxEpochs;
  }

  /** One line for reports. */
  public String describe() {
    return !enabled() ? "off" : String.format(Locale.ROOT, "every %d epochs, %d generator samples per training "
        + "request shown to the simulated users, %d reward epoch(s) per refresh", everyEpochs, impressionsPerRequest,
        epochs);
  }

  public static Builder builder() {
    return new Builder(OFF);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder over {@link #OFF}'s values. */
  public static final class Builder {
    private int everyEpochs;
    private int impressionsPerRequest;
    private int epochs;

    private Builder(OnPolicyRefresh from) {
      everyEpochs = from.everyEpochs;
      impressionsPerRequest = from.impressionsPerRequest;
      epochs = from.epochs;
    }

    public Builder optEveryEpochs(int v) {
      everyEpochs = v;
      return this;
    }

    public Builder optImpressionsPerRequest(int v) {
      impressionsPerRequest = v;
      return this;
    }

    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    public OnPolicyRefresh build() {
      return new OnPolicyRefresh(everyEpochs, impressionsPerRequest, epochs);
    }
  }
}
