package io.goalrank.train;

/**
 * Where a {@link TrainingLoop} run is, shared by its {@link TrainingListener}s: the loop writes the epoch, steps and
 * validation; {@link TrainingListeners.EarlyStopping} the best score and the epochs since; a resume
 * ({@link TrainingListeners.Checkpoints}) restores the epoch to start from and those counters.
 */
public final class TrainingState {
  private final String name;
  private final int maxEpochs;
  private final int stepsPerEpoch;
  private int startEpoch;
  private int epoch;
  private int steps;
  private int skipped;
  private double lossSum;
  private TrainingLoop.Validation validation;
  private String summary = "";
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch = -1;
  private int bad;
  private boolean improved;
  private boolean stop;

  TrainingState(String name, int maxEpochs, int stepsPerEpoch) {
    this.name = name;
    this.maxEpochs = maxEpochs;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  /** The run's name (progress bar, log lines). */
  public String name() {
    return name;
  }

  public int maxEpochs() {
    return maxEpochs;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** The first epoch this process runs (0-based; later than 0 when resumed). */
  public int startEpoch() {
    return startEpoch;
  }

  /** The current epoch, 0-based. */
  public int epoch() {
    return epoch;
  }

  /** Steps of the current epoch so far. */
  public int steps() {
    return steps;
  }

  /** Steps of the current epoch whose update was skipped (non-finite loss or gradient). */
  public int skipped() {
    return skipped;
  }

  /** Mean loss of the current epoch's steps that were not skipped. */
  public double meanLoss() {
    return lossSum / Math.max(1, steps - skipped);
  }

  /** The current epoch's validation; null before the first one. */
  public TrainingLoop.Validation validation() {
    return validation;
  }

  /** The last validation's summary, empty before the first. */
  public String summary() {
    return summary;
  }

  /** The best validation score so far. */
  public double best() {
    return best;
  }

  /** The 0-based epoch of {@link #best}, -1 before any. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Epochs since the best one. */
  public int epochsWithoutImprovement() {
    return bad;
  }

  /** Whether the current epoch set a new best. */
  public boolean improved() {
    return improved;
  }

  public boolean stopRequested() {
    return stop;
  }

  /** Asks the loop to stop before the next epoch. */
  public void requestStop() {
    stop = true;
  }

  /**
   * Forgets the best score so far: what validation measures has changed (the on-policy refresh replaced the reward
   * model that scores it), so earlier scores are not comparable with later ones. The next epoch becomes the best and
   * patience counts from it; the best checkpoint saved before stays until then.
   */
  public void rebase() {
    best = Double.NEGATIVE_INFINITY;
    bad = 0;
  }

  /** Records a new best at the current epoch. */
  void improve(double score) {
    best = score;
    bestEpoch = epoch;
    bad = 0;
    improved = true;
  }

  /** Records an epoch without a new best. */
  void noImprovement() {
    bad++;
    improved = false;
  }

  /** A resumed run: start after {@code lastEpoch} with the early-stopping counters it saved. */
  void restore(int lastEpoch, double savedBest, int savedBestEpoch, int savedBad) {
    startEpoch = lastEpoch + 1;
    best = savedBest;
    bestEpoch = savedBestEpoch;
    bad = savedBad;
  }

  void beginEpoch(int e) {
    epoch = e;
    steps = 0;
    skipped = 0;
    lossSum = 0;
  }

  void recordStep(float loss) {
    if (Float.isFinite(loss)) {
      lossSum += loss;
    } else {
      skipped++; // NetworkTrainer skipped the update: say so, never average it away silently
    }
    steps++;
  }

  void recordValidation(TrainingLoop.Validation v) {
    validation = v;
    summary = v.summary();
  }
}
