package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The process-wide compute device: parsing, the GPU check, and networks created on it. */
class DevicesTest {

  @AfterEach
  void backToCpu() {
    Devices.reset();
  }

  @Test
  void parsesCpuGpuAndGpuN() {
    assertEquals(Device.cpu(), Devices.parse("cpu"));
    assertEquals(Device.cpu(), Devices.parse(" CPU "));
    assertEquals(Device.gpu(0), Devices.parse("gpu"));
    assertEquals(Device.gpu(0), Devices.parse("gpu:0"));
    assertEquals(Device.gpu(3), Devices.parse("GPU:3"));
  }

  @Test
  void anUnknownSpecListsTheChoices() {
    for (String bad : new String[] {"tpu", "", "gpu:", "gpu:-1", "gpu:x", "gpu0", "cuda", "cpu:0"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.use(bad), bad);
      assertTrue(e.getMessage().contains("--device must be cpu, gpu or gpu:N"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      assertEquals(Device.cpu(), Devices.current(), "a rejected spec must not change the device");
    }
  }

  @Test
  void cpuIsTheDefaultAndAccepted() {
    assertEquals(Device.cpu(), Devices.current());
    Devices.use("cpu");
    assertEquals(Device.cpu(), Devices.current());
    assertEquals("cpu", Devices.spec());
  }

  @Test
  void aGpuThisEngineDoesNotSeeFailsAtOnceNamingTheOption() {
    Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
    for (String spec : new String[] {"gpu", "gpu:1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.use(spec));
      String m = e.getMessage();
      assertTrue(m.startsWith("--device " + spec + ": the PyTorch engine sees no GPU"), m);
      assertTrue(m.contains("pytorch-native-cpu") && m.contains("CUDA") && m.contains("Devices (CPU, GPU)"), m);
      assertEquals(Device.cpu(), Devices.current());
    }
  }

  @Test
  void networksAndWholeTableReadsLiveOnTheCurrentDevice() {
    try (NetworkTrainer<Table> net = new NetworkTrainer<>(new Table(5, 3, 0.1f), 0f, 0f, 0f, 1)) {
      assertEquals(Devices.current(), net.manager().getDevice());
      ai.djl.ndarray.NDArray weight = net.block().getParameters().get("weight").getArray();
      assertEquals(Devices.current(), weight.getDevice());
      ai.djl.ndarray.NDArray all = net.block().all(net.parameterStore(), false);
      assertEquals(Devices.current(), all.getDevice());
      assertArrayEquals(weight.toFloatArray(), all.toFloatArray());
      try (var m = net.manager().newSubManager()) {
        // arrays built from Java arrays in a step manager inherit the network's device
        assertEquals(Devices.current(), m.create(new long[] {1, 2}).getDevice());
        assertEquals(Devices.current(), net.block().lookup(net.parameterStore(), m.create(new long[] {1, 2}), false)
            .getDevice());
      }
    }
  }
}
