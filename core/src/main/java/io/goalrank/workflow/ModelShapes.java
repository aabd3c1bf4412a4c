package io.goalrank.workflow;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.model.ModelConfig;

/** The network shapes for a dataset: its list length and history window, from its recorded protocol. */
public final class ModelShapes {
  private ModelShapes() {}

  /** The preset {@code size} for {@code data}'s list length and history window, reading no retriever scores. */
  public static ModelConfig modelConfig(PreparedDataset data, String size) {
    ProtocolConfig protocol = data.protocol();
    return ModelConfig.preset(size, data.numItems(), protocol.maxHistory(), protocol.listLength());
  }

  /** The preset {@code size} with the input features {@code s} asks for. */
  public static ModelConfig modelConfig(PreparedDataset data, String size, TrainingSettings s) {
    return modelConfig(data, size).withRetrieverScores(s.readsRetrieverScores(data));
  }

  /**
   * GoalRank's generator: {@link #modelConfig(PreparedDataset, String, TrainingSettings)} at the generator size, reading
   * the catalogue's item categories when {@code s} asks for them.
   */
  public static ModelConfig generatorConfig(PreparedDataset data, TrainingSettings s) {
    ModelConfig config = modelConfig(data, s.generatorSize(), s);
    if (!s.generatorReadsCategories()) {
      return config;
    }
    int categories = data.catalog().numCategories();
    if (categories == 0) {
      throw new IllegalArgumentException("--generator-categories: the dataset's item catalogue has no categories "
          + "(genres, topics) to read");
    }
    return config.withItemCategories(categories);
  }

  /** L, the list length of {@code data}'s protocol. */
  public static int listLength(PreparedDataset data) {
    return data.protocol().listLength();
  }
}
