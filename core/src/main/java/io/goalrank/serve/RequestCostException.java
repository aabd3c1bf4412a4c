package io.goalrank.serve;

/**
 * A request whose cost (candidates × history items read, {@link RankQuery#cost()}) is over the service's limit:
 * refused before it is queued, so one large request cannot hold the model thread or its memory. The HTTP layer
 * answers 400 with the cost and the limit.
 */
public final class RequestCostException extends RequestException {
  private final long cost;
  private final long limit;

  RequestCostException(RankQuery query, long limit) {
    super("body", "the request costs " + query.cost() + " (" + query.candidates().length + " candidates × "
        + RankQuery.historyRead(query.history().length) + " history items read), over the limit of " + limit
        + " per request; send fewer candidates or a shorter history, or raise the limit with --max-request-cost");
    this.cost = query.cost();
    this.limit = limit;
  }

  public long cost() {
    return cost;
  }

  public long limit() {
    return limit;
  }
}
