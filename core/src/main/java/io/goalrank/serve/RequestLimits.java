package io.goalrank.serve;

import java.util.OptionalLong;

/**
 * What one ranking request may ask for, checked by {@link RequestParser} before any work starts: at most
 * {@code maxCandidates} candidates, and a cost (candidates × history items the model reads, {@link RankQuery#cost()})
 * of at most the request cost limit.
 *
 * @param maxCandidates most candidates in one request ({@code --max-candidates})
 * @param maxRequestCost the cost limit ({@code --max-request-cost}); empty: the largest cost the candidate limit
 *     admits, so the limit refuses nothing the other limits accept
 */
public record RequestLimits(int maxCandidates, OptionalLong maxRequestCost) {

  public RequestLimits {
    if (maxCandidates < 1) {
      throw new IllegalArgumentException("--max-candidates must be positive: " + maxCandidates);
    }
    if (maxRequestCost.isPresent() && maxRequestCost.getAsLong() < 1) {
      throw new IllegalArgumentException("--max-request-cost must be positive: " + maxRequestCost.getAsLong());
    }
  }

  /** Only a candidate limit; the cost limit follows from it. */
  public static RequestLimits of(int maxCandidates) {
    return new RequestLimits(maxCandidates, OptionalLong.empty());
  }

  public RequestLimits withMaxRequestCost(long cost) {
    return new RequestLimits(maxCandidates, OptionalLong.of(cost));
  }

  /**
   * The cost limit for a model that reads at most {@code maxHistory} history items: the one given, else
   * {@code maxCandidates × maxHistory}, the cost of the largest request the candidate limit admits.
   */
  public long requestCostLimit(int maxHistory) {
    return maxRequestCost.orElse(RankQuery.cost(maxCandidates, maxHistory));
  }
}
