package io.goalrank.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every non-2xx response: a message and, for bad requests, the JSON field at fault; for a request over
 * the cost limit also its cost and the limit.
 *
 * @param error what went wrong
 * @param field the offending field ({@code body} for the request as a whole), or absent
 * @param cost the request's cost (candidates × history items read), only when it is over the limit
 * @param limit the request cost limit ({@code --max-request-cost}), only with {@code cost}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, String field, Long cost, Long limit) {

  public ErrorResponse(String error, String field) {
    this(error, field, null, null);
  }

  /** The 400 answer to a bad request: its reason and field, and the cost and limit when that is what is wrong. */
  static ErrorResponse of(RequestException e) {
    return e instanceof RequestCostException c ? new ErrorResponse(e.reason(), e.field(), c.cost(), c.limit())
        : new ErrorResponse(e.reason(), e.field());
  }
}
