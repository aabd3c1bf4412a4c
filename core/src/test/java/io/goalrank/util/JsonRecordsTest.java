package io.goalrank.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
  record Settings(int steps, float rate, List<Double> weights, String name) {
    Settings {
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1: " + steps);
      }
    }
  }

  static final Settings DEFAULTS = new Settings(10, 0.1f, List.of(1.0, 0.5), "default");

  @Test
  void roundTripsExactly() throws IOException {
    Settings s = new Settings(3, 1e-3f / 3, List.of(0.1, 1.0 / 3), "x");
    assertEquals(s, JsonRecords.read(JsonRecords.write(s), Settings.class, DEFAULTS, "test"));
  }

  @Test
  void aMissingFieldTakesTheDefault() throws IOException {
    // a file written before 'name' existed
    assertEquals(new Settings(4, 0.1f, List.of(1.0, 0.5), "default"),
        JsonRecords.read("{\"steps\":4}", Settings.class, DEFAULTS, "test"));
  }

  @Test
  void anUnknownFieldOrAnInvalidValueIsRefusedWithWhere() {
    IOException e = assertThrows(IOException.class,
        () -> JsonRecords.read("{\"steps\":4,\"momentum\":0.9}", Settings.class, DEFAULTS, "f.bin: config 's'"));
    assertTrue(e.getMessage().startsWith("f.bin: config 's': unknown field 'momentum'"), e.getMessage());
    e = assertThrows(IOException.class, () -> JsonRecords.read("{\"steps\":0}", Settings.class, DEFAULTS, "f.bin"));
    assertTrue(e.getMessage().contains("steps must be >= 1: 0"), e.getMessage());
    e = assertThrows(IOException.class, () -> JsonRecords.read("[1]", Settings.class, DEFAULTS, "f.bin"));
    assertTrue(e.getMessage().startsWith("f.bin: expected a JSON object"), e.getMessage());
  }
}
