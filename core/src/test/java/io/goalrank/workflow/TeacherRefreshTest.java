package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.reward.SwappableReward;
import io.goalrank.sim.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-policy teacher refresh on a tiny simulator: what it shows, to whom, how much, and that it repeats. */
class TeacherRefreshTest {
  private static final long SEED = 21;
  private static final int PER_REQUEST = 2;
  private static final int REFRESH = 3;
  private static PreparedDataset data;

  @BeforeAll
  static void simulate() {
    data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(80).interactionsPerUser(20, 26).seed(SEED).build(),
        ProtocolConfig.builder().optCoreK(5).optSeed(SEED).build(),
        new MfRetriever.Options(8, 1, 4096, 5e-3f, 1e-5f, SEED));
  }

  private static TrainingSettings settings(TrainingSettings.RewardKind kind, int every) {
    return TrainingSettings.builder().optRewardSize("tiny").optGeneratorSize("tiny").optRewardEpochs(1)
        .optGeneratorEpochs(2).optPatience(2).optBatchSize(64).optImpressionsPerRequest(PER_REQUEST)
        .optGroup(GroupSpec.parse("mf-order:1,random:2,generator:3")).optRewardKind(kind).optSeed(SEED)
        .optTeacher(TeacherOptions.DEFAULT.withRefresh(OnPolicyRefresh.builder().optEveryEpochs(every)
            .optImpressionsPerRequest(REFRESH).build()))
        .build();
  }

  /** A fresh, untrained generator: the refresh only needs something to sample from. */
  private static NetworkTrainer<PointerGenerator> generator(TrainingSettings s) {
    return new NetworkTrainer<>(new PointerGenerator(ModelShapes.modelConfig(data, "tiny", s), 0), 1e-3f, 0f, 5f,
        SEED);
  }

  /** One refresh of {@code reward} by a fresh generator; its impressions, and r̂ after it on {@code batch}. */
  private static Object[] refreshOnce(TrainingSettings s, RewardModel reward, RequestBatch batch, int[][][] lists)
      throws Exception {
    try (NetworkTrainer<PointerGenerator> gen = generator(s)) {
      SwappableReward teacher = new SwappableReward(reward.cachedOn(data));
      List<String> log = new ArrayList<>();
      TeacherRefresher refresher = new TeacherRefresher(data, Workflow.simulatorOf(data), s, reward, teacher, null,
          new GeneratorPolicy("goalrank", gen, 1f), log::add);
      long before = refresher.impressions().count();
      TeacherRefresher.Refresh r = refresher.refreshOnce(1);
      assertEquals(1, log.size());
      assertTrue(log.get(0).startsWith("teacher refresh 1 after epoch 1"), log.get(0));
      assertTrue(teacher.current() != reward, "the refreshed teacher is swapped in");
      try (RewardModel refreshed = refresher.teacher()) {
        return new Object[] {refresher.impressions(), before, r, teacher.score(batch, lists)};
      }
    }
  }

  @Test
  void aRefreshShowsTheGeneratorsListsToTrainingRequestsOnlyAndRepeatsForASeed() throws Exception {
    TrainingSettings s = settings(TrainingSettings.RewardKind.CLICKS, 1);
    int[] train = data.indices(Split.TRAIN);
    int[] valid = data.indices(Split.VALID);
    RequestBatch batch = data.batch(Arrays.copyOf(valid, Math.min(16, valid.length)));
    try (RewardModel reward = Workflow.trainReward(data, s, null)) {
      int[][][] lists = new int[batch.size()][][];
      for (int b = 0; b < lists.length; b++) {
        lists[b] = new int[][] {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}};
      }
      float[][] initial = reward.score(batch, lists);
      Object[] first = refreshOnce(s, reward, batch, lists);
      Impressions shown = (Impressions) first[0];
      // the logged impressions of the training requests, then M of the generator's per training request
      assertEquals((long) train.length * PER_REQUEST, (long) first[1]);
      assertEquals((long) train.length * REFRESH, ((TeacherRefresher.Refresh) first[2]).added());
      assertEquals((long) train.length * (PER_REQUEST + REFRESH), shown.count());
      for (int r : train) {
        assertEquals(PER_REQUEST + REFRESH, shown.lists()[r].length);
      }
      for (int r : valid) {
        assertNull(shown.lists()[r], "validation request " + r + " was shown to the user model");
      }
      for (int r : data.indices(Split.TEST)) {
        assertNull(shown.lists()[r], "test request " + r + " was shown to the user model");
      }
      // the initial reward model is untouched; the refreshed one differs
      assertArrayEquals(initial[0], reward.score(batch, lists)[0], 0f);
      assertFalse(Arrays.equals(initial[0], ((float[][]) first[3])[0]), "the refresh changed r̂");
      // the same seed: the same lists, the same clicks, the same refreshed teacher
      Object[] second = refreshOnce(s, reward, batch, lists);
      Impressions again = (Impressions) second[0];
      for (int r : train) {
        assertTrue(Arrays.deepEquals(shown.lists()[r], again.lists()[r]), "lists of row " + r);
        assertTrue(Arrays.deepEquals(shown.clicks()[r], again.clicks()[r]), "clicks of row " + r);
      }
      float[][] a = (float[][]) first[3];
      float[][] b = (float[][]) second[3];
      for (int k = 0; k < a.length; k++) {
        assertArrayEquals(a[k], b[k], 1e-6f);
      }
    }
  }

  @Test
  void onlyTrainingRequestsAreSampledAndTheUserModelAnswersOnlyForTheRowsItIsGiven() throws Exception {
    TrainingSettings s = settings(TrainingSettings.RewardKind.CLICKS, 1);
    int[] train = data.indices(Split.TRAIN);
    try (RewardModel reward = Workflow.trainReward(data, s, null); NetworkTrainer<PointerGenerator> gen = generator(s)) {
      TeacherRefresher refresher = new TeacherRefresher(data, Workflow.simulatorOf(data), s, reward,
          new SwappableReward(reward), null, new GeneratorPolicy("goalrank", gen, 1f), line -> { });
      int[][][] lists = refresher.sampleLists(1);
      java.util.Set<Integer> trainRows = java.util.Arrays.stream(train).boxed().collect(java.util.stream.Collectors.toSet());
      for (int r = 0; r < data.size(); r++) {
        assertEquals(trainRows.contains(r), lists[r] != null, "row " + r + " (" + data.split(r) + ")");
        if (lists[r] != null) {
          assertEquals(REFRESH, lists[r].length);
        }
      }
      // the user model clicks on exactly the lists it is given, for the rows it is given, the same for a seed
      int[] some = Arrays.copyOf(train, 5);
      Impressions a = io.goalrank.sim.ImpressionSimulator.feedback(Workflow.simulatorOf(data), data, some, lists, 9);
      Impressions b = io.goalrank.sim.ImpressionSimulator.feedback(Workflow.simulatorOf(data), data, some, lists, 9);
      assertEquals(5L * REFRESH, a.count());
      for (int r : some) {
        assertTrue(Arrays.deepEquals(lists[r], a.lists()[r]));
        assertTrue(Arrays.deepEquals(a.clicks()[r], b.clicks()[r]));
      }
    }
  }

  @Test
  void goalRankTrainsAgainstTheRefreshedTeacherAndSavesIt(@TempDir Path dir) throws Exception {
    TrainingSettings s = settings(TrainingSettings.RewardKind.LIST, 1);
    try (RewardModel reward = Workflow.trainReward(data, s, null)) {
      List<String> log = new ArrayList<>();
      var run = TeacherRefreshStage.trainGoalRank(data, reward, null, s, dir, log::add);
      try (var gen = run.generator().network(); RewardModel teacher = run.teacher()) {
        // two epochs, a refresh after every one but the last
        assertEquals(1, run.refreshes().size());
        assertEquals(log, run.refreshes());
        assertTrue(teacher != reward && teacher.isListAware());
        assertEquals("list-reward", Checkpoint.read(dir.resolve(TeacherRefreshStage.TEACHER_DIR)).kind());
        assertTrue(Files.readString(dir.resolve(TeacherRefreshStage.LOG)).contains("teacher refresh 1 after epoch 1"));
        // the refresh rebased early stopping: epoch 2, judged by the refreshed teacher alone, is the best so far
        assertEquals("2", Checkpoint.read(dir).provenance().get("bestEpoch"));
      }
    }
  }

  @Test
  void realDataAndTeachersWithoutImpressionsAreRefusedNamingTheFlag() {
    PreparedDataset real = data.withInfo(java.util.Map.of()).withConfig(SimulatorConfig.PROVENANCE, null);
    var e = assertThrows(IllegalArgumentException.class,
        () -> TeacherRefreshStage.check(real, settings(TrainingSettings.RewardKind.CLICKS, 1)));
    assertTrue(e.getMessage().contains("--teacher-refresh") && e.getMessage().contains("real log"), e.getMessage());
    var p = assertThrows(IllegalArgumentException.class,
        () -> TeacherRefreshStage.check(data, settings(TrainingSettings.RewardKind.POINTWISE, 1)));
    assertTrue(p.getMessage().contains("--teacher-refresh"), p.getMessage());
    // a training path that does not refresh refuses rather than ignoring the flag
    var g = assertThrows(IllegalArgumentException.class, () -> GeneratorStage.trainGoalRank(data,
        Workflow.utilities(data, null).get(1), (io.goalrank.policy.ScoreCache) null,
        settings(TrainingSettings.RewardKind.CLICKS, 1), null));
    assertTrue(g.getMessage().contains("--teacher-refresh"), g.getMessage());
    // K at or above the epochs run would refresh nothing: refused rather than quietly ignored
    var k = assertThrows(IllegalArgumentException.class,
        () -> TeacherRefreshStage.checkSettings(settings(TrainingSettings.RewardKind.CLICKS, 2)));
    assertTrue(k.getMessage().contains("--teacher-refresh 2") && k.getMessage().contains("never refresh"),
        k.getMessage());
  }

  @Test
  void withoutTheFlagNothingIsRecordedOrRefreshed() {
    TrainingSettings off = settings(TrainingSettings.RewardKind.CLICKS, 0);
    assertTrue(off.teacher().isDefault(), "refresh settings without refreshes are the default");
    assertEquals(TeacherOptions.DEFAULT.toString(), off.teacher().toString());
    // the text experiment identities embed, as before the refresh existed
    assertFalse(TeacherOptions.DEFAULT.toString().contains("refresh"), TeacherOptions.DEFAULT.toString());
    assertFalse(off.identity().contains("teacher="), off.identity());
    assertFalse(RunFolder.generatorSettings(off).containsKey("--teacher-refresh"));
    TrainingSettings on = settings(TrainingSettings.RewardKind.CLICKS, 4);
    assertEquals("4", RunFolder.generatorSettings(on).get("--teacher-refresh"));
    assertEquals("3", RunFolder.generatorSettings(on).get("--refresh-impressions"));
    assertTrue(on.teacher().toString().contains("refresh="), on.teacher().toString());
    // refreshes follow every K-th epoch, never the last
    OnPolicyRefresh every2 = on.teacher().refresh().toBuilder().optEveryEpochs(2).build();
    List<Integer> after = new ArrayList<>();
    for (int e = 0; e < 7; e++) {
      if (every2.refreshesAfter(e, 7)) {
        after.add(e + 1);
      }
    }
    assertEquals(List.of(2, 4, 6), after);
    assertFalse(OnPolicyRefresh.OFF.refreshesAfter(0, 7));
  }
}
