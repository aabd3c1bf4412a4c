package io.goalrank.data.shard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A bounded shuffle of a stream: holds at most {@code window} elements and returns a uniformly chosen one of them,
 * refilling its place from the source. A stream cannot be permuted whole without holding it whole; this mixes
 * neighbours within {@code window} (together with a shuffled shard order, enough for SGD), with memory fixed by
 * the window, not the stream. Deterministic for a given {@link Random}. A window of 1 keeps the source's order.
 */
public final class ShuffleBuffer<T> implements Iterator<T> {
  private final Iterator<T> source;
  private final int window;
  private final Random rnd;
  private final List<T> held;

  public ShuffleBuffer(Iterator<T> source, int window, Random rnd) {
    if (window < 1) {
      throw new IllegalArgumentException("shuffle window must be at least 1: " + window);
    }
    this.source = source;
    this.window = window;
    this.rnd = rnd;
    this.held = new ArrayList<>(Math.min(window, 1 << 16));
  }

  /** How many elements the buffer holds now (at most the window). */
  public int held() {
    return held.size();
  }

  @Override
  public boolean hasNext() {
    fill();
    return !held.isEmpty();
  }

  @Override
  public T next() {
    fill();
    if (held.isEmpty()) {
      throw new NoSuchElementException();
    }
    if (window == 1) {
      return held.remove(0);
    }
    int pick = rnd.nextInt(held.size());
    T out = held.get(pick);
    T last = held.remove(held.size() - 1);
    if (pick < held.size()) {
      held.set(pick, last);
    }
    return out;
  }

  private void fill() {
    while (held.size() < window && source.hasNext()) {
      held.add(source.next());
    }
  }
}
