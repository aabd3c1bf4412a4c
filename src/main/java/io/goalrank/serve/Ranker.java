package io.goalrank.serve;

import io.goalrank.data.IdIndex;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.Models;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.objective.Objectives;
import io.goalrank.policy.GeneratorPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The serving model: a GoalRank generator, its item ids and the request parser, ranking a list of queries with as
 * few forward passes as possible. Not thread-safe: the {@link MicroBatcher}'s single worker calls {@link #rank}.
 */
public final class Ranker implements AutoCloseable {
  private final NetworkTrainer<PointerGenerator> generator;
  private final GeneratorPolicy policy;
  private final RequestParser parser;
  private final ModelInfo info;

  /**
   * @param version shown by {@code GET /v1/model} and in every response, so clients can tell which model ranked
   */
  public Ranker(NetworkTrainer<PointerGenerator> generator, IdIndex items, String version, String source,
      int maxCandidates) {
    ModelConfig c = generator.block().config();
    if (items.size() > c.numItems()) {
      throw new IllegalArgumentException(items.size() + " item ids for a model of " + c.numItems() + " items");
    }
    this.generator = generator;
    this.policy = new GeneratorPolicy("goalrank", generator, 1f);
    boolean conditioned = generator.block().objectives() > 0;
    this.parser = new RequestParser(items, c.listLength(), maxCandidates, conditioned, c.readsRetrieverScores(),
        c.maxHistory());
    this.info = new ModelInfo(version, conditioned ? "conditioned-generator" : "generator", source, c.numItems(),
        c.hidden(), c.heads(), c.encoderLayers(), c.decoderLayers(), c.listLength(), c.maxHistory(),
        generator.parameterCount(), maxCandidates, c.readsRetrieverScores(),
        conditioned ? Objectives.NAMES : List.of());
  }

  /**
   * Loads a generator directory as every trainer saves it (weights, {@code model.json}, {@code items.txt}); the
   * version is the first 12 hex digits of the weights' SHA-256.
   */
  public static Ranker load(Path dir, int maxCandidates) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": " + (Files.exists(dir) ? "is a file" : "does not exist") + "; --model takes a "
          + "generator directory (from `goalrank train`, `demo` or `experiment`)");
    }
    // Models says what a directory holds when it is not a generator, and names a bad weights file
    NetworkTrainer<PointerGenerator> gen = Models.loadGenerator(dir);
    try {
      List<String> ids = Models.loadItems(dir);
      int modelItems = gen.block().config().numItems();
      if (ids.size() != modelItems) { // items.txt of another dataset would map every request id to the wrong item
        throw new IOException(dir + ": " + Checkpoint.ITEMS + " lists " + ids.size() + " item ids, but the model "
            + "was trained on " + modelItems + " items; copy the model directory whole, as its trainer saved it");
      }
      IdIndex items = IdIndex.of(ids);
      String version = io.goalrank.util.FileDigests.sha256(dir.resolve(Checkpoint.WEIGHTS)).substring(0, 12);
      return new Ranker(gen, items, version, dir.toString(), maxCandidates);
    } catch (IOException | RuntimeException e) {
      gen.close();
      throw e;
    }
  }

  /** An untrained generator over ids {@code i0..i(n-1)}: for tests, load tests and latency benchmarks. */
  public static Ranker random(ModelConfig config, long seed, int maxCandidates) {
    var gen = new NetworkTrainer<>(new PointerGenerator(config), 0f, 0f, 0f, seed);
    List<String> ids = IntStream.range(0, config.numItems()).mapToObj(i -> "i" + i).toList();
    return new Ranker(gen, IdIndex.of(ids), "random-seed-" + seed, "random", maxCandidates);
  }

  public RequestParser parser() {
    return parser;
  }

  public ModelInfo info() {
    return info;
  }

  public GeneratorPolicy policy() {
    return policy;
  }

  /**
   * Ranks every query. Queries with the same candidate count share one greedy decode (the batch tensors need one
   * N); results come back in query order.
   */
  public List<RankResponse> rank(List<RankQuery> queries) {
    Map<Integer, List<Integer>> byCount = new LinkedHashMap<>();
    for (int k = 0; k < queries.size(); k++) {
      byCount.computeIfAbsent(queries.get(k).candidates().length, n -> new ArrayList<>()).add(k);
    }
    Map<Integer, RankResponse> out = new HashMap<>();
    for (List<Integer> rows : byCount.values()) {
      List<RankQuery> group = rows.stream().map(queries::get).toList();
      GeneratorPolicy.GreedyLists greedy = policyFor(group).greedy(RankQuery.batch(group), parser.listLength());
      for (int r = 0; r < group.size(); r++) {
        RankQuery q = group.get(r);
        out.put(rows.get(r), new RankResponse(q.user(), parser.itemIds(q, greedy.lists()[r]),
            greedy.stepProbabilities()[r], info.version(), Math.min(q.history().length, info.maxHistory()),
            q.unknownHistory()));
      }
    }
    return IntStream.range(0, queries.size()).mapToObj(out::get).toList();
  }

  /** A conditioned model decodes each query for its own weights (relevance only when it gave none). */
  private GeneratorPolicy policyFor(List<RankQuery> group) {
    if (generator.block().objectives() == 0) {
      return policy;
    }
    float[][] weights = new float[group.size()][];
    for (int r = 0; r < group.size(); r++) {
      float[] w = group.get(r).objective();
      weights[r] = w != null ? w : Objectives.relevanceOnly();
    }
    return policy.withObjectiveWeights(weights);
  }

  @Override
  public void close() {
    generator.close();
  }
}
