package io.goalrank.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One user's requests in {@link ProtocolConfig.RequestMode#SLATES} mode, cut from the user's {@link Timeline}
 * (oldest first, ties in file order):
 *
 * <ul>
 *   <li>the timeline is cut into consecutive, non-overlapping windows of L items, aligned to its end: the last
 *       window is the user's last L items (the {@code LAST} mode's ground truth and GFN4Rec's test slate), and the
 *       {@code length mod L} oldest items are in no window, only in histories;
 *   <li>a window is a slate only if it has a history (it does not start the timeline; {@code LAST} mode drops
 *       users without history the same way) and leaves at least N items unseen ({@code start <= maxSeen});
 *   <li>the last slate is TEST, the one before it VALID, every earlier one TRAIN; a user with two slates has no
 *       train slate, one with a single slate only a test slate, so every user with a slate is evaluated;
 *   <li>the retriever and the popularity counts may see only the items before the user's first held-out slate
 *       ({@link #trainingPrefix}): nothing at or after it in time may shape the candidates.
 * </ul>
 *
 * @param slates the user's requests, oldest first
 * @param trainingPrefix how many of the oldest timeline items may train the retriever and count towards item
 *     popularity; 0 for a user without slates
 * @param droppedNoHistory windows dropped because they start the timeline (0 or 1)
 * @param droppedTooFewUnseen windows dropped because fewer than N items were left unseen before them
 */
public record Slates(List<Slate> slates, int trainingPrefix, int droppedNoHistory, int droppedTooFewUnseen) {

  /**
   * One request: the ground truth is {@code items[start, start + L)}, the history the items before {@code start}
   * (the most recent {@code maxHistory} of them), and every item before {@code start} is seen.
   */
  public record Slate(int start, Split split) {}

  public Slates {
    slates = List.copyOf(slates);
  }

  /**
   * The slates of a timeline of {@code length} items.
   *
   * @param listLength L
   * @param maxSeen the latest start a slate may have: {@code numItems - N}, so N distinct unseen candidates exist
   */
  public static Slates cut(int length, int listLength, int maxSeen) {
    List<Integer> starts = new ArrayList<>();
    int noHistory = 0;
    int tooFewUnseen = 0;
    // the first window starts after the leftover, so the windows end exactly at the timeline's end
    for (int start = length % listLength; start + listLength <= length; start += listLength) {
      if (start == 0) {
        noHistory++;
      } else if (start > maxSeen) {
        tooFewUnseen++;
      } else {
        starts.add(start);
      }
    }
    int count = starts.size();
    List<Slate> slates = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Split split = k == count - 1 ? Split.TEST : k == count - 2 ? Split.VALID : Split.TRAIN;
      slates.add(new Slate(starts.get(k), split));
    }
    int firstHeldOut = Math.max(0, count - 2);
    return new Slates(slates, count == 0 ? 0 : starts.get(firstHeldOut), noHistory, tooFewUnseen);
  }
}
