package io.goalrank.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a request body as exactly one strict JSON value (no duplicate keys, nothing after the value), for both
 * {@code POST /v1/rank} and {@code goalrank rank}. A body that is not such a value is a {@link RequestException} on
 * the field {@code body} (or on the repeated key), in this project's words rather than the JSON library's, whose
 * messages name its own settings ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`").
 */
public final class RequestJson {
  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
  private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'");
  private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'");

  private RequestJson() {}

  /** The one JSON value of {@code body}; an empty body is an error too. */
  public static JsonNode read(byte[] body) {
    if (body.length == 0) {
      throw new RequestException("body", "request body is empty; expected a JSON object");
    }
    try {
      return STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw explain(e);
    } catch (IOException e) {
      throw new RequestException("body", "could not read the JSON: " + e.getMessage());
    }
  }

  /** What was wrong with the JSON, with its line and column when known. */
  static RequestException explain(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find()) {
      return new RequestException(duplicate.group(1), "appears twice in the same object; send each field once");
    }
    return new RequestException("body", "malformed JSON" + where(e.getLocation()) + ": " + reason(e, original));
  }

  private static String reason(JsonProcessingException e, String original) {
    Matcher nonStandard = NON_STANDARD.matcher(original);
    if (nonStandard.find()) {
      String token = nonStandard.group(1);
      return token.matches("[-+]?(NaN|Infinity|INF)")
          ? token + " is not a JSON number: send finite numbers only"
          : "'" + token + "' is not a JSON value";
    }
    if (e instanceof StreamConstraintsException) {
      if (original.contains("nesting depth")) {
        return "nested deeper than the parser allows (1000 levels)";
      }
      if (original.contains("Number value length")) {
        return "a number has more digits than the parser allows (1000)";
      }
      return "the body exceeds the parser's limits (" + firstClause(original) + ")";
    }
    if (original.contains("Leading zeroes")) {
      return "a number starts with 0 (write 7, not 07)";
    }
    if (original.contains("plus sign")) {
      return "a number starts with '+' (JSON numbers have no plus sign)";
    }
    if (original.contains("Decimal point not followed by a digit")) {
      return "a number ends with a decimal point (write 1 or 1.0, not 1.)";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "the body ends before the JSON value does (an unclosed object, array or string)";
    }
    if (original.startsWith("Trailing token")) {
      return "more data after the JSON object; send one request object per body";
    }
    if (original.startsWith("Invalid UTF-8")) {
      return "the body is not valid UTF-8 (" + firstClause(original) + ")";
    }
    if (original.contains("(non-standard) comment")) {
      return "JSON has no comments";
    }
    Matcher unrecognized = UNRECOGNIZED.matcher(original);
    if (unrecognized.find()) {
      return "'" + unrecognized.group(1) + "' is not a JSON value (text needs double quotes; the literals are true, "
          + "false and null)";
    }
    Matcher unexpected = UNEXPECTED.matcher(original);
    if (unexpected.find()) {
      return "unexpected character '" + unexpected.group(1) + "'" + original.substring(unexpected.end())
          .replaceFirst(" \\(not recognized as one since.*", "");
    }
    return firstClause(original);
  }

  /** The library's message without the parts that only name its own settings and internal locations. */
  private static String firstClause(String message) {
    String m = message;
    for (String cut : new String[] {"\n", ": enable `", " (start marker at", " at [Source", " (from `", "; enable"}) {
      int at = m.indexOf(cut);
      if (at > 0) {
        m = m.substring(0, at);
      }
    }
    return m;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
