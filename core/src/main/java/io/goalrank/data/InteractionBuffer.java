package io.goalrank.data;

import java.util.Arrays;

/** Growable columns for {@link Interactions}, so readers need not box a million rows. */
final class InteractionBuffer {
  private int[] users = new int[1024];
  private int[] items = new int[1024];
  private float[] ratings = new float[1024];
  private long[] timestamps = new long[1024];
  private int size;

  void add(int user, int item, float rating, long timestamp) {
    if (size == users.length) {
      int n = size * 2;
      users = Arrays.copyOf(users, n);
      items = Arrays.copyOf(items, n);
      ratings = Arrays.copyOf(ratings, n);
      timestamps = Arrays.copyOf(timestamps, n);
    }
    users[size] = user;
    items[size] = item;
    ratings[size] = rating;
    timestamps[size] = timestamp;
    size++;
  }

  int size() {
    return size;
  }

  Interactions build(IdIndex userIds, IdIndex itemIds, ItemCatalog catalog) {
    return new Interactions(userIds, itemIds, Arrays.copyOf(users, size), Arrays.copyOf(items, size),
        Arrays.copyOf(ratings, size), Arrays.copyOf(timestamps, size), catalog);
  }
}
