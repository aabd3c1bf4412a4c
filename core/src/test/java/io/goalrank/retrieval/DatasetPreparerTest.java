package io.goalrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.CoreFilter;
import io.goalrank.data.Interactions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.data.Split;
import io.goalrank.data.Timeline;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPreparerTest {
  private static final int L = 6;
  private static final int N = 50;
  private static Interactions log;
  private static PreparedDataset retriever;

  static ProtocolConfig config(NegativeSampling negatives) {
    return ProtocolConfig.builder().optCoreK(5).optNegatives(negatives).optSeed(7).build();
  }

  static PreparedDataset prepare(NegativeSampling negatives) {
    ProtocolConfig c = config(negatives);
    MfRetriever.Options o = new MfRetriever.Options(16, 3, 1024, 1e-2f, 1e-5f, c.seed());
    return new DatasetPreparer(c, o).prepare("sim", log);
  }

  @BeforeAll
  static void setUp() {
    log = Simulator.create(SimulatorConfig.builder().users(300).items(200).interactionsPerUser(25, 40).seed(3).build())
        .generateLog();
    retriever = prepare(NegativeSampling.RETRIEVER);
  }

  // ---------------------------------------------------------------- topUnseen / forceTargets

  @Test
  void topUnseenSkipsSeenAndBreaksTiesByIndex() {
    float[] s = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f, 0.9f};
    assertArrayEquals(new int[] {2, 5, 4}, DatasetPreparer.topUnseen(s, Set.of(1), 3));
    assertArrayEquals(new int[] {1, 2, 5, 4, 0, 3}, DatasetPreparer.topUnseen(s, Set.of(), 10));
  }

  @Test
  void forceTargetsReplacesTheLowestScoredNonTargets() {
    float[] s = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
    int[] top = DatasetPreparer.topUnseen(s, Set.of(), 5); // 0 1 2 3 4
    // 3 is already in; 8 and 9 are missing and take the slots of 4 and 2 (3 is a target, so it stays)
    assertArrayEquals(new int[] {0, 1, 9, 3, 8}, DatasetPreparer.forceTargets(top, new int[] {8, 3, 9}, s));
    // nothing missing: unchanged
    assertArrayEquals(top, DatasetPreparer.forceTargets(top, new int[] {4, 0}, s));
  }

  @Test
  void topUnseenAndForceTargetsMatchASortBasedReference() {
    Random rnd = new Random(20240611);
    for (int trial = 0; trial < 2000; trial++) {
      int items = 8 + rnd.nextInt(120);
      int n = 2 + rnd.nextInt(Math.min(items / 2, 60));
      float[] s = new float[items];
      int levels = 1 + rnd.nextInt(20); // few levels → many ties
      for (int i = 0; i < items; i++) {
        s[i] = rnd.nextInt(levels) / (float) levels - 0.5f;
      }
      Set<Integer> seen = new HashSet<>();
      int maxSeen = items - n;
      int seenCount = rnd.nextInt(maxSeen + 1);
      while (seen.size() < seenCount) {
        seen.add(rnd.nextInt(items));
      }
      List<Integer> unseen = IntStream.range(0, items).filter(i -> !seen.contains(i)).boxed()
          .sorted((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b))
          .collect(Collectors.toList());
      int[] expectedTop = unseen.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
      int[] top = DatasetPreparer.topUnseen(s, seen, n);
      assertArrayEquals(expectedTop, top, "trial " + trial);

      int numTargets = 1 + rnd.nextInt(Math.min(n - 1, 6));
      List<Integer> shuffled = new ArrayList<>(unseen);
      java.util.Collections.shuffle(shuffled, rnd);
      int[] targets = shuffled.subList(0, numTargets).stream().mapToInt(Integer::intValue).toArray();
      Set<Integer> targetSet = Arrays.stream(targets).boxed().collect(Collectors.toSet());
      int[] forced = DatasetPreparer.forceTargets(top, targets, s);

      Set<Integer> expected = new HashSet<>(targetSet);
      unseen.stream().filter(i -> !targetSet.contains(i)).limit(n - numTargets).forEach(expected::add);
      Set<Integer> got = Arrays.stream(forced).boxed().collect(Collectors.toSet());
      assertEquals(n, forced.length, "trial " + trial);
      assertEquals(n, got.size(), "duplicates in trial " + trial);
      assertEquals(expected, got, "trial " + trial);
      for (int i : forced) {
        assertFalse(seen.contains(i), "seen item in trial " + trial);
      }
      // the kept non-targets stay where they were, best first
      for (int k = 0; k < n; k++) {
        if (!targetSet.contains(forced[k])) {
          assertEquals(top[k], forced[k], "trial " + trial);
        }
      }
    }
  }

  /** A user who consumed all but fewer than N items cannot get N unseen candidates: dropped, not a crash. */
  @Test
  void usersWithFewerThanNUnseenItemsAreDropped() {
    io.goalrank.data.IdIndex.Builder u = new io.goalrank.data.IdIndex.Builder();
    io.goalrank.data.IdIndex.Builder it = new io.goalrank.data.IdIndex.Builder();
    List<int[]> rows = new ArrayList<>();
    for (int j = 0; j < 10; j++) { // light users: 1 history item + 6 targets, together covering 60 items
      for (int k = 0; k < 7; k++) {
        rows.add(new int[] {u.add("b" + j), it.add("i" + ((6 * j + k) % 60))});
      }
    }
    for (int k = 0; k < 26; k++) { // heavy user: 20 history items, 60 - 20 = 40 unseen < N
      rows.add(new int[] {u.add("heavy"), it.add("i" + k)});
    }
    int m = rows.size();
    Interactions small = new Interactions(u.build(), it.build(), rows.stream().mapToInt(x -> x[0]).toArray(),
        rows.stream().mapToInt(x -> x[1]).toArray(), new float[m], IntStream.range(0, m).asLongStream().toArray(),
        io.goalrank.data.ItemCatalog.empty());
    ProtocolConfig c = ProtocolConfig.builder().optCoreK(0).optSeed(1).build();
    PreparedDataset p = new DatasetPreparer(c, new MfRetriever.Options(4, 1, 64, 1e-2f, 0f, 1)).prepare("tiny", small);
    assertEquals(10, p.size());
    assertEquals("1", p.info().get("stats.usersDroppedTooFewUnseen"));
    for (int r = 0; r < p.size(); r++) {
      assertEquals(N, Arrays.stream(p.candidates(r)).distinct().count());
    }
  }

  // ---------------------------------------------------------------- end to end

  /** The timelines of the filtered log, by raw user id. */
  private static Map<String, Timeline> timelines(PreparedDataset p) {
    Interactions data = CoreFilter.apply(log, 5);
    assertEquals(data.userIds().rawIds(), p.userIds().rawIds());
    assertEquals(data.itemIds().rawIds(), p.itemIds().rawIds());
    Map<String, Timeline> out = new HashMap<>();
    for (Timeline t : Timeline.of(data, 4f)) {
      out.put(data.userIds().rawId(t.user()), t);
    }
    return out;
  }

  private static void assertInvariants(PreparedDataset p) {
    Map<String, Timeline> byUser = timelines(p);
    assertTrue(p.size() > 200, "requests: " + p.size());
    Set<Integer> usersSeen = new HashSet<>();
    for (int r = 0; r < p.size(); r++) {
      assertTrue(usersSeen.add(p.user(r)), "one request per user");
      Timeline t = byUser.get(p.userIds().rawId(p.user(r)));
      int cut = t.length() - L;
      assertArrayEquals(Arrays.copyOfRange(t.items(), cut, t.length()), p.targets(r));
      assertArrayEquals(Arrays.copyOfRange(t.positive(), cut, t.length()), p.targetPositive(r));
      int from = Math.max(0, cut - 50);
      assertArrayEquals(Arrays.copyOfRange(t.items(), from, cut), p.history(r));
      assertArrayEquals(Arrays.copyOfRange(t.positive(), from, cut), p.historyPositive(r));

      int[] c = p.candidates(r);
      assertEquals(N, c.length);
      Set<Integer> cands = Arrays.stream(c).boxed().collect(Collectors.toSet());
      assertEquals(N, cands.size(), "distinct candidates");
      for (int g : p.targets(r)) {
        assertTrue(cands.contains(g), "target in candidates");
      }
      for (int i = 0; i < cut; i++) {
        assertFalse(cands.contains(t.items()[i]), "a consumed item is a candidate");
      }
      Set<Integer> positives = new HashSet<>();
      for (int g = 0; g < L; g++) {
        if (p.targetPositive(r)[g] == 1) {
          positives.add(p.targets(r)[g]);
        }
      }
      float[] lab = p.labels(r);
      assertEquals(N, lab.length);
      assertEquals(N, p.retrieverScores(r).length);
      for (int k = 0; k < N; k++) {
        assertEquals(positives.contains(c[k]) ? 1f : 0f, lab[k]);
        assertTrue(c[k] >= 0 && c[k] < p.numItems());
      }
    }
    int total = p.size();
    int test = p.indices(Split.TEST).length;
    int valid = p.indices(Split.VALID).length;
    int train = p.indices(Split.TRAIN).length;
    assertEquals(total, test + valid + train);
    assertEquals(Math.round(total * 0.2), test);
    // 10% of the rest, raised to the floor of 200 requests but never above half of the rest
    long byFraction = Math.round((total - test) * 0.1);
    assertEquals(Math.min(Math.max(byFraction, 200), Math.max(byFraction, (total - test) / 2)), valid);
    assertTrue(valid > byFraction, "this small fixture is raised to the floor");
    assertEquals(Integer.toString(total), p.info().get("stats.requests"));
  }

  @Test
  void retrieverModeSatisfiesTheProtocol() {
    assertInvariants(retriever);
    assertEquals("retriever", retriever.info().get("protocol.negatives"));
  }

  @Test
  void matchedModeSatisfiesTheProtocol() {
    PreparedDataset matched = prepare(NegativeSampling.MATCHED);
    assertInvariants(matched);
    assertEquals("matched", matched.info().get("protocol.negatives"));
    // same split and ground truth as the retriever mode; only the negatives differ
    for (int r = 0; r < matched.size(); r++) {
      assertEquals(retriever.user(r), matched.user(r));
      assertEquals(retriever.split(r), matched.split(r));
      assertArrayEquals(retriever.targets(r), matched.targets(r));
    }
  }

  @Test
  void sameSeedGivesTheSameDataset() {
    assertSameData(retriever, prepare(NegativeSampling.RETRIEVER), false);
  }

  @Test
  void writeThenReadIsIdentical(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/prepared.bin");
    retriever.write(file);
    assertSameData(retriever, PreparedDataset.read(file), true);
  }

  private static void assertSameData(PreparedDataset a, PreparedDataset b, boolean sameInfo) {
    assertEquals(a.size(), b.size());
    assertEquals(a.userIds().rawIds(), b.userIds().rawIds());
    assertEquals(a.itemIds().rawIds(), b.itemIds().rawIds());
    assertArrayEquals(a.itemCounts(), b.itemCounts());
    assertEquals(a.catalog().titles(), b.catalog().titles());
    assertEquals(a.catalog().categoryNames(), b.catalog().categoryNames());
    assertEquals(a.catalog().categories().size(), b.catalog().categories().size());
    for (int i = 0; i < a.catalog().categories().size(); i++) {
      assertArrayEquals(a.catalog().categories().get(i), b.catalog().categories().get(i));
    }
    for (int r = 0; r < a.size(); r++) {
      assertEquals(a.user(r), b.user(r));
      assertEquals(a.split(r), b.split(r));
      assertArrayEquals(a.history(r), b.history(r));
      assertArrayEquals(a.historyPositive(r), b.historyPositive(r));
      assertArrayEquals(a.targets(r), b.targets(r));
      assertArrayEquals(a.targetPositive(r), b.targetPositive(r));
      assertArrayEquals(a.candidates(r), b.candidates(r));
      assertArrayEquals(a.labels(r), b.labels(r));
      assertArrayEquals(a.retrieverScores(r), b.retrieverScores(r));
    }
    if (sameInfo) {
      assertEquals(a.info(), b.info());
    } else {
      Map<String, String> ia = new HashMap<>(a.info());
      Map<String, String> ib = new HashMap<>(b.info());
      for (Map<String, String> m : List.of(ia, ib)) {
        m.keySet().removeIf(k -> k.endsWith("Seconds"));
      }
      assertEquals(ia, ib);
    }
  }
}
