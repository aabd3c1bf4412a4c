package io.goalrank.engine.vector;

/**
 * Run in a JVM of its own by {@link KernelsTest}, without {@code --add-modules jdk.incubator.vector}: prints which
 * kernels {@link Kernels#best()} chose and uses them, so the test sees the fallback work instead of a linkage error.
 */
public final class KernelsProbe {
  private KernelsProbe() {}

  public static void main(String[] args) {
    Kernels k = Kernels.best();
    float[] ones = new float[32];
    java.util.Arrays.fill(ones, 1f);
    System.out.println("module=" + Kernels.vectorModulePresent());
    System.out.println("kernels=" + Kernels.explain(k));
    System.out.println("dot=" + k.dot(ones, 0, ones, 0, 32));
  }
}
