package io.goalrank.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Which categories each item has (MovieLens genres, the simulator's topics), as a fixed {@code [items + 1, C]}
 * multi-hot table saved with a network's weights and never trained ({@link NetworkTrainer} skips parameters that do
 * not require gradients), so a saved model reads the same categories wherever it is loaded. Row 0 is the padding id.
 */
public final class ItemCategories extends AbstractBlock {
  private final int items;
  private final int categories;
  private final Parameter multiHot;
  private float[] pending;

  /**
   * @param items items in the catalogue (ids 1..items)
   * @param categories how many categories there are (at least 1)
   */
  public ItemCategories(int items, int categories) {
    if (categories < 1) {
      throw new IllegalArgumentException("item categories were asked for, but the dataset's item catalogue has none");
    }
    this.items = items;
    this.categories = categories;
    multiHot = addParameter(Parameter.builder().setName("multiHot").setType(Parameter.Type.OTHER)
        .optShape(new Shape(items + 1, categories)).optInitializer(new ConstantInitializer(0f))
        .optRequiresGrad(false).build());
  }

  public int categories() {
    return categories;
  }

  /**
   * Sets the table: {@code perItem[i]} the category ids of item index {@code i} (id {@code i + 1}), each below
   * {@link #categories()}. Before the network is initialised it is kept and set then.
   */
  public void set(List<int[]> perItem) {
    if (perItem.size() != items) {
      throw new IllegalArgumentException("categories for " + perItem.size() + " items, the model has " + items);
    }
    float[] table = new float[(items + 1) * categories];
    for (int i = 0; i < items; i++) {
      for (int g : perItem.get(i)) {
        if (g < 0 || g >= categories) {
          throw new IllegalArgumentException("item " + i + " has category " + g + ", outside 0.." + (categories - 1));
        }
        table[(i + 1) * categories + g] = 1f;
      }
    }
    if (multiHot.isInitialized()) {
      multiHot.getArray().set(table);
    } else {
      pending = table;
    }
  }

  /** {@code ids} of any shape (int64 item ids) → {@code ids.shape + [C]} multi-hot rows. */
  public NDArray lookup(ParameterStore ps, NDArray ids) {
    return Embedding.embedding(ids, ps.getValue(multiHot, ids.getDevice(), false),
        ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
  }

  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    super.initialize(manager, dataType, inputShapes);
    if (pending != null) {
      multiHot.getArray().set(pending);
      pending = null;
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    return new NDList(lookup(ps, in.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0].add(categories)};
  }
}
