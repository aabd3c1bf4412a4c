package io.goalrank.train;

import java.io.IOException;

/**
 * Something {@link TrainingLoop} calls at fixed points of training, the way DJL's {@code TrainingListener}s are
 * plugged into its {@code Trainer}: the loop itself only shuffles, steps and validates; progress, early stopping,
 * checkpoints and resuming, the epoch log and profiling are listeners ({@link TrainingListeners}), and a trainer
 * adds its own through {@link FitOptions.Builder#addListeners}.
 *
 * <p>Per epoch the loop calls {@link #onStep} after every batch, then validates, then {@link #onValidation} on every
 * listener (judging the epoch: {@link TrainingListeners.EarlyStopping} marks it improved or not, may ask to stop),
 * then {@link #onEpoch} on every listener (acting on that judgement: saving, logging). Listeners run in order: the
 * loop's own first, then the trainer's.
 */
public interface TrainingListener {
  /** Before the first epoch; a resumed run has restored its state here ({@link TrainingListeners.Checkpoints}). */
  default void onTrainingBegin(TrainingState state) throws IOException {}

  /** After each optimisation step, with its loss (non-finite when the update was skipped). */
  default void onStep(TrainingState state, float loss) {}

  /** After an epoch's validation, before any {@link #onEpoch}: judge the epoch. */
  default void onValidation(TrainingState state) {}

  /** After every listener's {@link #onValidation}: act on the epoch (save, log). */
  default void onEpoch(TrainingState state) throws IOException {}

  /** After the last epoch, also when training stopped with an exception: release what {@link #onTrainingBegin} took. */
  default void onTrainingEnd(TrainingState state) {}
}
