package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ResumableAdam} against DJL's own Adam, and saving and restoring its state. */
class ResumableAdamTest {
  private static final float LR = 1e-2f;
  private static final float DECAY = 1e-3f;

  @Test
  void updatesExactlyAsDjlsAdam() {
    // the same block, the same initial weights, the same inputs: one trained by NetworkTrainer (ResumableAdam),
    // one by DJL's Adam configured as NetworkTrainer configured it before ResumableAdam
    try (NetworkTrainer<Dense> ours = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 0f, 11);
        NDManager manager = NDManager.newBaseManager()) {
      Dense theirs = new Dense(4, 3);
      theirs.initialize(manager, DataType.FLOAT32, new Shape(1));
      List<Parameter> theirParameters = new ArrayList<>();
      List<Parameter> ourParameters = new ArrayList<>();
      for (Pair<String, Parameter> p : theirs.getParameters()) {
        theirParameters.add(p.getValue());
      }
      for (Pair<String, Parameter> p : ours.block().getParameters()) {
        ourParameters.add(p.getValue());
      }
      for (int k = 0; k < theirParameters.size(); k++) {
        theirParameters.get(k).getArray().set(ourParameters.get(k).getArray().toFloatArray());
        theirParameters.get(k).getArray().setRequiresGradient(true);
      }
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(DECAY)
          .optBeta1(0.9f).optBeta2(0.98f).optEpsilon(1e-6f).build();
      ParameterStore store = new ParameterStore(manager, false);
      for (int step = 0; step < 6; step++) {
        float[] x = input(step);
        ours.step(m -> ours.block().apply(ours.parameterStore(), m.create(x, new Shape(2, 4)), true).square().sum());
        try (NDManager s = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(theirs.apply(store, s.create(x, new Shape(2, 4)), true).square().sum());
        }
        for (Parameter p : theirParameters) {
          NDArray grad = p.getArray().getGradient();
          adam.update(p.getId(), p.getArray(), grad);
          grad.subi(grad);
        }
      }
      for (int k = 0; k < theirParameters.size(); k++) {
        assertArrayEquals(theirParameters.get(k).getArray().toFloatArray(),
            ourParameters.get(k).getArray().toFloatArray(), "parameter " + k + " after 6 steps");
      }
    }
  }

  @Test
  void aRestoredStateContinuesAsIfNeverStopped(@TempDir Path dir) throws Exception {
    float[] straight;
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 3)) {
      for (int step = 0; step < 8; step++) {
        step(net, step);
      }
      straight = weights(net);
    }
    try (NetworkTrainer<Dense> first = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 3)) {
      for (int step = 0; step < 4; step++) {
        step(first, step);
      }
      try (var out = new java.io.DataOutputStream(Files.newOutputStream(dir.resolve(Checkpoint.WEIGHTS)))) {
        first.block().saveParameters(out);
      }
      first.saveState(dir);
    }
    try (NetworkTrainer<Dense> resumed = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 99)) {
      resumed.loadWeights(dir);
      resumed.loadState(dir);
      assertEquals(4, resumed.steps());
      for (int step = 4; step < 8; step++) {
        step(resumed, step);
      }
      assertArrayEquals(straight, weights(resumed), "4 + 4 steps with a save between = 8 steps");
    }
    // and without the optimiser state the same weights continue differently: the test above can fail
    try (NetworkTrainer<Dense> restarted = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 3)) {
      restarted.loadWeights(dir);
      for (int step = 4; step < 8; step++) {
        step(restarted, step);
      }
      assertTrue(!java.util.Arrays.equals(straight, weights(restarted)), "Adam's moments made no difference");
    }
  }

  @Test
  void aStateOfAnotherNetworkIsRefusedByName(@TempDir Path dir) throws Exception {
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 3)) {
      step(net, 0);
      net.saveState(dir);
    }
    try (NetworkTrainer<Dense> other = new NetworkTrainer<>(new Dense(5, 3), LR, DECAY, 5f, 3)) {
      var e = assertThrows(java.io.IOException.class, () -> other.loadState(dir));
      assertTrue(e.getMessage().contains("optimizer.bin") && e.getMessage().contains("[3, 5]"), e.getMessage());
    }
    Path cut = dir.resolve("optimizer.bin");
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    try (NetworkTrainer<Dense> net = new NetworkTrainer<>(new Dense(4, 3), LR, DECAY, 5f, 3)) {
      var e = assertThrows(java.io.IOException.class, () -> net.loadState(dir));
      assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    }
  }

  private static void step(NetworkTrainer<Dense> net, int step) {
    float[] x = input(step);
    net.step(m -> net.block().apply(net.parameterStore(), m.create(x, new Shape(2, 4)), true).square().sum());
  }

  private static float[] input(int step) {
    float[] x = new float[8];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(step * 8 + i);
    }
    return x;
  }

  private static float[] weights(NetworkTrainer<Dense> net) {
    List<Float> all = new ArrayList<>();
    for (Pair<String, Parameter> p : net.block().getParameters()) {
      for (float f : p.getValue().getArray().toFloatArray()) {
        all.add(f);
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }
}
