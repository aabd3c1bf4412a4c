package io.goalrank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopItemsTest {
  /** The reference: sort every item by Float.compare, best first, ties to the lower index, and take k. */
  private static int[] bySort(float[] s, int k) {
    return IntStream.range(0, s.length).boxed()
        .sorted((a, b) -> Float.compare(s[a], s[b]) != 0 ? Float.compare(s[b], s[a]) : Integer.compare(a, b))
        .limit(Math.max(0, k)).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void matchesASortOnRandomRowsWithTiesSignedZerosAndNaN() {
    long seed = 20261201L;
    Random rnd = new Random(seed);
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int trial = 0; trial < 5000; trial++) {
      int items = 1 + rnd.nextInt(200);
      int k = rnd.nextInt(items + 3); // 0 and more than there are items included
      int levels = 1 + rnd.nextInt(30); // few levels: many ties
      float[] s = new float[items];
      for (int i = 0; i < items; i++) {
        s[i] = rnd.nextInt(10) == 0 ? special[rnd.nextInt(special.length)] : rnd.nextInt(levels) / (float) levels;
      }
      assertArrayEquals(bySort(s, Math.min(k, items)), TopItems.best(s, k), "seed " + seed + ", trial " + trial);
    }
  }
}
