package io.goalrank.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A log of user–item interactions in columnar form: row {@code r} says that user {@code users[r]} interacted
 * with item {@code items[r]} at time {@code timestamps[r]}, giving feedback {@code ratings[r]}.
 *
 * <p>Users and items are dense indices into {@link #userIds()} and {@link #itemIds()}. Datasets without explicit
 * feedback (implicit logs) use rating {@code 1}; datasets without time use an ordinal timestamp that preserves the
 * order the reader defines (see each reader's Javadoc). The arrays are owned by this object: callers must not
 * modify them.
 *
 * @param userIds dense index of raw user ids
 * @param itemIds dense index of raw item ids
 * @param users user index per row
 * @param items item index per row
 * @param ratings feedback per row; the protocol turns it into a positive or negative label
 * @param timestamps time (or order) per row
 * @param catalog optional item metadata (titles, categories); {@link ItemCatalog#empty} when the data has none
 */
public record Interactions(
    IdIndex userIds,
    IdIndex itemIds,
    int[] users,
    int[] items,
    float[] ratings,
    long[] timestamps,
    ItemCatalog catalog) {

  public Interactions {
    Objects.requireNonNull(userIds, "userIds");
    Objects.requireNonNull(itemIds, "itemIds");
    Objects.requireNonNull(catalog, "catalog");
    int n = users.length;
    if (items.length != n || ratings.length != n || timestamps.length != n) {
      throw new IllegalArgumentException(
          "Column lengths differ: users=" + n + " items=" + items.length + " ratings=" + ratings.length
              + " timestamps=" + timestamps.length);
    }
    if (catalog.size() != 0 && catalog.size() != itemIds.size()) {
      throw new IllegalArgumentException(
          "Catalog has " + catalog.size() + " items but the index has " + itemIds.size());
    }
  }

  public int size() {
    return users.length;
  }

  public int numUsers() {
    return userIds.size();
  }

  public int numItems() {
    return itemIds.size();
  }

  /** Rows kept where {@code keep[r]} is true, with users and items re-indexed densely; the catalog follows. */
  public Interactions select(boolean[] keep) {
    IdIndex.Builder newUsers = new IdIndex.Builder();
    IdIndex.Builder newItems = new IdIndex.Builder();
    int count = 0;
    for (boolean k : keep) {
      if (k) {
        count++;
      }
    }
    int[] u = new int[count];
    int[] i = new int[count];
    float[] r = new float[count];
    long[] t = new long[count];
    int[] oldItemOfNew = new int[numItems()];
    int w = 0;
    for (int row = 0; row < size(); row++) {
      if (!keep[row]) {
        continue;
      }
      u[w] = newUsers.add(userIds.rawId(users[row]));
      int before = newItems.size();
      i[w] = newItems.add(itemIds.rawId(items[row]));
      if (newItems.size() > before) {
        oldItemOfNew[i[w]] = items[row];
      }
      r[w] = ratings[row];
      t[w] = timestamps[row];
      w++;
    }
    IdIndex itemIndex = newItems.build();
    ItemCatalog newCatalog = catalog.size() == 0
        ? catalog
        : catalog.subset(Arrays.copyOf(oldItemOfNew, itemIndex.size()));
    return new Interactions(newUsers.build(), itemIndex, u, i, r, t, newCatalog);
  }
}
