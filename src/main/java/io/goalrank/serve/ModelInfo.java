package io.goalrank.serve;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code GET /v1/model} reports about the served generator. */
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
    @JsonProperty("max_candidates") int maxCandidates) {}
