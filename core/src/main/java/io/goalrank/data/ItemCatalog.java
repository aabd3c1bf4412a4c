package io.goalrank.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Optional per-item metadata, aligned with an {@link IdIndex} of items: a title and a set of category ids
 * (MovieLens genres, simulator topics). Categories feed the diversity objective and the simulator's true utility.
 *
 * @param titles title per item index (may be empty strings)
 * @param categories category ids per item index, each row sorted ascending
 * @param categoryNames name per category id
 */
public record ItemCatalog(List<String> titles, List<int[]> categories, List<String> categoryNames) {

  public ItemCatalog {
    titles = List.copyOf(titles);
    categories = Collections.unmodifiableList(new ArrayList<>(categories));
    categoryNames = List.copyOf(categoryNames);
    if (titles.size() != categories.size()) {
      throw new IllegalArgumentException(
          "titles (" + titles.size() + ") and categories (" + categories.size() + ") differ in size");
    }
  }

  public static ItemCatalog empty() {
    return new ItemCatalog(List.of(), List.of(), List.of());
  }

  public int size() {
    return titles.size();
  }

  public int numCategories() {
    return categoryNames.size();
  }

  /** The catalog restricted to {@code oldIndexOfNew[k]} for each new item k. */
  public ItemCatalog subset(int[] oldIndexOfNew) {
    List<String> t = new ArrayList<>(oldIndexOfNew.length);
    List<int[]> c = new ArrayList<>(oldIndexOfNew.length);
    for (int old : oldIndexOfNew) {
      t.add(titles.get(old));
      c.add(categories.get(old));
    }
    return new ItemCatalog(t, c, categoryNames);
  }
}
