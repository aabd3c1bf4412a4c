package io.goalrank.data.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded shuffle: a permutation of its source, held to its window, reproducible, order-keeping at 1. */
class ShuffleBufferTest {
  private static final List<Integer> SOURCE = IntStream.range(0, 200).boxed().toList();

  private static List<Integer> drain(int window, long seed, int[] peak) {
    ShuffleBuffer<Integer> buffer = new ShuffleBuffer<>(SOURCE.iterator(), window, new Random(seed));
    List<Integer> out = new ArrayList<>();
    while (buffer.hasNext()) {
      peak[0] = Math.max(peak[0], buffer.held());
      out.add(buffer.next());
    }
    return out;
  }

  @Test
  void aWindowOfOneKeepsTheOrder() {
    assertEquals(SOURCE, drain(1, 3, new int[1]));
  }

  @Test
  void aWiderWindowPermutesWithinItsBoundReproducibly() {
    int[] peak = new int[1];
    List<Integer> a = drain(16, 3, peak);
    assertEquals(new HashSet<>(SOURCE), new HashSet<>(a));
    assertEquals(SOURCE.size(), a.size(), "each element once");
    assertNotEquals(SOURCE, a);
    assertEquals(16, peak[0], "never more than the window");
    assertEquals(a, drain(16, 3, new int[1]), "same seed, same order");
    assertNotEquals(a, drain(16, 4, new int[1]));
    for (int k = 0; k < a.size(); k++) {
      // an element leaves at most window - 1 places before its position, however late it may leave
      assertTrue(a.get(k) <= k + 15, "element " + a.get(k) + " at " + k);
    }
  }

  @Test
  void aWindowBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ShuffleBuffer<>(SOURCE.iterator(), 0, new Random(1)));
  }
}
