package io.goalrank.spark.score;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;
import io.goalrank.data.shard.RequestRecord;
import io.goalrank.data.shard.RequestScores;
import io.goalrank.data.shard.ScoreFile;
import io.goalrank.data.shard.ShardFile;
import io.goalrank.data.shard.ShardedRequests;
import io.goalrank.reward.RewardModel;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Offline scoring on Spark: a frozen reward model r̂ scores every request of a sharded set once, one Spark task per
 * shard and one model per executor JVM, and writes one {@link ScoreFile} per shard ({@code scores-NNNNN.grsc}, by
 * default beside the shards): per request the click probability of every candidate and the auxiliary lists
 * {@link #LISTS} with their rewards r̂(l). These are what training asks the frozen models again and again
 * ({@code ScoreCache} keeps the probabilities as a float[N] per request on the heap).
 */
public final class OfflineScoring {
  /** The auxiliary lists: r̂'s own greedy list, and the earlier stage's order (top-L by its scores). */
  public static final List<String> LISTS = List.of("reward-greedy", "stage-order");

  /**
   * @param rewardModel a saved reward model ({@code reward}, {@code click-reward} or {@code list-reward})
   * @param listLength L
   * @param batchSize requests scored together
   */
  public record Settings(Path rewardModel, int listLength, int batchSize) implements Serializable {
    public Settings {
      if (listLength < 1 || batchSize < 1) {
        throw new IllegalArgumentException("listLength and batchSize must be positive: " + listLength + ", "
            + batchSize);
      }
    }
  }

  private final SparkSession spark;

  public OfflineScoring(SparkSession spark) {
    this.spark = spark;
  }

  /** Scores every request of the set in {@code requests} into {@code out}; returns how many were scored. */
  public long score(Path requests, Path out, Settings settings) throws IOException {
    ShardedRequests set = ShardedRequests.open(requests);
    Files.createDirectories(out);
    List<String> shards = set.shards().stream().map(p -> p.toAbsolutePath().toString()).toList();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(shards, shards.size())
        .map(new ScoreShard(out.toAbsolutePath().toString(), settings.rewardModel().toAbsolutePath().toString(),
            settings.listLength(), settings.batchSize()))
        .reduce(Long::sum);
  }

  /**
   * The scores of one batch: r̂'s probabilities, its greedy list and the stage order, and r̂ of both lists. Shared
   * with the tests, which compute the same batches without Spark.
   */
  public static List<RequestScores> score(RewardModel reward, List<RequestRecord> records, int listLength) {
    RequestBatch batch = ShardedRequests.batch(records);
    float[][] p = reward.probabilities(batch);
    int[][] greedy = reward.greedy(batch, listLength).lists();
    int[][][] lists = new int[batch.size()][][];
    for (int b = 0; b < batch.size(); b++) {
      lists[b] = new int[][] {greedy[b], TopK.select(batch.retrieverScores()[b], listLength)};
    }
    float[][] rewards = reward.score(batch, lists);
    List<RequestScores> out = new ArrayList<>(batch.size());
    for (int b = 0; b < batch.size(); b++) {
      out.add(new RequestScores(records.get(b).id(), p[b], lists[b], rewards[b]));
    }
    return out;
  }

  /** Scores one shard, a batch of records in memory at a time. */
  private record ScoreShard(String outDir, String model, int listLength, int batchSize)
      implements Function<String, Long>, Serializable {
    private static final Map<String, RewardModel> MODELS = new ConcurrentHashMap<>();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(RewardModel::close),
          "goalrank-reward-models-close"));
    }

    @Override
    public Long call(String shard) throws IOException {
      RewardModel reward = MODELS.computeIfAbsent(model, m -> {
        try {
          return RewardModel.load(Path.of(m));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      long count = 0;
      try (ShardFile.Reader in = ShardFile.reader(Path.of(shard));
          ScoreFile.Writer out = ScoreFile.writer(ScoreFile.of(Path.of(outDir), Path.of(shard)), LISTS)) {
        List<RequestRecord> batch = new ArrayList<>(batchSize);
        while (in.hasNext() || !batch.isEmpty()) {
          if (in.hasNext() && batch.size() < batchSize) {
            batch.add(in.next());
            continue;
          }
          List<RequestScores> scores;
          synchronized (reward) { // tasks of one JVM share the network; DJL's training-side model is not shared-safe
            scores = score(reward, batch, listLength);
          }
          for (RequestScores s : scores) {
            out.write(s);
          }
          count += scores.size();
          batch.clear();
        }
      }
      return count;
    }
  }
}
