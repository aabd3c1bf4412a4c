package io.goalrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.IdIndex;
import io.goalrank.data.Interactions;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.data.ProtocolConfig.RequestMode;
import io.goalrank.data.Split;
import io.goalrank.data.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestMode#SLATES} on a hand-made log: window boundaries, history cut, split, the retriever's training
 * data (no leakage), candidates; and {@link NegativeSampling#RANDOM} negatives.
 */
class SlateRequestsTest {
  private static final int L = 6;
  private static final int N = 10; // small, so 40 items leave room for many slates
  private static final int MAX_HISTORY = 4;

  /**
   * Users (40 items x0..x39; rating 5 for even items, 2 for odd ones):
   *
   * <ul>
   *   <li>a: 20 items x0..x19 at times 100..119, but x11 is written before x10 with the same time, so the timeline
   *       has x11 before x10 (ties in file order); slates start at 2 (train), 8 (valid), 14 (test);
   *   <li>b: 13 items x20..x32: slates at 1 (valid) and 7 (test), no train slate;
   *   <li>c: 24 items in reverse order (x23 first): the window at 0 has no history; slates 6, 12, 18;
   *   <li>d: 5 items: no slate;
   *   <li>e: 40 items x0..x39: maxSeen = 40 - N = 30, so the window at 34 is dropped; slates 4, 10, 16 (train),
   *       22 (valid), 28 (test).
   * </ul>
   */
  static Interactions log() {
    List<Object[]> rows = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      int item = k == 10 ? 11 : k == 11 ? 10 : k;
      rows.add(new Object[] {"a", item, 100 + Math.min(k, 10) + Math.max(0, k - 11)});
    }
    for (int k = 0; k < 13; k++) {
      rows.add(new Object[] {"b", 20 + k, k});
    }
    for (int k = 0; k < 24; k++) {
      rows.add(new Object[] {"c", 23 - k, 500 + k});
    }
    for (int k = 0; k < 5; k++) {
      rows.add(new Object[] {"d", 30 + k, k});
    }
    for (int k = 0; k < 40; k++) {
      rows.add(new Object[] {"e", k, 1000 + k});
    }
    IdIndex.Builder users = new IdIndex.Builder();
    IdIndex.Builder items = new IdIndex.Builder();
    for (int i = 0; i < 40; i++) {
      items.add("x" + i); // item index i is x<i>
    }
    int m = rows.size();
    int[] u = new int[m];
    int[] it = new int[m];
    float[] rating = new float[m];
    long[] time = new long[m];
    for (int r = 0; r < m; r++) {
      u[r] = users.add((String) rows.get(r)[0]);
      int item = (Integer) rows.get(r)[1];
      it[r] = items.add("x" + item);
      rating[r] = item % 2 == 0 ? 5 : 2;
      time[r] = ((Number) rows.get(r)[2]).longValue();
    }
    return new Interactions(users.build(), items.build(), u, it, rating, time, ItemCatalog.empty());
  }

  static ProtocolConfig config(RequestMode requests, NegativeSampling negatives) {
    return ProtocolConfig.builder().optCoreK(0).optNumCandidates(N).optMaxHistory(MAX_HISTORY)
        .optRequests(requests).optNegatives(negatives).optSeed(11).build();
  }

  static DatasetPreparer preparer(RequestMode requests, NegativeSampling negatives) {
    return new DatasetPreparer(config(requests, negatives), new MfRetriever.Options(4, 1, 64, 1e-2f, 0f, 11));
  }

  private static RequestPlan slatePlan(Interactions data) {
    return preparer(RequestMode.SLATES, NegativeSampling.RETRIEVER)
        .plan(Timeline.of(data, 4f), data.numUsers(), data.numItems());
  }

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  /** The (user, start, split) of every request, as "user@start:SPLIT". */
  private static List<String> requests(RequestPlan plan, Interactions data) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < plan.size(); k++) {
      out.add(data.userIds().rawId(plan.timelines()[k].user()) + "@" + plan.starts()[k] + ":"
          + Split.ofCode(plan.splits()[k]));
    }
    return out;
  }

  @Test
  void windowsAndSplitFollowEachTimeline() {
    Interactions data = log();
    RequestPlan plan = slatePlan(data);
    assertEquals(List.of("a@2:TRAIN", "a@8:VALID", "a@14:TEST", "b@1:VALID", "b@7:TEST", "c@6:TRAIN", "c@12:VALID",
        "c@18:TEST", "e@4:TRAIN", "e@10:TRAIN", "e@16:TRAIN", "e@22:VALID", "e@28:TEST"), requests(plan, data));
    assertEquals(Map.of("slatesDroppedNoHistory", 1, "slatesDroppedTooFewUnseen", 1), plan.dropped());
    // a's tie: x11 was written before x10 at the same time, so it comes first, inside a's validation slate
    Timeline a = plan.timelines()[1];
    assertArrayEquals(new int[] {8, 9, 11, 10, 12, 13}, Arrays.copyOfRange(a.items(), 8, 14));
  }

  @Test
  void theRetrieverSeesEachUserOnlyBeforeTheFirstHeldOutSlate() {
    Interactions data = log();
    RequestPlan plan = slatePlan(data);
    int[][] train = plan.trainHistories();
    Map<String, int[]> expected = Map.of(
        "a", range(0, 8), // before a's validation slate at 8
        "b", new int[] {20}, // before b's validation slate at 1
        "c", IntStream.range(0, 12).map(k -> 23 - k).toArray(), // x23..x12
        "d", new int[0], // no request, so nothing to train on
        "e", range(0, 22)); // before e's validation slate at 22
    for (var e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), train[data.userIds().indexOf(e.getKey())], e.getKey());
    }
    int[] counts = new int[data.numItems()];
    for (int[] h : train) {
      for (int i : h) {
        counts[i]++;
      }
    }
    assertArrayEquals(counts, plan.itemCounts(), "popularity counts the retriever's data and nothing else");

    // no leakage, by time: every (user, item) the retriever trains on happened before the user's first held-out
    // slate, and every interaction at or after it is left out
    Map<String, Long> firstHeldOut = new HashMap<>();
    for (int k = 0; k < plan.size(); k++) {
      if (plan.splits()[k] != Split.TRAIN.code()) {
        int user = plan.timelines()[k].user();
        long time = timeOf(data, user, plan.timelines()[k].items()[plan.starts()[k]]);
        firstHeldOut.merge(data.userIds().rawId(user), time, Math::min);
      }
    }
    for (int r = 0; r < data.size(); r++) {
      String user = data.userIds().rawId(data.users()[r]);
      int item = data.items()[r];
      boolean trained = Arrays.stream(train[data.users()[r]]).anyMatch(i -> i == item);
      if (!firstHeldOut.containsKey(user)) {
        assertFalse(trained, "user without requests: " + user);
      } else if (data.timestamps()[r] < firstHeldOut.get(user)) {
        assertTrue(trained, user + " x" + data.items()[r] + " is before the held-out slates");
      } else if (data.timestamps()[r] > firstHeldOut.get(user)) {
        assertFalse(trained, user + " x" + data.items()[r] + " is after a held-out slate began");
      }
    }
  }

  private static long timeOf(Interactions data, int user, int item) {
    for (int r = 0; r < data.size(); r++) {
      if (data.users()[r] == user && data.items()[r] == item) {
        return data.timestamps()[r];
      }
    }
    throw new AssertionError("no row for user " + user + ", item " + item);
  }

  /** Each request as it is prepared: ground truth, history, candidates, labels. */
  private static void assertRequestsFollowThePlan(PreparedDataset p, Interactions data) {
    RequestPlan plan = slatePlan(data);
    assertEquals(plan.size(), p.size());
    assertArrayEquals(plan.itemCounts(), p.itemCounts());
    for (int k = 0; k < p.size(); k++) {
      Timeline t = plan.timelines()[k];
      int start = plan.starts()[k];
      String where = "request " + k + " (" + data.userIds().rawId(t.user()) + "@" + start + ")";
      assertEquals(t.user(), p.user(k), where);
      assertEquals(Split.ofCode(plan.splits()[k]), p.split(k), where);
      assertArrayEquals(Arrays.copyOfRange(t.items(), start, start + L), p.targets(k), where);
      assertArrayEquals(Arrays.copyOfRange(t.positive(), start, start + L), p.targetPositive(k), where);
      int from = Math.max(0, start - MAX_HISTORY);
      assertArrayEquals(Arrays.copyOfRange(t.items(), from, start), p.history(k), "history cut: " + where);
      assertArrayEquals(Arrays.copyOfRange(t.positive(), from, start), p.historyPositive(k), where);
      Set<Integer> atOrAfter = Arrays.stream(Arrays.copyOfRange(t.items(), start, t.length())).boxed()
          .collect(Collectors.toSet());
      for (int h : p.history(k)) {
        assertFalse(atOrAfter.contains(h), "no item at or after the window in its history: " + where);
      }
      Set<Integer> cands = Arrays.stream(p.candidates(k)).boxed().collect(Collectors.toSet());
      assertEquals(N, cands.size(), "N distinct candidates: " + where);
      for (int g : p.targets(k)) {
        assertTrue(cands.contains(g), "every target is a candidate: " + where);
      }
      for (int i = 0; i < start; i++) {
        assertFalse(cands.contains(t.items()[i]), "an item seen before the window is a candidate: " + where);
      }
      for (int c = 0; c < N; c++) {
        int item = p.candidates(k)[c];
        int g = Arrays.stream(p.targets(k)).boxed().toList().indexOf(item);
        assertEquals(g >= 0 && p.targetPositive(k)[g] == 1 ? 1f : 0f, p.labels(k)[c], where);
      }
    }
  }

  @Test
  void slatesAreCutSplitAndGivenUnseenCandidates() {
    Interactions data = log();
    for (NegativeSampling negatives : NegativeSampling.values()) {
      PreparedDataset p = preparer(RequestMode.SLATES, negatives).prepare("hand-made", data);
      assertRequestsFollowThePlan(p, data);
      Map<String, String> info = p.info();
      assertEquals("slates", info.get("protocol.requests"), negatives.name());
      assertEquals(negatives.name().toLowerCase(), info.get("protocol.negatives"));
      assertEquals("13", info.get("stats.requests"));
      assertEquals("5", info.get("stats.requests.train"));
      assertEquals("4", info.get("stats.requests.valid"));
      assertEquals("4", info.get("stats.requests.test"));
      assertEquals("4", info.get("stats.usersWithRequests"));
      assertEquals("1", info.get("stats.slatesDroppedNoHistory"));
      assertEquals("1", info.get("stats.slatesDroppedTooFewUnseen"));
      assertEquals("43", info.get("stats.retrieverTrainingInteractions"), "8 + 1 + 12 + 0 + 22");
      // every slate of this log holds three even (positive) items
      for (Split sp : Split.values()) {
        assertEquals("3.000", info.get("stats.meanPositivesPerRequest." + sp.name().toLowerCase()), sp.name());
        assertTrue(info.containsKey("stats.retrieverRecallAtN." + sp.name().toLowerCase()), sp.name());
      }
    }
  }

  @Test
  void lastModeIsTheDefaultAndRecordsIt() {
    assertEquals(RequestMode.LAST, ProtocolConfig.builder().build().requests());
    Interactions data = log();
    RequestPlan plan = preparer(RequestMode.LAST, NegativeSampling.RETRIEVER)
        .plan(Timeline.of(data, 4f), data.numUsers(), data.numItems());
    // one request per user with history, at its last L items; e has seen 34 > 40 - N items, so it is dropped
    List<String> users = new ArrayList<>();
    for (int k = 0; k < plan.size(); k++) {
      Timeline t = plan.timelines()[k];
      assertEquals(t.length() - L, plan.starts()[k]);
      users.add(data.userIds().rawId(t.user()));
    }
    assertEquals(List.of("a", "b", "c"), users);
    assertEquals(Map.of("usersDroppedTooFewUnseen", 1), plan.dropped());
    assertArrayEquals(range(0, 34), plan.trainHistories()[data.userIds().indexOf("e")],
        "a dropped user still trains the retriever, as before");
  }

  @Test
  void randomNegativesAreUniformOverTheUnseenItems() {
    int numItems = 30;
    int[] targets = {3, 7, 20};
    IntPredicate seen = i -> i < 10 && i != 3 && i != 7; // items 0..9 seen, except the two targets
    Random rnd = new Random(5);
    int[] hits = new int[numItems];
    int draws = 20_000;
    for (int d = 0; d < draws; d++) {
      int[] c = DatasetPreparer.randomNegatives(targets, seen, numItems, N, rnd);
      assertEquals(N, Arrays.stream(c).distinct().count(), "distinct");
      assertArrayEquals(targets, Arrays.copyOf(c, targets.length), "targets first, before the shuffle");
      for (int i : c) {
        assertFalse(seen.test(i), "seen item " + i);
        hits[i]++;
      }
    }
    // 7 negatives from the 19 unseen non-targets (10..29 without 20): each is drawn with probability 7/19
    double expected = draws * 7.0 / 19;
    for (int i = 10; i < numItems; i++) {
      if (i != 20) {
        assertEquals(expected, hits[i], 0.05 * expected, "item " + i);
      }
    }
  }

  @Test
  void randomNegativesWorkInLastModeToo() {
    Interactions data = log();
    PreparedDataset p = preparer(RequestMode.LAST, NegativeSampling.RANDOM).prepare("hand-made", data);
    assertEquals("random", p.info().get("protocol.negatives"));
    assertEquals("last", p.info().get("protocol.requests"));
    Map<Integer, Timeline> byUser = Timeline.of(data, 4f).stream()
        .collect(Collectors.toMap(Timeline::user, t -> t));
    for (int k = 0; k < p.size(); k++) {
      Timeline t = byUser.get(p.user(k));
      Set<Integer> cands = Arrays.stream(p.candidates(k)).boxed().collect(Collectors.toSet());
      assertEquals(N, cands.size());
      assertTrue(cands.containsAll(Arrays.stream(p.targets(k)).boxed().toList()));
      for (int i = 0; i < t.length() - L; i++) {
        assertFalse(cands.contains(t.items()[i]), "seen item is a candidate");
      }
    }
  }

  /** One ranking per user serves each of its requests: the walk gives each request's own top N unseen items. */
  @Test
  void oneRankingPerUserGivesEachRequestsTopUnseenItems() {
    Random rnd = new Random(424242);
    for (int trial = 0; trial < 2000; trial++) {
      int items = 10 + rnd.nextInt(100);
      int n = 1 + rnd.nextInt(items / 2);
      float[] s = new float[items];
      int levels = 1 + rnd.nextInt(15); // few levels: many ties
      for (int i = 0; i < items; i++) {
        s[i] = rnd.nextInt(levels) - levels / 2f;
      }
      int maxSeen = rnd.nextInt(items - n + 1);
      int[] ranked = DatasetPreparer.best(s, maxSeen + n);
      List<Integer> order = IntStream.range(0, items).boxed().collect(Collectors.toList());
      java.util.Collections.shuffle(order, rnd);
      Set<Integer> seen = new HashSet<>(order.subList(0, rnd.nextInt(maxSeen + 1)));
      int[] expected = IntStream.range(0, items).filter(i -> !seen.contains(i)).boxed()
          .sorted((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b))
          .limit(n).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, DatasetPreparer.topUnseen(ranked, seen::contains, n), "trial " + trial);
    }
  }
}
