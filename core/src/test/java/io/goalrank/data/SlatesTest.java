package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.Slates.Slate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How {@link Slates#cut} turns one timeline into slate requests, splits them and bounds the retriever's data. */
class SlatesTest {
  private static final int L = 6;
  private static final int PLENTY = 1_000_000; // no window runs short of unseen items

  private static Slate slate(int start, Split split) {
    return new Slate(start, split);
  }

  /** 20 items: windows [2,8) [8,14) [14,20) end at the last item; items 0 and 1 are only history. */
  @Test
  void windowsEndAtTheLastItemAndTheOldestLeftoverIsOnlyHistory() {
    Slates s = Slates.cut(20, L, PLENTY);
    assertEquals(List.of(slate(2, Split.TRAIN), slate(8, Split.VALID), slate(14, Split.TEST)), s.slates());
    assertEquals(8, s.trainingPrefix(), "the retriever sees items 0..7, before the validation slate");
    assertEquals(0, s.droppedNoHistory());
    assertEquals(0, s.droppedTooFewUnseen());
  }

  /** 24 items: the window [0,6) has no history, so it is dropped (LAST mode drops users without history too). */
  @Test
  void aWindowThatStartsTheTimelineHasNoHistoryAndIsDropped() {
    Slates s = Slates.cut(24, L, PLENTY);
    assertEquals(List.of(slate(6, Split.TRAIN), slate(12, Split.VALID), slate(18, Split.TEST)), s.slates());
    assertEquals(12, s.trainingPrefix());
    assertEquals(1, s.droppedNoHistory());
  }

  @Test
  void usersWithFewerThanThreeSlatesAreEvaluatedWithoutTrainSlates() {
    Slates two = Slates.cut(13, L, PLENTY); // windows [1,7) [7,13)
    assertEquals(List.of(slate(1, Split.VALID), slate(7, Split.TEST)), two.slates());
    assertEquals(1, two.trainingPrefix());

    Slates one = Slates.cut(12, L, PLENTY); // windows [0,6) (no history) [6,12)
    assertEquals(List.of(slate(6, Split.TEST)), one.slates());
    assertEquals(6, one.trainingPrefix(), "a single test slate: the retriever sees what comes before it");

    for (int length : new int[] {0, 1, 5, 6}) {
      Slates none = Slates.cut(length, L, PLENTY);
      assertEquals(List.of(), none.slates(), "length " + length);
      assertEquals(0, none.trainingPrefix(), "a user without requests trains nothing, length " + length);
    }
    assertEquals(1, Slates.cut(6, L, PLENTY).droppedNoHistory());
    assertEquals(0, Slates.cut(5, L, PLENTY).droppedNoHistory());
  }

  /** With 63 items and N=50, a request may have seen at most 13 items: the windows from 18 on are dropped. */
  @Test
  void windowsThatLeaveFewerThanNUnseenItemsAreDroppedBeforeTheSplit() {
    Slates s = Slates.cut(30, L, 63 - 50); // windows 0 (no history), 6, 12, 18, 24
    assertEquals(List.of(slate(6, Split.VALID), slate(12, Split.TEST)), s.slates());
    assertEquals(6, s.trainingPrefix());
    assertEquals(1, s.droppedNoHistory());
    assertEquals(2, s.droppedTooFewUnseen());
  }

  /** The rules on random timelines: windows, split and what the retriever may see. */
  @Test
  void randomTimelinesKeepEveryRule() {
    Random rnd = new Random(20261130);
    for (int trial = 0; trial < 5000; trial++) {
      int l = 1 + rnd.nextInt(8);
      int length = rnd.nextInt(120);
      int maxSeen = rnd.nextBoolean() ? PLENTY : rnd.nextInt(100);
      Slates s = Slates.cut(length, l, maxSeen);
      String where = "trial " + trial + ": length " + length + ", L " + l + ", maxSeen " + maxSeen;
      List<Slate> slates = s.slates();
      int windows = length / l;
      assertEquals(windows, slates.size() + s.droppedNoHistory() + s.droppedTooFewUnseen(), where);
      for (int k = 0; k < slates.size(); k++) {
        Slate x = slates.get(k);
        assertTrue(x.start() >= 1 && x.start() <= maxSeen && x.start() + l <= length, where);
        assertEquals(length % l, x.start() % l, "aligned to the end: " + where);
        if (k > 0) {
          assertEquals(slates.get(k - 1).start() + l, x.start(), "consecutive, non-overlapping: " + where);
        }
        Split expected = k == slates.size() - 1 ? Split.TEST : k == slates.size() - 2 ? Split.VALID : Split.TRAIN;
        assertEquals(expected, x.split(), where);
        if (x.split() == Split.TRAIN) {
          assertTrue(x.start() + l <= s.trainingPrefix(), "a train slate lies inside the retriever's data: " + where);
        } else {
          assertTrue(x.start() >= s.trainingPrefix(), "nothing held out trains the retriever: " + where);
        }
      }
      if (!slates.isEmpty()) {
        Slate firstHeldOut = slates.get(Math.max(0, slates.size() - 2));
        assertEquals(firstHeldOut.start(), s.trainingPrefix(), where);
      }
      if (maxSeen == PLENTY && !slates.isEmpty()) {
        assertEquals(length, slates.get(slates.size() - 1).start() + l, "the test slate is the last L: " + where);
      }
    }
  }
}
