package io.goalrank.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long work, or nothing when quiet (tests, piped output). Wraps
 * me.tongfei's {@link ProgressBar} so callers don't care which.
 */
public final class Progress implements AutoCloseable {
  private static volatile boolean enabled = System.getenv("GOALRANK_QUIET") == null;
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Turns every progress bar in this JVM on or off (the CLI's {@code --quiet}). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  public static boolean enabled() {
    return enabled;
  }

  public static Progress start(String task, long total) {
    if (!enabled) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
        .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
        .build());
  }

  public void step() {
    if (bar != null) {
      bar.step();
    }
  }

  public void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /** Text shown after the bar, such as the current loss. */
  public void extra(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
