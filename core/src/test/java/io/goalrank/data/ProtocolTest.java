package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filtering and ordering steps of the protocol on hand-made logs. */
class ProtocolTest {

  /** Rows given as {raw user, raw item, rating, time}. */
  static Interactions log(Object[]... rows) {
    IdIndex.Builder u = new IdIndex.Builder();
    IdIndex.Builder i = new IdIndex.Builder();
    int n = rows.length;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] ratings = new float[n];
    long[] times = new long[n];
    for (int r = 0; r < n; r++) {
      users[r] = u.add((String) rows[r][0]);
      items[r] = i.add((String) rows[r][1]);
      ratings[r] = ((Number) rows[r][2]).floatValue();
      times[r] = ((Number) rows[r][3]).longValue();
    }
    return new Interactions(u.build(), i.build(), users, items, ratings, times, ItemCatalog.empty());
  }

  static Object[] row(String user, String item) {
    return new Object[] {user, item, 5, 0};
  }

  static Object[] row(String user, String item, double rating, long time) {
    return new Object[] {user, item, rating, time};
  }

  /** The (user, item) pairs of a log, by raw id. */
  static Set<String> pairs(Interactions d) {
    Set<String> out = new HashSet<>();
    for (int r = 0; r < d.size(); r++) {
      out.add(d.userIds().rawId(d.users()[r]) + "/" + d.itemIds().rawId(d.items()[r]));
    }
    return out;
  }

  /**
   * 2-core. Item x has one interaction (from user c), so it goes in the first pass; that leaves c with only item b,
   * so c goes in the second pass; that leaves b with user a only, so b goes in the third pass. a, d keep items p, q.
   */
  @Test
  void theValidationSplitHasAFloorOf200RequestsButNeverMoreThanHalf() {
    ProtocolConfig c = ProtocolConfig.builder().build();
    assertEquals(300, c.validRequests(3000), "10% when that is above the floor");
    assertEquals(200, c.validRequests(1000), "the floor when 10% is below it");
    assertEquals(120, c.validRequests(240), "at most half of the non-test requests");
    assertEquals(0, ProtocolConfig.builder().optValidFraction(0).build().validRequests(1000), "no validation asked");
    assertEquals(24, ProtocolConfig.builder().optMinValidRequests(0).build().validRequests(240), "floor off");
  }

  @Test
  void coreFilterIsIterative() {
    Interactions raw = log(
        row("a", "p"), row("a", "q"), row("a", "b"),
        row("d", "p"), row("d", "q"),
        row("c", "b"), row("c", "x"));
    Interactions kept = CoreFilter.apply(raw, 2);
    assertEquals(Set.of("a/p", "a/q", "d/p", "d/q"), pairs(kept));
    assertEquals(List.of("a", "d"), kept.userIds().rawIds());
    assertEquals(List.of("p", "q"), kept.itemIds().rawIds());
    assertEquals(4, kept.size());
    // the result is a fixed point
    assertEquals(pairs(kept), pairs(CoreFilter.apply(kept, 2)));
  }

  @Test
  void coreFilterCanEmptyTheLog() {
    Interactions raw = log(row("a", "p"), row("a", "q"), row("b", "p"));
    assertEquals(0, CoreFilter.apply(raw, 2).size());
  }

  @Test
  void coreFilterKeepsRatingsAndTimesWithTheirRows() {
    Interactions raw = log(
        row("a", "p", 1, 10), row("z", "zz", 5, 11), row("a", "q", 2, 12),
        row("b", "p", 3, 13), row("b", "q", 4, 14));
    Interactions kept = CoreFilter.apply(raw, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4}, kept.ratings());
    assertArrayEquals(new long[] {10, 12, 13, 14}, kept.timestamps());
  }

  @Test
  void coreFilterWithKAtMostOneIsIdentity() {
    Interactions raw = log(row("a", "p"), row("b", "q"), row("c", "p"));
    assertSame(raw, CoreFilter.apply(raw, 0));
    assertSame(raw, CoreFilter.apply(raw, 1));
  }

  @Test
  void timelineIsInTimeOrderWithTiesInRowOrder() {
    Interactions raw = log(
        row("u", "c", 5, 30),
        row("v", "z", 1, 1),
        row("u", "a", 1, 10),
        row("u", "t2", 4, 20),
        row("u", "t1", 2, 20),
        row("u", "t3", 5, 20));
    List<Timeline> ts = Timeline.of(raw, 4f);
    assertEquals(2, ts.size());
    Timeline u = ts.stream().filter(t -> t.user() == raw.userIds().indexOf("u")).findFirst().orElseThrow();
    assertArrayEquals(ids(raw, "a", "t2", "t1", "t3", "c"), u.items());
    assertArrayEquals(new byte[] {0, 1, 0, 1, 1}, u.positive());
    Timeline v = ts.stream().filter(t -> t.user() == raw.userIds().indexOf("v")).findFirst().orElseThrow();
    assertArrayEquals(ids(raw, "z"), v.items());
    assertArrayEquals(new byte[] {0}, v.positive());
  }

  @Test
  void repeatedItemKeepsItsLatestOccurrenceAndFeedback() {
    Interactions raw = log(
        row("u", "a", 5, 1),
        row("u", "b", 5, 2),
        row("u", "a", 1, 3),
        row("u", "c", 5, 4),
        row("u", "b", 4, 5),
        // same time as the b above but later in the file: this one wins
        row("u", "b", 2, 5));
    Timeline t = Timeline.of(raw, 4f).get(0);
    assertArrayEquals(ids(raw, "a", "c", "b"), t.items());
    assertArrayEquals(new byte[] {0, 1, 0}, t.positive());
  }

  @Test
  void repeatedItemOutOfFileOrderUsesTimeNotRow() {
    Interactions raw = log(
        row("u", "a", 1, 9),
        row("u", "b", 5, 2),
        row("u", "a", 5, 1));
    Timeline t = Timeline.of(raw, 4f).get(0);
    // a's latest occurrence is at time 9, with rating 1
    assertArrayEquals(ids(raw, "b", "a"), t.items());
    assertArrayEquals(new byte[] {1, 0}, t.positive());
  }

  private static int[] ids(Interactions d, String... raw) {
    List<Integer> out = new ArrayList<>();
    for (String s : raw) {
      out.add(d.itemIds().indexOf(s));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void positiveThresholdIsInclusive() {
    Interactions raw = log(row("u", "a", 3.5, 1), row("u", "b", 4, 2));
    assertArrayEquals(new byte[] {0, 1}, Timeline.of(raw, 4f).get(0).positive());
    assertArrayEquals(new byte[] {1, 1}, Timeline.of(raw, 1f).get(0).positive());
    assertEquals(2, Arrays.stream(Timeline.of(raw, 1f).get(0).items()).distinct().count());
  }
}
