package io.goalrank.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every non-2xx response: a message and, for bad requests, the JSON field at fault.
 *
 * @param error what went wrong
 * @param field the offending field ({@code body} for the request as a whole), or absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, String field) {}
