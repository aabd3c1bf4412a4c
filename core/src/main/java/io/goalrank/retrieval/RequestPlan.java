package io.goalrank.retrieval;

import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.RequestMode;
import io.goalrank.data.Slates;
import io.goalrank.data.Split;
import io.goalrank.data.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The requests of a dataset before any candidate is drawn: where each sits in its user's timeline, its split, and
 * what may train the retriever. Request k's ground truth is {@code timelines[k].items()[starts[k], starts[k] + L)};
 * every item before {@code starts[k]} is seen by it. Computing it involves no network, so the protocol's rules
 * (including that nothing held out trains the retriever) are testable on their own.
 *
 * @param timelines each request's user timeline (requests of one user are adjacent, oldest first)
 * @param starts where each request's ground truth starts in its timeline
 * @param splits each request's {@link Split#code}
 * @param trainHistories per user index, the items the retriever trains on
 * @param itemCounts per item, its interactions in {@code trainHistories} (the popularity signal)
 * @param dropped requests left out (LAST: users; SLATES: windows), by the info key that reports them
 */
record RequestPlan(Timeline[] timelines, int[] starts, byte[] splits, int[][] trainHistories, int[] itemCounts,
    Map<String, Integer> dropped) {

  int size() {
    return starts.length;
  }

  /** Cuts the requests from every user's timeline (in user order) as {@code config.requests()} says. */
  static RequestPlan of(ProtocolConfig config, List<Timeline> timelines, int numUsers, int numItems) {
    return config.requests() == RequestMode.LAST
        ? last(config, timelines, numUsers, numItems)
        : slates(config, timelines, numUsers, numItems);
  }

  /**
   * One request per user with more than L items: the last L; the retriever and popularity see everything before
   * them (not only the truncated history), also of users dropped for too few unseen items.
   */
  private static RequestPlan last(ProtocolConfig config, List<Timeline> all, int numUsers, int numItems) {
    int l = config.listLength();
    int n = config.numCandidates();
    int[][] trainHistories = new int[numUsers][0];
    int[] itemCounts = new int[numItems];
    List<Timeline> kept = new ArrayList<>();
    int tooFewUnseen = 0;
    for (Timeline t : all) {
      if (t.length() <= l) {
        continue;
      }
      int cut = t.length() - l;
      trainHistories[t.user()] = Arrays.copyOf(t.items(), cut);
      for (int i = 0; i < cut; i++) {
        itemCounts[t.items()[i]]++;
      }
      if (numItems - cut < n) {
        // fewer than N items this user has not consumed: no request of N distinct unseen candidates exists
        tooFewUnseen++;
        continue;
      }
      kept.add(t);
    }
    int[] starts = kept.stream().mapToInt(t -> t.length() - l).toArray();
    return new RequestPlan(kept.toArray(Timeline[]::new), starts, splitUsers(config, kept.size()), trainHistories,
        itemCounts, Map.of("usersDroppedTooFewUnseen", tooFewUnseen));
  }

  /** Seeded user split: testFraction of requests to TEST, then {@link ProtocolConfig#validRequests} to VALID. */
  private static byte[] splitUsers(ProtocolConfig config, int r) {
    Integer[] order = new Integer[r];
    for (int k = 0; k < r; k++) {
      order[k] = k;
    }
    Collections.shuffle(Arrays.asList(order), new Random(config.seed()));
    int test = (int) Math.round(r * config.testFraction());
    int valid = config.validRequests(r - test);
    byte[] splits = new byte[r];
    for (int k = 0; k < r; k++) {
      Split s = k < test ? Split.TEST : k < test + valid ? Split.VALID : Split.TRAIN;
      splits[order[k]] = s.code();
    }
    return splits;
  }

  /**
   * Every user's {@link Slates}; the retriever and popularity see each user's items before the first held-out
   * slate only, so nothing at or after it in time shapes any candidate.
   */
  private static RequestPlan slates(ProtocolConfig config, List<Timeline> all, int numUsers, int numItems) {
    int maxSeen = numItems - config.numCandidates();
    int[][] trainHistories = new int[numUsers][0];
    int[] itemCounts = new int[numItems];
    List<Timeline> timelines = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Split> splits = new ArrayList<>();
    int noHistory = 0;
    int tooFewUnseen = 0;
    for (Timeline t : all) {
      Slates cut = Slates.cut(t.length(), config.listLength(), maxSeen);
      noHistory += cut.droppedNoHistory();
      tooFewUnseen += cut.droppedTooFewUnseen();
      trainHistories[t.user()] = Arrays.copyOf(t.items(), cut.trainingPrefix());
      for (int i = 0; i < cut.trainingPrefix(); i++) {
        itemCounts[t.items()[i]]++;
      }
      for (Slates.Slate slate : cut.slates()) {
        timelines.add(t);
        starts.add(slate.start());
        splits.add(slate.split());
      }
    }
    byte[] splitCodes = new byte[splits.size()];
    for (int k = 0; k < splitCodes.length; k++) {
      splitCodes[k] = splits.get(k).code();
    }
    Map<String, Integer> dropped = new LinkedHashMap<>();
    dropped.put("slatesDroppedNoHistory", noHistory);
    dropped.put("slatesDroppedTooFewUnseen", tooFewUnseen);
    return new RequestPlan(timelines.toArray(Timeline[]::new), starts.stream().mapToInt(Integer::intValue).toArray(),
        splitCodes, trainHistories, itemCounts, dropped);
  }
}
