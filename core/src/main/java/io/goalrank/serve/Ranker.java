package io.goalrank.serve;

import io.goalrank.data.IdIndex;
import io.goalrank.engine.DjlEngine;
import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.engine.Engines;
import io.goalrank.engine.RankingEngine;
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
 * The serving model: a GoalRank generator in a {@link RankingEngine}, its item ids and the request parser, ranking a
 * list of queries with as few forward passes as possible. {@link #rank} is as thread-safe as its engine
 * ({@link RankingEngine#threadSafe()}): the {@link MicroBatcher} runs one worker unless the engine is (the Java engine
 * also spreads each batch over its own threads).
 */
public final class Ranker implements AutoCloseable {
  private final RankingEngine engine;
  private final RequestParser parser;
  private final ModelInfo info;

  /** A generator served by the DJL engine. */
  public Ranker(NetworkTrainer<PointerGenerator> generator, IdIndex items, String version, String source,
      int maxCandidates) {
    this(new DjlEngine(generator), items, version, source, maxCandidates);
  }

  /**
   * @param version shown by {@code GET /v1/model} and in every response, so clients can tell which model ranked
   */
  public Ranker(RankingEngine engine, IdIndex items, String version, String source, int maxCandidates) {
    this(engine, items, version, source, RequestLimits.of(maxCandidates));
  }

  /** @param limits what one request may ask for: candidates, and cost (candidates × history items read) */
  public Ranker(RankingEngine engine, IdIndex items, String version, String source, RequestLimits limits) {
    ModelConfig c = engine.config();
    int maxCandidates = limits.maxCandidates();
    long maxRequestCost = limits.requestCostLimit(c.maxHistory());
    if (items.size() > c.numItems()) {
      throw new IllegalArgumentException(items.size() + " item ids for a model of " + c.numItems() + " items");
    }
    this.engine = engine;
    boolean conditioned = engine.objectives() > 0;
    this.parser = new RequestParser(items, c.listLength(), maxCandidates, conditioned, c.readsRetrieverScores(),
        c.maxHistory(), maxRequestCost);
    this.info = new ModelInfo(version, conditioned ? "conditioned-generator" : "generator", source, c.numItems(),
        c.hidden(), c.heads(), c.encoderLayers(), c.decoderLayers(), c.listLength(), c.maxHistory(),
        engine.parameterCount(), maxCandidates, maxRequestCost, c.readsRetrieverScores(),
        conditioned ? Objectives.NAMES : List.of(), engine.kind().label());
  }

  /** {@link #load(Path, int, EngineKind)} on the DJL engine. */
  public static Ranker load(Path dir, int maxCandidates) throws IOException {
    return load(dir, maxCandidates, EngineKind.DJL);
  }

  /** {@link #load(Path, RequestLimits, EngineSettings)} with a candidate limit only, on the engine's default threads. */
  public static Ranker load(Path dir, int maxCandidates, EngineKind kind) throws IOException {
    return load(dir, RequestLimits.of(maxCandidates), EngineSettings.of(kind));
  }

  /**
   * Loads a generator directory as every trainer saves it (weights, {@code model.json}, {@code items.txt}) into the
   * given engine; the version is the first 12 hex digits of the weights' SHA-256.
   *
   * @throws io.goalrank.engine.vector.UnsupportedModelException when the Java engine cannot run the checkpoint
   */
  public static Ranker load(Path dir, RequestLimits limits, EngineSettings engineSettings) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": " + (Files.exists(dir) ? "is a file" : "does not exist") + "; --model takes a "
          + "generator directory (from `goalrank train`, `demo` or `experiment`)");
    }
    // Models says what a directory holds when it is not a generator, and names a bad weights file
    RankingEngine engine = Engines.load(dir, engineSettings);
    try {
      List<String> ids = Models.loadItems(dir);
      int modelItems = engine.config().numItems();
      if (ids.size() != modelItems) { // items.txt of another dataset would map every request id to the wrong item
        throw new IOException(dir + ": " + Checkpoint.ITEMS + " lists " + ids.size() + " item ids, but the model "
            + "was trained on " + modelItems + " items; copy the model directory whole, as its trainer saved it");
      }
      IdIndex items = IdIndex.of(ids);
      String version = io.goalrank.util.FileDigests.sha256(dir.resolve(Checkpoint.WEIGHTS)).substring(0, 12);
      return new Ranker(engine, items, version, dir.toString(), limits);
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** An untrained generator over ids {@code i0..i(n-1)} on the DJL engine: for tests, load tests and benchmarks. */
  public static Ranker random(ModelConfig config, long seed, int maxCandidates) {
    return random(config, seed, maxCandidates, EngineKind.DJL);
  }

  /** As {@link #random(ModelConfig, long, int)} on the given engine (the same weights for a seed on both). */
  public static Ranker random(ModelConfig config, long seed, int maxCandidates, EngineKind kind) {
    return random(config, seed, RequestLimits.of(maxCandidates), EngineSettings.of(kind));
  }

  /** As {@link #random(ModelConfig, long, int, EngineKind)} with request limits and the engine's threads. */
  public static Ranker random(ModelConfig config, long seed, RequestLimits limits, EngineSettings engineSettings) {
    RankingEngine engine = Engines.random(config, 0, seed, engineSettings);
    List<String> ids = IntStream.range(0, config.numItems()).mapToObj(i -> "i" + i).toList();
    return new Ranker(engine, IdIndex.of(ids), "random-seed-" + seed, "random", limits);
  }

  public RequestParser parser() {
    return parser;
  }

  public ModelInfo info() {
    return info;
  }

  public RankingEngine engine() {
    return engine;
  }

  /**
   * Ranks every query. Queries with the same candidate count share one greedy decode (the batch tensors need one
   * N); results come back in query order.
   */
  public List<RankResponse> rank(List<RankQuery> queries) {
    return rank(queries, k -> false);
  }

  /**
   * As {@link #rank(List)}, dropping work for queries whose answers are no longer wanted: a candidate-count group
   * whose queries are all {@code cancelled} is not decoded, and an engine that can stop midway
   * ({@link RankingEngine#greedy(io.goalrank.core.RequestBatch, float[][], java.util.function.IntPredicate)}) stops.
   * A dropped query's answer is null.
   *
   * @param cancelled whether query {@code k} is no longer wanted (its client was answered at its deadline)
   */
  public List<RankResponse> rank(List<RankQuery> queries, java.util.function.IntPredicate cancelled) {
    Map<Integer, List<Integer>> byCount = new LinkedHashMap<>();
    for (int k = 0; k < queries.size(); k++) {
      byCount.computeIfAbsent(queries.get(k).candidates().length, n -> new ArrayList<>()).add(k);
    }
    Map<Integer, RankResponse> out = new HashMap<>();
    for (List<Integer> rows : byCount.values()) {
      if (rows.stream().allMatch(cancelled::test)) {
        continue;
      }
      List<RankQuery> group = rows.stream().map(queries::get).toList();
      GeneratorPolicy.GreedyLists greedy = engine.greedy(RankQuery.batch(group), objectiveWeights(group),
          r -> cancelled.test(rows.get(r)));
      for (int r = 0; r < group.size(); r++) {
        RankQuery q = group.get(r);
        if (greedy.lists()[r] == null) {
          continue; // dropped by the engine: nobody waits for it
        }
        out.put(rows.get(r), new RankResponse(q.user(), parser.itemIds(q, greedy.lists()[r]),
            greedy.stepProbabilities()[r], info.version(), Math.min(q.history().length, info.maxHistory()),
            q.unknownHistory()));
      }
    }
    return IntStream.range(0, queries.size()).mapToObj(out::get).toList();
  }

  /**
   * The native memory {@link #rank} holds at its peak for these queries, by the engine's estimate: each
   * candidate-count group is one decode padded to its longest history, and the groups run one after another, each
   * freeing its arrays before the next starts, so the peak is the largest group's.
   */
  public long nativeBytes(List<RankQuery> queries) {
    Map<Integer, int[]> groups = new HashMap<>(); // N -> {requests, longest history read}
    for (RankQuery q : queries) {
      int[] g = groups.computeIfAbsent(q.candidates().length, n -> new int[2]);
      g[0]++;
      g[1] = Math.max(g[1], RankQuery.historyRead(Math.min(q.history().length, info.maxHistory())));
    }
    var memory = engine.nativeMemory();
    long peak = 0;
    for (Map.Entry<Integer, int[]> e : groups.entrySet()) {
      peak = Math.max(peak, memory.batchBytes(e.getValue()[0], e.getKey(), e.getValue()[1]));
    }
    return peak;
  }

  /**
   * The native bytes of the costliest single request the limits admit (candidates up to {@code max_candidates},
   * history up to {@code max_history}, their product up to {@code max_request_cost}): what a memory budget must leave
   * for batches so that no admissible request is refused for memory.
   */
  public long largestRequestBytes() {
    var memory = engine.nativeMemory();
    int minCandidates = engine.config().listLength();
    long largest = 0;
    for (int n = Math.max(1, minCandidates); n <= info.maxCandidates(); n++) {
      long history = Math.min(info.maxHistory(), info.maxRequestCost() / n);
      if (history < 1) {
        break; // a longer candidate list costs more than the limit even with an empty history
      }
      largest = Math.max(largest, memory.batchBytes(1, n, (int) history));
    }
    return largest;
  }

  /** A conditioned model decodes each query for its own weights (relevance only when it gave none); else null. */
  private float[][] objectiveWeights(List<RankQuery> group) {
    if (engine.objectives() == 0) {
      return null;
    }
    float[][] weights = new float[group.size()][];
    for (int r = 0; r < group.size(); r++) {
      float[] w = group.get(r).objective();
      weights[r] = w != null ? w : Objectives.relevanceOnly();
    }
    return weights;
  }

  @Override
  public void close() {
    engine.close();
  }
}
