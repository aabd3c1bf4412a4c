package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.objective.Objectives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code goalrank experiment objectives --quick} end to end on the tiny simulator: every (method, w) point is
 * evaluated, the CSV, table and both plots are written, the swapped evaluator moves G-E's lists and the weights
 * move the conditioned model's lists the way they say, and a rerun reuses every trained model.
 */
class ObjectivesQuickTest {

  @Test
  void quickRunWritesTheFrontAndARerunReusesTheModels(@TempDir Path out) throws Exception {
    ExperimentConfig config = ExperimentConfig.builder().setDataset("sim").optQuick(true).optSeeds(1)
        .optGeSamples(8).optProgress(false).build();
    List<ObjectivesExperiment.Point> points =
        ObjectivesExperiment.run(config, RunDirectory.open(out, ObjectivesExperiment.NAME, config.identity()), io.goalrank.objective.WeightDraws.single(2f),
        config.settingsFor(config.baseSeed()));
    int grid = ObjectivesExperiment.GRID.size();
    assertEquals(2 * grid + ObjectivesExperiment.ANCHORS.size(), points.size());
    assertEquals(points.size() + 1, Files.readAllLines(out.resolve("objectives.csv")).size());
    for (String png : List.of("objectives-diversity.png", "objectives-novelty.png")) {
      byte[] bytes = Files.readAllBytes(out.resolve(png));
      assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png + " is no PNG");
    }
    for (var p : points) {
      assertTrue(p.result().mean("reward") > 0 && p.result().mean("diversity") > 0, p.method());
      assertTrue(Double.isFinite(p.result().mean("true-utility")), p.method());
    }
    // G-E picks, among the same proposals, the best list under Σ w_k z_k: raising a weight cannot lower that
    // objective's mean by more than noise and must raise it clearly at w = 2
    assertTrue(mean(points, "G-E (swapped evaluator)", "relevance=1,diversity=2", "diversity")
        > mean(points, "G-E (swapped evaluator)", "relevance=1", "diversity") + 0.02);
    assertTrue(mean(points, "G-E (swapped evaluator)", "relevance=1,novelty=2", "novelty")
        > mean(points, "G-E (swapped evaluator)", "relevance=1", "novelty") + 0.01);

    // the one conditioned model, asked at inference for more diversity or more novelty, delivers more of it (true
    // values: categories and popularity are the simulator's own). Two epochs only, so the margins are small; the
    // full-size run is in docs/ANALYSES.md.
    assertTrue(mean(points, "conditioned", "relevance=1,diversity=2", "diversity")
        > mean(points, "conditioned", "relevance=1", "diversity") + 0.005, "conditioned diversity did not rise: "
        + mean(points, "conditioned", "relevance=1,diversity=2", "diversity") + " vs "
        + mean(points, "conditioned", "relevance=1", "diversity"));
    assertTrue(mean(points, "conditioned", "relevance=1,novelty=2", "novelty")
        > mean(points, "conditioned", "relevance=1", "novelty") + 0.005, "conditioned novelty did not rise: "
        + mean(points, "conditioned", "relevance=1,novelty=2", "novelty") + " vs "
        + mean(points, "conditioned", "relevance=1", "novelty"));

    long written = Files.getLastModifiedTime(out.resolve("models/conditioned/weights.params")).toMillis();
    ObjectivesExperiment.run(config, RunDirectory.open(out, ObjectivesExperiment.NAME, config.identity()), io.goalrank.objective.WeightDraws.single(2f),
        config.settingsFor(config.baseSeed()));
    assertEquals(written, Files.getLastModifiedTime(out.resolve("models/conditioned/weights.params")).toMillis(),
        "a rerun retrained the conditioned model");

    // the starting-point diagnostic: the other single-objective models start from the relevance model's weights,
    // in directories of their own, which record where they started
    ObjectivesExperiment.run(config, RunDirectory.open(out, ObjectivesExperiment.NAME, config.identity()),
        io.goalrank.objective.WeightDraws.single(2f), config.settingsFor(config.baseSeed()), true);
    Path relevance = out.resolve("models/single-relevance=1.00_diversity=0.00_novelty=0.00");
    for (String other : List.of("diversity=2.00_novelty=0.00", "diversity=0.00_novelty=2.00")) {
      Path started = out.resolve("models/single-relevance=1.00_" + other + "-from-relevance/model.json");
      assertTrue(Files.readString(started).contains(relevance.toString()), started + " does not record its start");
    }
  }

  private static double mean(List<ObjectivesExperiment.Point> points, String method, String weights, String column) {
    float[] w = Objectives.parseWeights(weights);
    return points.stream().filter(p -> p.method().equals(method) && java.util.Arrays.equals(p.weights(), w))
        .findFirst().orElseThrow(() -> new AssertionError("no point " + method + " " + weights))
        .result().mean(column);
  }
}
