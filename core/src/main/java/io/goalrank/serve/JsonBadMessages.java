package io.goalrank.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answer to a request it cannot parse as HTTP (a bad request line or header, headers or a URI over its
 * limits), which never reaches the routes: an {@link ErrorResponse} body instead of Jetty's HTML page, so a client
 * gets JSON for every error.
 */
final class JsonBadMessages extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return ByteBuffer.allocate(0);
    }
    String message = "the request is not valid HTTP: " + (reason != null ? reason : HttpStatus.getMessage(status));
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    try {
      return ByteBuffer.wrap(JSON.writeValueAsBytes(new ErrorResponse(message, null)));
    } catch (JsonProcessingException e) {
      return ByteBuffer.wrap(("{\"error\":\"bad request (" + status + ")\"}").getBytes(StandardCharsets.UTF_8));
    }
  }
}
