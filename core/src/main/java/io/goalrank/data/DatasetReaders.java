package io.goalrank.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The readers known by name, as used by {@code --dataset} on the command line. */
public final class DatasetReaders {
  private static final Map<String, Supplier<InteractionReader>> READERS = new LinkedHashMap<>();

  static {
    READERS.put("ml-1m", MovieLensReader::new);
    READERS.put("amazon-book", KgatAmazonBookReader::new);
    READERS.put("csv", CsvInteractionReader::new);
  }

  private DatasetReaders() {}

  /** A new reader for {@code name}; unknown names fail with the list of valid ones. */
  public static InteractionReader forName(String name) {
    Supplier<InteractionReader> reader = name == null ? null : READERS.get(name);
    if (reader == null) {
      throw new IllegalArgumentException("Unknown dataset format '" + name + "'; valid names: " + names());
    }
    return reader.get();
  }

  /** The valid names, in a fixed order. */
  public static List<String> names() {
    return List.copyOf(READERS.keySet());
  }
}
