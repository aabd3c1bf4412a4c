package io.goalrank.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.goalrank.eval.AtomicFiles;
import io.goalrank.eval.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk state of one experiment, laid out so that a killed run loses at most the model it was working on:
 *
 * <pre>
 * DIR/experiment.json                  what the run is (refuses to resume a different experiment into DIR)
 * DIR/prepared-&lt;negatives&gt;.bin        the prepared dataset shared by every seed (--no-split-per-seed)
 * DIR/seed-&lt;s&gt;/prepared-&lt;negatives&gt;.bin  seed s's own split and retriever (--split-per-seed)
 * DIR/seed-&lt;s&gt;/models/&lt;model&gt;/        trained networks (with per-epoch checkpoints while training)
 * DIR/seed-&lt;s&gt;/results/&lt;row&gt;.json     one finished row: its metrics, per-request values and seconds
 * </pre>
 *
 * Every file is written to a temporary name and moved into place, so a result file either is complete or does not
 * exist.
 */
public final class RunDirectory {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String IDENTITY = "experiment.json";
  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  /** One finished (seed, row): the evaluation and the seconds spent on it (training first needed by it included). */
  public record RowResult(String row, long seed, double seconds, EvaluationResult result) {}

  /**
   * Opens (creating if needed) the run directory of {@code experiment} with {@code identity}; refuses a directory
   * made for a different experiment or identity, naming the first field that differs. A directory made before a
   * field was recorded counts as made with the value that build used ({@link #legacyValue}), and its file is then
   * completed with the field.
   */
  public static RunDirectory open(Path root, String experiment, Map<String, String> identity) throws IOException {
    Files.createDirectories(root);
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("experiment", experiment);
    wanted.putAll(identity);
    Path file = root.resolve(IDENTITY);
    if (Files.isRegularFile(file)) {
      Map<String, String> found = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
      boolean completed = false;
      for (var e : wanted.entrySet()) {
        String had = found.get(e.getKey());
        String note = "";
        if (had == null && legacyValue(e.getKey(), found) != null) {
          had = legacyValue(e.getKey(), found);
          note = " (made before " + e.getKey() + " was recorded)";
          if (had.equals(e.getValue())) {
            found.put(e.getKey(), had);
            completed = true;
          }
        }
        if (!e.getValue().equals(had)) {
          throw new IllegalArgumentException(file + ": this run directory was made with " + e.getKey() + " = "
              + had + note + ", not " + e.getValue() + hint(e.getKey(), had)
              + "; use another --out to start a new run");
        }
      }
      if (completed) {
        AtomicFiles.writeString(file, JSON.writeValueAsString(found));
      }
    } else {
      AtomicFiles.writeString(file, JSON.writeValueAsString(wanted));
    }
    return new RunDirectory(root);
  }

  /**
   * The value a field had in run directories made before it was recorded: one split shared by every seed, the
   * dataset's default threshold (the only one experiments could use then) and the last-L requests. Null for other
   * fields.
   */
  static String legacyValue(String field, Map<String, String> found) {
    return switch (field) {
      case "splitPerSeed" -> "false";
      case "requests" -> "last";
      case "positiveThreshold" -> found.get("dataset") == null ? null
          : Float.toString(ExperimentConfig.defaultThreshold(found.get("dataset")));
      default -> null;
    };
  }

  private static String hint(String field, String had) {
    return switch (field) {
      case "splitPerSeed" -> "false".equals(had) ? " (--no-split-per-seed resumes it)" : " (--split-per-seed resumes it)";
      case "positiveThreshold" -> had == null ? "" : " (--threshold " + had + " resumes it)";
      case "requests" -> had == null ? "" : " (--requests " + had + " resumes it)";
      default -> "";
    };
  }

  /**
   * Opens an existing run directory of {@code experiment} for reading only and returns it with its identity
   * ({@code experiment.json}); refuses a directory that is not one.
   */
  public static Map.Entry<RunDirectory, Map<String, String>> read(Path root, String experiment) throws IOException {
    Path file = root.resolve(IDENTITY);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(root + ": not an experiment run directory (no " + IDENTITY + ")");
    }
    Map<String, String> found = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
    if (!experiment.equals(found.get("experiment"))) {
      throw new IllegalArgumentException(file + ": a run of '" + found.get("experiment") + "', not of '" + experiment
          + "'");
    }
    return Map.entry(new RunDirectory(root), found);
  }

  public Path root() {
    return root;
  }

  /** The prepared dataset shared by every seed. */
  public Path preparedFile(String negatives) {
    return root.resolve("prepared-" + negatives + ".bin");
  }

  /** Seed {@code seed}'s own prepared dataset (its split and retriever), with {@code --split-per-seed}. */
  public Path preparedFile(String negatives, long seed) {
    return seedDir(seed).resolve("prepared-" + negatives + ".bin");
  }

  public Path modelDir(long seed, String model) {
    return seedDir(seed).resolve("models").resolve(model);
  }

  public Path resultFile(long seed, String row) {
    return seedDir(seed).resolve("results").resolve(row.replaceAll("[^A-Za-z0-9@._-]", "_") + ".json");
  }

  public boolean hasResult(long seed, String row) {
    return Files.isRegularFile(resultFile(seed, row));
  }

  public void saveResult(RowResult r) throws IOException {
    AtomicFiles.writeString(resultFile(r.seed(), r.row()), JSON.writeValueAsString(r));
  }

  public RowResult loadResult(long seed, String row) throws IOException {
    Path file = resultFile(seed, row);
    try {
      return JSON.readValue(file.toFile(), RowResult.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable result (" + e.getMessage() + "); delete it to recompute the row",
          e);
    }
  }

  private Path seedDir(long seed) {
    return root.resolve("seed-" + seed);
  }
}
