package io.goalrank.data.shard;

import io.goalrank.data.Split;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ranking request of a sharded request set (docs/SHARDS.md): what the final stage saw, what it showed and how
 * the user reacted. Users and items are dense indices into the set's {@link ShardHeader}; lists are candidate
 * slots {@code 0..N-1}, as everywhere in GoalRank. Arrays are owned by the record and must not be modified.
 *
 * @param id the request's id, unique in its set (a prepared dataset's row when converted from one)
 * @param user user index
 * @param time when the request was made (the log's own unit), or {@link #NO_TIME}
 * @param split train, validation or test
 * @param history item indices the user interacted with before, oldest first
 * @param historyPositive 1 where the feedback on that history item was positive, aligned with {@code history}
 * @param candidates the N item indices the earlier stage passed on
 * @param stageScores the earlier stage's score per candidate, aligned with {@code candidates}
 * @param labels 0/1 per candidate: 1 for a ground-truth item with positive feedback
 * @param targets the ground truth: the items the user went on to consume, in order
 * @param targetPositive 1 where the feedback on that ground-truth item was positive
 * @param shown the lists that were shown, K of them, each L candidate slots top first; {@code [0][]} when none
 * @param feedback per shown list and position, the user's feedback (1 = click), aligned with {@code shown}
 * @param logPropensities per shown list and position, {@code log P(l_1..l_k)}: the probability that the logging
 *     policy showed the list's prefix down to that position, aligned with {@code shown}; null when the logging
 *     policy is not known (most real logs)
 */
public record RequestRecord(
    long id,
    int user,
    long time,
    Split split,
    int[] history,
    byte[] historyPositive,
    int[] candidates,
    float[] stageScores,
    float[] labels,
    int[] targets,
    byte[] targetPositive,
    int[][] shown,
    float[][] feedback,
    float[][] logPropensities) {

  /** The time of a request whose log has none. */
  public static final long NO_TIME = Long.MIN_VALUE;

  public RequestRecord {
    Objects.requireNonNull(split, "split");
    require(history, "history");
    require(historyPositive, "historyPositive");
    require(candidates, "candidates");
    require(stageScores, "stageScores");
    require(labels, "labels");
    require(targets, "targets");
    require(targetPositive, "targetPositive");
    require(shown, "shown");
    require(feedback, "feedback");
    sameLength(id, "historyPositive", historyPositive.length, "history", history.length);
    sameLength(id, "stageScores", stageScores.length, "candidates", candidates.length);
    sameLength(id, "labels", labels.length, "candidates", candidates.length);
    sameLength(id, "targetPositive", targetPositive.length, "targets", targets.length);
    sameLength(id, "feedback", feedback.length, "shown", shown.length);
    if (logPropensities != null) {
      sameLength(id, "logPropensities", logPropensities.length, "shown", shown.length);
    }
    for (int k = 0; k < shown.length; k++) {
      require(shown[k], "shown[" + k + "]");
      require(feedback[k], "feedback[" + k + "]");
      sameLength(id, "feedback[" + k + "]", feedback[k].length, "shown[" + k + "]", shown[k].length);
      if (logPropensities != null) {
        require(logPropensities[k], "logPropensities[" + k + "]");
        sameLength(id, "logPropensities[" + k + "]", logPropensities[k].length, "shown[" + k + "]",
            shown[k].length);
      }
      for (int slot : shown[k]) {
        if (slot < 0 || slot >= candidates.length) {
          throw new IllegalArgumentException("request " + id + ": shown[" + k + "] holds slot " + slot
              + ", outside the " + candidates.length + " candidates");
        }
      }
    }
  }

  /** Whether any list was shown for this request. */
  public boolean hasImpressions() {
    return shown.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestRecord r && id == r.id && user == r.user && time == r.time && split == r.split
        && Arrays.equals(history, r.history) && Arrays.equals(historyPositive, r.historyPositive)
        && Arrays.equals(candidates, r.candidates) && Arrays.equals(stageScores, r.stageScores)
        && Arrays.equals(labels, r.labels) && Arrays.equals(targets, r.targets)
        && Arrays.equals(targetPositive, r.targetPositive) && Arrays.deepEquals(shown, r.shown)
        && Arrays.deepEquals(feedback, r.feedback) && Arrays.deepEquals(logPropensities, r.logPropensities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, user, time, split, Arrays.hashCode(candidates), Arrays.hashCode(history));
  }

  @Override
  public String toString() {
    return "RequestRecord[id=" + id + ", user=" + user + ", split=" + split + ", history=" + history.length
        + ", candidates=" + candidates.length + ", targets=" + Arrays.toString(targets) + ", shown=" + shown.length
        + "]";
  }

  private static void require(Object array, String field) {
    Objects.requireNonNull(array, field);
  }

  private static void sameLength(long id, String a, int lengthA, String b, int lengthB) {
    if (lengthA != lengthB) {
      throw new IllegalArgumentException("request " + id + ": " + a + " has " + lengthA + " entries, " + b + " "
          + lengthB);
    }
  }
}
