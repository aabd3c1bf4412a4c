package io.goalrank.eval;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Small synthetic datasets and policies shared by the eval tests. */
public final class EvalFixtures {
  private EvalFixtures() {}

  /** {@code requests} requests over 200 items, N = 50, splits cycling TRAIN/VALID/TEST, some without positives. */
  static PreparedDataset dataset(int requests, long seed) {
    Random rnd = new Random(seed);
    int items = 200;
    int n = 50;
    List<String> itemIds = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      itemIds.add("i" + i);
    }
    int[] counts = new int[items];
    for (int i = 0; i < items; i++) {
      counts[i] = rnd.nextInt(100);
    }
    int[] users = new int[requests];
    byte[] splits = new byte[requests];
    int[][] history = new int[requests][];
    byte[][] historyPositive = new byte[requests][];
    int[][] targets = new int[requests][];
    byte[][] targetPositive = new byte[requests][];
    int[][] candidates = new int[requests][n];
    float[][] labels = new float[requests][n];
    float[][] retriever = new float[requests][n];
    for (int r = 0; r < requests; r++) {
      users[r] = r % 10;
      splits[r] = Split.values()[r % 3].code();
      history[r] = new int[] {rnd.nextInt(items)};
      historyPositive[r] = new byte[] {1};
      targets[r] = new int[0];
      targetPositive[r] = new byte[0];
      double density = r % 5 == 0 ? 0 : 0.15; // every 5th request has no positive
      for (int i = 0; i < n; i++) {
        candidates[r][i] = (r * 7 + i * 3) % items;
        labels[r][i] = rnd.nextDouble() < density ? 1f : 0f;
        retriever[r][i] = labels[r][i] + (float) rnd.nextGaussian();
      }
    }
    List<String> userIds = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      userIds.add("u" + u);
    }
    return new PreparedDataset(new HashMap<>(), IdIndex.of(userIds), IdIndex.of(itemIds), ItemCatalog.empty(),
        counts, users, splits, history, historyPositive, targets, targetPositive, candidates, labels, retriever);
  }

  /** A policy computing each list with {@code f}, without scores. */
  static RankingPolicy fixed(String name, Function<RequestBatch, int[][]> f) {
    return new RankingPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RankedLists rank(RequestBatch batch, int listLength) {
        return RankedLists.of(f.apply(batch));
      }
    };
  }

  /** A utility: the fraction of positives in the list (needs labels). */
  public static ListUtility positiveFraction() {
    return new ListUtility() {
      @Override
      public String name() {
        return "reward";
      }

      @Override
      public float[][] score(RequestBatch batch, int[][][] lists) {
        float[][] out = new float[lists.length][];
        for (int b = 0; b < lists.length; b++) {
          out[b] = new float[lists[b].length];
          for (int j = 0; j < lists[b].length; j++) {
            float s = 0;
            for (int slot : lists[b][j]) {
              s += batch.labels()[b][slot];
            }
            out[b][j] = s / lists[b][j].length;
          }
        }
        return out;
      }
    };
  }

  /** {@code n} labels, 1 at {@code positives} and 0 elsewhere. */
  static float[] labels(int n, int... positives) {
    float[] l = new float[n];
    for (int p : positives) {
      l[p] = 1f;
    }
    return l;
  }

  static RequestBatch batch(float[][] labels) {
    int b = labels.length;
    int n = labels[0].length;
    int[] ids = new int[b];
    for (int i = 0; i < b; i++) {
      ids[i] = i;
    }
    return new RequestBatch(ids, new int[b], new int[b][0], new byte[b][0], new int[b][n], labels, null);
  }
}
