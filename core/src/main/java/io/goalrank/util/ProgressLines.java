package io.goalrank.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress as whole lines, for standard error redirected to a file or a pipe: one line each time another tenth of
 * the work is done or {@value #PERIOD_SECONDS} s have passed since the last line, whichever comes first, and one when
 * the work ends (or stops early). No carriage returns or escape codes, so a log holds a dozen readable lines per
 * task instead of a bar redrawn thousands of times. Thread-safe: load-test clients step one display concurrently.
 */
final class ProgressLines {
  static final int PERIOD_SECONDS = 30;
  private static final long PERIOD_NANOS = PERIOD_SECONDS * 1_000_000_000L;

  private final String task;
  private final long total;
  private final PrintStream out;
  private final LongSupplier nanoTime;
  private final long started;
  private final AtomicLong done = new AtomicLong();
  private volatile String extra = "";
  // the next count and time at which a line is due; changed only under the lock
  private volatile long nextCount;
  private volatile long nextTime;
  private boolean closed;

  ProgressLines(String task, long total, PrintStream out) {
    this(task, total, out, System::nanoTime);
  }

  ProgressLines(String task, long total, PrintStream out, LongSupplier nanoTime) {
    this.task = task;
    this.total = total;
    this.out = out;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.nextCount = total > 0 ? tenth(1) : Long.MAX_VALUE;
    this.nextTime = started + PERIOD_NANOS;
  }

  /** The step count at which {@code k} tenths are done (at least 1, so a tiny total still advances). */
  private long tenth(long k) {
    return Math.max(1, (total * k + 9) / 10);
  }

  void stepBy(long n) {
    long now = done.addAndGet(n);
    if (now >= nextCount || nanoTime.getAsLong() >= nextTime) {
      report(false);
    }
  }

  void extra(String message) {
    extra = message == null ? "" : message;
  }

  void close() {
    report(true);
  }

  private synchronized void report(boolean end) {
    if (closed) {
      return;
    }
    long count = done.get();
    long t = nanoTime.getAsLong();
    if (!end && count < nextCount && t < nextTime) {
      return; // another thread reported meanwhile
    }
    closed = end;
    double seconds = (t - started) / 1e9;
    StringBuilder line = new StringBuilder(task).append(": ");
    if (end) {
      boolean finished = total <= 0 || count >= total;
      line.append(finished ? "done, " : "stopped at ").append(count).append(total > 0 ? "/" + total : "")
          .append(finished ? " in " : " after ").append(String.format(Locale.ROOT, "%.0f s", seconds));
    } else if (total > 0) {
      line.append(String.format(Locale.ROOT, "%d%% (%d/%d), %.0f s", 100 * Math.min(count, total) / total, count,
          total, seconds));
      if (count > 0 && count < total) {
        line.append(String.format(Locale.ROOT, ", about %.0f s left", seconds * (total - count) / count));
      }
    } else {
      line.append(count).append(String.format(Locale.ROOT, " steps, %.0f s", seconds));
    }
    if (!extra.isEmpty()) {
      line.append(", ").append(extra);
    }
    out.print(line.append('\n')); // '\n' on every platform: a log of lines, nothing to redraw
    out.flush();
    while (total > 0 && nextCount <= count) {
      nextCount = nextCount >= total ? Long.MAX_VALUE : tenth(Math.min(10, nextTenth(count)));
    }
    nextTime = t + PERIOD_NANOS;
  }

  /** The tenth after the one {@code count} has reached. */
  private long nextTenth(long count) {
    return count * 10 / total + 1;
  }
}
