package io.goalrank.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.Objects;

/**
 * Where networks run: one process-wide setting, read by {@link NetworkTrainer} when it creates a network's base
 * {@code NDManager}. Parameters are created on that device and every per-step array inherits it from its
 * sub-manager, so nothing else names a device. The CLI sets it once from {@code --device}; the default is the CPU.
 *
 * <p>Set it before networks are built: a network keeps the device it was created on.
 */
public final class Devices {
  /** What {@link #parse} accepts, for messages. */
  public static final String CHOICES = "cpu, gpu or gpu:N (N = 0, 1, ...)";

  private static volatile Device current = Device.cpu();

  private Devices() {}

  /** The device new networks are created on. */
  public static Device current() {
    return current;
  }

  /**
   * Makes {@code spec} ({@code cpu}, {@code gpu} = {@code gpu:0}, or {@code gpu:N}) the device of every network
   * created from now on.
   *
   * @throws IllegalArgumentException for an unknown spec, or a GPU the PyTorch engine does not see (this build ships
   *     only the CPU natives: see docs/ARCHITECTURE.md, "Devices (CPU, GPU)")
   */
  public static void use(String spec) {
    Device device = parse(spec);
    if (device.isGpu()) {
      int gpus = Engine.getInstance().getGpuCount();
      if (gpus == 0) {
        throw new IllegalArgumentException("--device " + spec.trim() + ": the PyTorch engine sees no GPU. This build "
            + "ships only the CPU natives (ai.djl.pytorch:pytorch-native-cpu); to run on an NVIDIA GPU, give DJL the "
            + "CUDA natives for PyTorch 2.7.1 (flavor cu128) instead, rebuild, and pass --device gpu "
            + "(docs/ARCHITECTURE.md, \"Devices (CPU, GPU)\"). Use --device cpu on this machine.");
      }
      if (device.getDeviceId() >= gpus) {
        throw new IllegalArgumentException("--device " + spec.trim() + ": the PyTorch engine sees " + gpus
            + (gpus == 1 ? " GPU (gpu:0)" : " GPUs (gpu:0 to gpu:" + (gpus - 1) + ")"));
      }
    }
    current = device;
  }

  /** The current device as {@link #use} spells it: {@code cpu} or {@code gpu:N} (recorded in checkpoints). */
  public static String spec() {
    Device d = current;
    return d.isGpu() ? "gpu:" + d.getDeviceId() : "cpu";
  }

  /** Back to the default, the CPU (for tests). */
  public static void reset() {
    current = Device.cpu();
  }

  /** {@code cpu}, {@code gpu} or {@code gpu:N}, case-insensitive; does not check that the device exists. */
  public static Device parse(String spec) {
    String s = Objects.requireNonNull(spec, "spec").trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    if (s.equals("gpu")) {
      return Device.gpu(0);
    }
    if (s.startsWith("gpu:")) {
      String id = s.substring(4);
      if (!id.isEmpty() && id.length() <= 4 && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Device.gpu(Integer.parseInt(id));
      }
    }
    throw new IllegalArgumentException("--device must be " + CHOICES + ", got '" + spec + "'");
  }
}
