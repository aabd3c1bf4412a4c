package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.Checkpoint;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.sim.SimulatorUtility;
import io.goalrank.train.GeneratorTraining;
import io.goalrank.train.Seq2SlateTrainer;
import io.goalrank.workflow.TrainingSettings;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: any generator from any command is servable. Generators trained through the library, as the experiments
 * train them (GoalRank against any list utility, the baselines through {@link GeneratorTraining}), are saved with
 * the item ids serving needs, and {@link Ranker#load} serves them as they stand.
 */
class GeneratorsAreServableTest {

  @Test
  void generatorsTrainedThroughTheLibraryLoadIntoTheRanker(@TempDir Path dir) throws Exception {
    io.goalrank.util.Progress.setEnabled(false);
    long seed = 5;
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(150).interactionsPerUser(30, 40).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(10).optSeed(seed).build(),
        new MfRetriever.Options(16, 3, 4096, 5e-3f, 1e-5f, seed));
    TrainingSettings s = TrainingSettings.builder().optGeneratorSize("tiny").optRewardSize("tiny")
        .optRewardEpochs(1).optGeneratorEpochs(1).optPatience(1).optBatchSize(64)
        .optGroup(GroupSpec.parse("mf-order:1,random:2,generator:2")).optSeed(seed).build();
    Path goalRank = dir.resolve("seed-5/models/goalrank-true-utility");
    Path seq2slate = dir.resolve("seed-5/models/seq2slate");
    try (RewardModel reward = Workflow.trainReward(data, s, null)) {
      var teacher = new SimulatorUtility(Workflow.simulatorOf(data), data.userIds(), data.itemIds());
      Workflow.trainGoalRank(data, teacher, java.util.Map.of(), s, goalRank).network().close();
      Seq2SlateTrainer.fit(data, Workflow.modelConfig(data, "tiny", s), reward,
          io.goalrank.train.FitOptions.builder().optEpochs(1).optPatience(1).optBatchSize(64).optSeed(seed + 6)
              .optDirectory(seq2slate).build(), Map.of()).network().close();
    }

    var request = data.batch(new int[] {data.indices(Split.TEST)[0]});
    List<String> candidates = new ArrayList<>();
    for (int c : request.candidates()[0]) {
      candidates.add(data.itemIds().rawId(c));
    }
    var json = new ObjectMapper();
    var body = json.createObjectNode();
    body.putArray("candidates").addAll(candidates.stream().map(json.getNodeFactory()::textNode).toList());
    // a client sends the stage-1 scores with the candidates; a model that does not read them ignores them
    var scores = body.putArray("retriever_scores");
    for (float f : data.retrieverScores(data.indices(Split.TEST)[0])) {
      scores.add(f);
    }
    for (Path model : List.of(goalRank, seq2slate)) {
      assertEquals(data.itemIds().rawIds(), Files.readAllLines(model.resolve(Checkpoint.ITEMS)), model.toString());
      try (Ranker ranker = Ranker.load(model, 1000)) {
        RankResponse response = ranker.rank(List.of(ranker.parser().parse(body))).get(0);
        assertEquals(6, response.items().size(), model.toString());
        assertEquals(6, response.items().stream().distinct().count(), model.toString());
        assertTrue(candidates.containsAll(response.items()), model.toString());
      }
    }
  }
}
