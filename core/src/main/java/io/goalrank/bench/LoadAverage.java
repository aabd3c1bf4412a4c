package io.goalrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * What {@code uptime} reports, read from {@code /proc/loadavg}: the 1-, 5- and 15-minute load averages and the
 * time they were read. The bench prints one before and one after its timings, because on a shared machine the
 * load decides how far absolute timings (and MFU) can be trusted; the NaN values of a machine without
 * {@code /proc/loadavg} print as "unavailable" and never count as loaded.
 */
public record LoadAverage(Instant time, double one, double five, double fifteen) {
  /**
   * A 1-minute load above this marks timings as taken on a loaded machine: the bench targets assume the 2-core
   * machine is otherwise quiet, and a load above 2 means other runnable threads competed for those cores.
   */
  public static final double LOADED = 2.0;

  private static final Path SOURCE = Path.of("/proc/loadavg");

  public static LoadAverage read() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      return parse(now, Files.readString(SOURCE));
    } catch (IOException | RuntimeException e) {
      return new LoadAverage(now, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  /** Parses the first three fields of a {@code /proc/loadavg} line. */
  static LoadAverage parse(Instant time, String line) {
    String[] f = line.trim().split("\\s+");
    return new LoadAverage(time, Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
  }

  public boolean available() {
    return !Double.isNaN(one);
  }

  /** Whether the 1-minute load is above {@link #LOADED}. */
  public boolean loaded() {
    return available() && one > LOADED;
  }

  /** One Markdown line, e.g. {@code `uptime` at 2026-11-23T10:47:03Z: load average 0.52, 0.58, 0.59 (1, 5, 15 min)}. */
  public String describe() {
    return available()
        ? String.format(Locale.ROOT, "`uptime` at %s: load average %.2f, %.2f, %.2f (1, 5, 15 min)", time, one, five,
            fifteen)
        : "`uptime` at " + time + ": load average unavailable (no " + SOURCE + ")";
  }
}
