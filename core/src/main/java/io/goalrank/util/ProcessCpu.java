package io.goalrank.util;

/** This JVM's CPU time: what a load test and the service it drives report to show where a machine's cores go. */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU seconds of every thread so far (the JIT and the collector included), or NaN where the JVM does not say. */
  public static double seconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      return nanos < 0 ? Double.NaN : nanos / 1e9;
    }
    return Double.NaN;
  }
}
