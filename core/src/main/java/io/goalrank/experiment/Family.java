package io.goalrank.experiment;

/** The paper's families of methods (Table 1), plus rows that are not methods. */
public enum Family {
  HEURISTIC("heuristic"),
  GENERATOR_ONLY("generator-only"),
  GENERATOR_EVALUATOR("G-E"),
  MULTI_GENERATOR_EVALUATOR("multi-G-E"),
  GOALRANK("GoalRank"),
  /** Shown for context, never "the best baseline": the evaluator's own argmax, a label oracle. */
  REFERENCE("reference");

  private final String label;

  Family(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether rows of this family compete for "best baseline". */
  public boolean isBaseline() {
    return this != GOALRANK && this != REFERENCE;
  }
}
