package io.goalrank.objective;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;

/**
 * Category coverage: the number of distinct categories (genres, topics) among a list's items divided by the list
 * length, so a list of L items from L different single-category genres scores 1 (multi-category items can take
 * it above 1). Items without categories add nothing. Computed exactly from the catalogue, so on the simulator it is also the true diversity.
 */
public final class CategoryDiversity implements ListUtility {
  private final ItemCatalog catalog;

  /** @throws IllegalArgumentException when the catalogue has no categories (then diversity is undefined) */
  public CategoryDiversity(ItemCatalog catalog) {
    if (catalog.numCategories() == 0) {
      throw new IllegalArgumentException("the diversity objective needs item categories; this dataset has none");
    }
    if (catalog.numCategories() > 64) {
      throw new IllegalArgumentException("the diversity objective supports up to 64 categories, got "
          + catalog.numCategories());
    }
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "diversity";
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    return ListScores.score(batch, lists, items -> {
      long covered = 0;
      for (int item : items) {
        for (int g : catalog.categories().get(item)) {
          covered |= 1L << g;
        }
      }
      return (double) Long.bitCount(covered) / items.length;
    });
  }
}
