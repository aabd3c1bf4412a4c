package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop with fake hooks: listeners in order, early stopping, step seeds, checkpoints and resuming. */
class TrainingLoopListenersTest {
  private static final PreparedDataset DATA = io.goalrank.workflow.TypedProvenanceTest.dataset();
  private static final int[] ROWS = {0, 1, 2};

  /** Validation scores in turn; records every step's (epoch, seed) and what was saved and loaded. */
  static final class FakeHooks implements TrainingLoop.Hooks {
    final double[] scores;
    final List<String> calls = new ArrayList<>();
    int validations;

    FakeHooks(double... scores) {
      this.scores = scores;
    }

    @Override
    public float step(RequestBatch batch, int epoch, long seed) {
      calls.add("step " + epoch + " " + seed);
      return 1f;
    }

    @Override
    public TrainingLoop.Validation validate() {
      double s = scores[validations++];
      return new TrainingLoop.Validation(s, "score " + s, TrainingLoop.metrics("reward", s, "twice", 2 * s));
    }

    @Override
    public void save(Path dir) throws IOException {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("weights"), Integer.toString(validations));
      calls.add("save " + dir.getFileName());
    }

    @Override
    public void load(Path dir) throws IOException {
      calls.add("load " + dir.getFileName() + " " + Files.readString(dir.resolve("weights")));
    }
  }

  /** Records the listener calls, and what early stopping had decided when they came. */
  static final class Recorder implements TrainingListener {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onTrainingBegin(TrainingState s) {
      calls.add("begin at " + s.startEpoch());
    }

    @Override
    public void onValidation(TrainingState s) {
      calls.add("validation " + s.epoch() + (s.improved() ? " improved" : ""));
    }

    @Override
    public void onEpoch(TrainingState s) {
      calls.add("epoch " + s.epoch() + " steps " + s.steps());
    }

    @Override
    public void onTrainingEnd(TrainingState s) {
      calls.add("end");
    }
  }

  @Test
  void earlyStoppingAndListenerOrder() throws IOException {
    Recorder recorder = new Recorder();
    FakeHooks hooks = new FakeHooks(1, 2, 1.5, 1.8, 1.9);
    FitOptions fit = FitOptions.builder().optEpochs(5).optPatience(2).optBatchSize(2).optSeed(3)
        .addListeners(recorder).build();
    TrainingLoop.Result r = TrainingLoop.run(DATA, ROWS, "fake", fit, null, hooks);
    assertEquals(List.of("begin at 0", "validation 0 improved", "epoch 0 steps 2", "validation 1 improved",
        "epoch 1 steps 2", "validation 2", "epoch 2 steps 2", "validation 3", "epoch 3 steps 2", "end"),
        recorder.calls);
    assertEquals(4, r.epochsRun());
    assertEquals(2, r.bestEpoch());
    assertEquals(2.0, r.bestScore());
    // step seeds: seed·1000003 + epoch·10007 + step index, as before the listeners
    assertEquals("step 1 " + (3 * 1_000_003L + 10_007L + 1), hooks.calls.get(3));
  }

  @Test
  void aResumedRunContinuesAfterItsLastEpochWithItsCounters(@TempDir Path dir) throws IOException {
    FakeHooks first = new FakeHooks(1, 2, 1.5);
    FitOptions three = FitOptions.builder().optEpochs(3).optPatience(2).optBatchSize(3).optSeed(1).build();
    TrainingLoop.run(DATA, ROWS, "fake", three, dir, first);
    assertTrue(first.calls.contains("save best"));
    assertEquals("last-3", TrainingLoop.resumePoint(dir));

    // one more bad epoch runs out of patience (best at epoch 2, epoch 3 was bad): only epoch 4 runs
    Recorder recorder = new Recorder();
    FakeHooks second = new FakeHooks(1.0);
    TrainingLoop.Result r = TrainingLoop.run(DATA, ROWS, "fake", three.toBuilder().optEpochs(10)
        .addListeners(recorder).build(), dir, second);
    assertEquals("load last-3 3", second.calls.get(0), "resumed from the resume point of epoch 3");
    assertEquals(List.of("begin at 3", "validation 3", "epoch 3 steps 1", "end"), recorder.calls);
    assertEquals(2, r.bestEpoch());
    assertEquals(4, r.epochsRun());
  }

  @Test
  void theHistoryRecordsEveryEpochOnceAcrossAResume(@TempDir Path dir) throws IOException {
    FitOptions two = FitOptions.builder().optEpochs(2).optPatience(5).optBatchSize(3).optSeed(1).build();
    TrainingLoop.run(DATA, ROWS, "fake", two, dir, new FakeHooks(1, 2));
    Path csv = dir.resolve(TrainingListeners.History.CSV);
    assertEquals(List.of("epoch,loss,skipped,score,best,reward,twice",
        "1,1.000000,0,1.000000,1,1.000000,2.000000",
        "2,1.000000,0,2.000000,1,2.000000,4.000000"), Files.readAllLines(csv));
    assertTrue(Files.size(dir.resolve(TrainingListeners.History.PNG)) > 1000, "the chart is drawn");

    // a run killed after writing epoch 3's row but before its resume point: the resumed run repeats epoch 3
    Files.writeString(csv, Files.readString(csv) + "3,9.000000,0,9.000000,1,9.000000,18.000000\n");
    TrainingLoop.run(DATA, ROWS, "fake", two.toBuilder().optEpochs(4).build(), dir, new FakeHooks(1.5, 2.5));
    assertEquals(List.of("epoch,loss,skipped,score,best,reward,twice",
        "1,1.000000,0,1.000000,1,1.000000,2.000000",
        "2,1.000000,0,2.000000,1,2.000000,4.000000",
        "3,1.000000,0,1.500000,0,1.500000,3.000000",
        "4,1.000000,0,2.500000,1,2.500000,5.000000"), Files.readAllLines(csv));
  }

  @Test
  void optionsAreValidatedWithTheirName() {
    var e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optPatience(0).build());
    assertEquals("patience must be at least 1: 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().optLearningRate(Float.NaN).build());
    assertTrue(e.getMessage().startsWith("learning rate"), e.getMessage());
  }
}
