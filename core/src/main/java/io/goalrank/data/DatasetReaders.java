package io.goalrank.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.goalrank.util.Registration;
import java.util.function.Supplier;

/**
 * Every dataset reader by {@code --dataset} name: the one list that {@code goalrank prepare}, the experiments
 * ({@code ExperimentConfig}, {@code ExperimentData}) and the "Datasets" section of {@code --help} read. A reader
 * knows its own files and its default positive threshold ({@link InteractionReader#defaultThreshold}), so a new
 * dataset is one {@link InteractionReader} class and one line here (plus {@link DatasetDownloader} if it can be
 * downloaded).
 */
public final class DatasetReaders {
  private static final Map<String, Supplier<InteractionReader>> READERS = new LinkedHashMap<>();

  static {
    add(MovieLensReader::new);
    add(KgatAmazonBookReader::new);
    add(CsvInteractionReader::new);
  }

  private DatasetReaders() {}

  /**
   * Registers a reader under its own {@link InteractionReader#name}; a name may be registered once. The built-in
   * readers are registered above, for good; closing the returned registration removes the reader again (tests).
   */
  public static synchronized Registration add(Supplier<InteractionReader> reader) {
    String name = reader.get().name();
    if (READERS.putIfAbsent(name, reader) != null) {
      throw new IllegalStateException("dataset reader '" + name + "' registered twice");
    }
    return () -> {
      synchronized (DatasetReaders.class) {
        READERS.remove(name);
      }
    };
  }

  /** A new reader for {@code name}; unknown names fail with the list of valid ones. */
  public static synchronized InteractionReader forName(String name) {
    Supplier<InteractionReader> reader = name == null ? null : READERS.get(name);
    if (reader == null) {
      throw new IllegalArgumentException("Unknown dataset format '" + name + "'; valid names: " + names());
    }
    return reader.get();
  }

  /** The valid names, in registration order. */
  public static synchronized List<String> names() {
    return List.copyOf(READERS.keySet());
  }

  /** One line per reader for {@code --help}: name, files, default threshold. */
  public static synchronized List<String> help() {
    List<String> out = new ArrayList<>();
    for (String name : READERS.keySet()) {
      InteractionReader reader = READERS.get(name).get();
      PositiveThreshold t = reader.defaultThreshold(null);
      out.add(String.format("%-13s %s; positive: rating >= %s (%s)", name, reader.description(),
          PositiveThreshold.number(t.value()), t.source()));
    }
    return out;
  }
}
