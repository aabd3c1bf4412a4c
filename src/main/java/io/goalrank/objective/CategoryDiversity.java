package io.goalrank.objective;

import io.goalrank.data.ItemCatalog;
import io.goalrank.policy.ListUtility;
import io.goalrank.policy.RequestBatch;

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
    float[][] out = new float[lists.length][];
    for (int b = 0; b < lists.length; b++) {
      int[] candidates = batch.candidates()[b];
      out[b] = new float[lists[b].length];
      for (int k = 0; k < lists[b].length; k++) {
        long covered = 0;
        for (int slot : lists[b][k]) {
          for (int g : catalog.categories().get(candidates[slot])) {
            covered |= 1L << g;
          }
        }
        out[b][k] = (float) Long.bitCount(covered) / lists[b][k].length;
      }
    }
    return out;
  }
}
