package io.goalrank.serve;

/**
 * A ranking request that cannot be served as sent. {@link #field()} names the offending JSON field (for example
 * {@code candidates[3]}), so a client can point at it; the HTTP layer turns this into a 400 response.
 */
public sealed class RequestException extends IllegalArgumentException permits RequestCostException {
  private final String field;

  public RequestException(String field, String message) {
    super("field '" + field + "': " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    String m = getMessage();
    return m.substring(m.indexOf("': ") + 3);
  }
}
