package io.goalrank.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of a successful {@code POST /v1/rank}.
 *
 * @param user the request's user id, or absent
 * @param items the ranked list, best first (L item ids)
 * @param scores the generator's probability of each pick at its step, π(l_t | l_&lt;t)
 * @param model the model version that ranked
 * @param historyUsed history items the model read: the most recent known ones, at most its {@code max_history}
 * @param historyUnknown history items dropped as unknown to the model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankResponse(
    String user,
    List<String> items,
    float[] scores,
    String model,
    @JsonProperty("history_used") int historyUsed,
    @JsonProperty("history_unknown") int historyUnknown) {}
