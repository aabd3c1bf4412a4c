package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.goalrank.model.Decoding;
import io.goalrank.model.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} and {@code --decode}: on every network command, validated before any work. */
class ComputeOptionsTest {

  @AfterEach
  void restoreDefaults() {
    Decoding.setDefault(Decoding.FAST);
    Devices.reset();
  }

  private static Object[] run(String... args) {
    return CliRunner.run(args);
  }

  private static String[] trainArgs(Path dir, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--quiet",
        "--prepared", dir.resolve("missing.bin").toString(), "--reward", dir.resolve("reward").toString(),
        "--out", dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void everyNetworkCommandTakesDeviceAndDecode() {
    for (List<String> cmd : List.of(List.of("demo"), List.of("train"), List.of("train-reward"), List.of("evaluate"),
        List.of("rank"), List.of("serve"), List.of("bench"), List.of("experiment", "table1"),
        List.of("experiment", "group-size"), List.of("experiment", "group-construction"),
        List.of("experiment", "reward-noise"), List.of("experiment", "scaling"), List.of("experiment", "objectives"))) {
      List<String> args = new java.util.ArrayList<>(cmd);
      args.add("--help");
      Object[] r = run(args.toArray(String[]::new));
      assertEquals(0, r[0], cmd + ": " + r[2]);
      String help = (String) r[1];
      assertTrue(help.contains("--device") && help.contains("gpu:N"), cmd + " --help lacks --device:\n" + help);
      assertTrue(help.contains("--decode") && help.contains("reference"), cmd + " --help lacks --decode:\n" + help);
    }
  }

  @Test
  void anUnknownDeviceStopsBeforeAnyWorkListingTheChoices(@TempDir Path dir) {
    Object[] r = run(trainArgs(dir, "--device", "nonsense"));
    assertEquals(2, r[0]);
    String err = (String) r[2];
    assertTrue(err.contains("goalrank train: invalid argument: --device must be cpu, gpu or gpu:N"), err);
    assertTrue(err.contains("'nonsense'"), err);
    assertFalse(err.contains("missing.bin"), "the device must be checked before the data is read: " + err);
    assertFalse(Files.exists(dir.resolve("out")));
    assertEquals(Device.cpu(), Devices.current());
  }

  @Test
  void aGpuOnThisCpuOnlyMachineFailsWithTheWayToCudaNatives(@TempDir Path dir) {
    Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
    Object[] r = run("rank", "--device", "gpu", "--model", dir.toString(), "--request", "-");
    assertEquals(2, r[0]);
    String err = (String) r[2];
    assertTrue(err.contains("goalrank rank: invalid argument: --device gpu: the PyTorch engine sees no GPU"), err);
    assertTrue(err.contains("pytorch-native-cpu") && err.contains("docs/ARCHITECTURE.md"), err);
    assertEquals(Device.cpu(), Devices.current());
  }

  @Test
  void decodeReferenceIsAcceptedAndBecomesTheProcessDefault(@TempDir Path dir) {
    assertEquals(Decoding.FAST, Decoding.defaultMode());
    // the options are applied first; the command then stops on the missing prepared file
    Object[] r = run(trainArgs(dir, "--decode", "reference"));
    assertEquals(2, r[0]);
    String err = (String) r[2];
    assertFalse(err.contains("--decode") || err.contains("--device"), err);
    assertTrue(err.contains("missing.bin"), err);
    assertEquals(Decoding.REFERENCE, Decoding.defaultMode());
    assertEquals(Device.cpu(), Devices.current());
    // and the default, fast, is set back by the next command that leaves --decode out
    run(trainArgs(dir));
    assertEquals(Decoding.FAST, Decoding.defaultMode());
  }

  @Test
  void anUnknownDecodeIsNamed(@TempDir Path dir) {
    Object[] r = run(trainArgs(dir, "--decode", "turbo"));
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("--decode must be fast or reference, got 'turbo'"), (String) r[2]);
    assertEquals(Decoding.FAST, Decoding.defaultMode());
  }
}
