package io.goalrank.util;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on standard error: a bar redrawn in place when standard error is a terminal, plain lines
 * now and then ({@link ProgressLines}) when it is a file or a pipe, nothing when quiet. Callers don't care which.
 *
 * <p>Which one is decided by standard error alone ({@link Terminal#stderrIsTerminal}), because that is where
 * progress goes: {@code System.console() != null} asks about standard input and output instead, so
 * {@code goalrank demo 2> log} (standard output on a terminal) would redraw the bar into the log file with carriage
 * returns, and {@code goalrank demo > out} would lose the bar on a terminal. {@code -Dgoalrank.progress=bar|lines|off}
 * overrides the choice ({@code ./goalrank} sets it from {@code [ -t 2 ]}).
 */
public final class Progress implements AutoCloseable {
  /** How progress is shown. */
  public enum Mode { BAR, LINES, OFF }

  /** The system property that forces a {@link Mode} ({@code bar}, {@code lines} or {@code off}). */
  public static final String MODE_PROPERTY = "goalrank.progress";
  private static volatile boolean enabled = System.getenv("GOALRANK_QUIET") == null;
  private static volatile Mode detected;
  private final ProgressBar bar;
  private final ProgressLines lines;

  private Progress(ProgressBar bar, ProgressLines lines) {
    this.bar = bar;
    this.lines = lines;
  }

  /** Turns every progress display in this JVM on or off (the CLI's {@code --quiet}). */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  public static boolean enabled() {
    return enabled;
  }

  /** The mode progress uses when enabled: forced by {@link #MODE_PROPERTY}, else from standard error. */
  public static Mode mode() {
    String forced = System.getProperty(MODE_PROPERTY);
    if (forced != null && !forced.isBlank()) {
      try {
        return Mode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // an unknown value falls back to detection rather than stopping a long run over a display setting
      }
    }
    Mode m = detected;
    if (m == null) {
      m = Terminal.stderrIsTerminal() ? Mode.BAR : Mode.LINES;
      detected = m;
    }
    return m;
  }

  public static Progress start(String task, long total) {
    return start(task, total, enabled ? mode() : Mode.OFF, System.err);
  }

  /** A progress display of {@code mode} writing to {@code err}. */
  static Progress start(String task, long total, Mode mode, PrintStream err) {
    return switch (mode) {
      case OFF -> new Progress(null, null);
      case LINES -> new Progress(null, new ProgressLines(task, total, err));
      case BAR -> new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
          .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(err))
          .build(), null);
    };
  }

  public void step() {
    stepBy(1);
  }

  public void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    } else if (lines != null) {
      lines.stepBy(n);
    }
  }

  /** Text shown after the bar, such as the current loss. */
  public void extra(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    } else if (lines != null) {
      lines.extra(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    } else if (lines != null) {
      lines.close();
    }
  }
}
