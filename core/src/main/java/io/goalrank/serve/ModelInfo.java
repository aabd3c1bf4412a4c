package io.goalrank.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code GET /v1/model} reports about the served generator, including what a request must carry for it:
 * {@code reads_retriever_scores} (then {@code retriever_scores} is required) and {@code objectives} (the objective
 * names an objective-conditioned model takes weights for; empty for any other model, which refuses
 * {@code objective}), the {@code engine} that runs it ({@code java} or {@code djl}), and the limits a request must
 * keep: {@code max_candidates} and {@code max_request_cost} (candidates × history items read).
 */
public record ModelInfo(
    String version,
    String kind,
    String source,
    @JsonProperty("num_items") int numItems,
    int hidden,
    int heads,
    @JsonProperty("encoder_layers") int encoderLayers,
    @JsonProperty("decoder_layers") int decoderLayers,
    @JsonProperty("list_length") int listLength,
    @JsonProperty("max_history") int maxHistory,
    long parameters,
    @JsonProperty("max_candidates") int maxCandidates,
    @JsonProperty("max_request_cost") long maxRequestCost,
    @JsonProperty("reads_retriever_scores") boolean readsRetrieverScores,
    List<String> objectives,
    String engine) {

  public ModelInfo {
    objectives = List.copyOf(objectives);
  }
}
