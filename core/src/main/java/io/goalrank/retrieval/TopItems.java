package io.goalrank.retrieval;

/**
 * The k highest-scored items of a score row, best first, in the order of {@link Float#compare} with ties to the
 * lower index: a bounded binary min-heap of item indices, O(items · log k), with no boxing. It replaced a
 * {@code PriorityQueue<Integer>} that boxed every item of every user (users × items objects per prepare).
 */
final class TopItems {
  private TopItems() {}

  static int[] best(float[] scores, int k) {
    int size = Math.max(0, Math.min(k, scores.length));
    // heap[0] is the worst item kept; an item enters only if it beats it
    int[] heap = new int[size];
    int filled = 0;
    for (int i = 0; i < scores.length && size > 0; i++) {
      if (filled < size) {
        heap[filled] = i;
        siftUp(heap, filled++, scores);
      } else if (worse(heap[0], i, scores)) {
        heap[0] = i;
        siftDown(heap, filled, scores);
      }
    }
    int[] out = new int[filled];
    for (int j = filled - 1; j >= 0; j--) {
      out[j] = heap[0];
      heap[0] = heap[j];
      siftDown(heap, j, scores);
    }
    return out;
  }

  /** Whether item a ranks below item b: a lower score, or an equal one and a higher index. */
  private static boolean worse(int a, int b, float[] scores) {
    int c = Float.compare(scores[a], scores[b]);
    return c < 0 || (c == 0 && a > b);
  }

  private static void siftUp(int[] heap, int pos, float[] scores) {
    int item = heap[pos];
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!worse(item, heap[parent], scores)) {
        break;
      }
      heap[pos] = heap[parent];
      pos = parent;
    }
    heap[pos] = item;
  }

  /** Restores the heap of the first {@code size} slots after slot 0 changed. */
  private static void siftDown(int[] heap, int size, float[] scores) {
    if (size == 0) {
      return;
    }
    int item = heap[0];
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(heap[child + 1], heap[child], scores)) {
        child++;
      }
      if (!worse(heap[child], item, scores)) {
        break;
      }
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = item;
  }
}
