package io.goalrank.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Config records as typed provenance: written as JSON by Jackson and read back as the same record, so behaviour is
 * rebuilt from the record that made a file, never re-parsed out of display strings.
 *
 * <p>A stored record is read <em>over the defaults</em>: a field missing from the JSON (a file written before the
 * field existed) takes the default's value, which is what the older build ran with. A field this build does not
 * know (a file of a newer build) is refused by name rather than dropped, since dropping it would silently run
 * something else.
 */
public final class JsonRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRecords() {}

  /** {@code record} as compact JSON text. */
  public static String write(Object record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + record.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** {@code json} parsed into a tree, e.g. to embed it in another JSON document. */
  public static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The record of {@code type} stored as {@code json}, over {@code defaults}.
   *
   * @param where the file and field the JSON came from, e.g. {@code data/prepared.bin: config 'simulator'}; every
   *     error message starts with it
   * @throws IOException when the JSON is not an object, names a field {@code type} lacks, or holds a value the
   *     record's validation refuses
   */
  public static <T> T read(String json, Class<T> type, T defaults, String where) throws IOException {
    JsonNode stored;
    try {
      stored = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException(where + ": not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (stored == null || !stored.isObject()) {
      throw new IOException(where + ": expected a JSON object of " + type.getSimpleName() + ", got " + stored);
    }
    ObjectNode merged = JSON.valueToTree(defaults);
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!merged.has(field.getKey())) {
        throw new IOException(where + ": unknown field '" + field.getKey() + "' of " + type.getSimpleName()
            + " (written by a newer build?); this build knows " + fieldNames(merged));
      }
      merged.set(field.getKey(), field.getValue());
    }
    try {
      return JSON.treeToValue(merged, type);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String message = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new IOException(where + ": invalid " + type.getSimpleName() + ": " + message, e);
    }
  }

  private static String fieldNames(ObjectNode node) {
    StringBuilder out = new StringBuilder();
    node.fieldNames().forEachRemaining(n -> out.append(out.length() == 0 ? "" : ", ").append(n));
    return out.toString();
  }
}
