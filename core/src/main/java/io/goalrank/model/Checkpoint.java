package io.goalrank.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.util.JsonRecords;
import io.goalrank.util.StaleTemporaries;
import io.goalrank.util.TempFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A saved network: {@code model.json} (kind, {@link ModelConfig}, provenance: data, settings, seed, metrics) and
 * {@code weights.params} (DJL's parameter format). Both files are written to temporary names first and moved
 * into place, weights before metadata, so a killed run never leaves a checkpoint whose files disagree; stale
 * temporaries of a save that was killed are removed by the next save into the same directory. A generator saved
 * with its item ids ({@link #save(Path, Block, List)}) also has {@code items.txt}: everything serving needs.
 *
 * <p>{@code model.json} (format {@value #FORMAT}) also records the typed configs of the data the network was
 * trained on ({@code data}: the {@link ProtocolConfig} and, on simulated data, the simulator's config, as the
 * prepared dataset records them) and the size and CRC32 of {@code weights.params}, checked on every load, so a
 * weights file that was cut short, corrupted or swapped is refused by name. The weights stay in DJL's own format,
 * so the checksum lives in {@code model.json} rather than in a footer DJL's reader would stumble over. Files of
 * format 1 (no {@code format} field) still load, without the check.
 *
 * @param kind what the network is ({@code generator}, {@code reward}, {@code dnn}, ...)
 * @param config the network's shape
 * @param provenance free-form facts printed by {@code goalrank info}, for display
 * @param data the typed configs of the training data by name, as JSON ({@link PreparedDataset#configs()})
 */
public record Checkpoint(String kind, ModelConfig config, Map<String, String> provenance, Map<String, String> data) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The format of {@code model.json} this build writes; it reads formats 1 (before typed configs) to this. */
  public static final int FORMAT = 2;
  public static final String META = "model.json";
  public static final String WEIGHTS = "weights.params";
  /** The raw item ids in index order, one per line: how serving maps request ids to the model's item indices. */
  public static final String ITEMS = "items.txt";
  private static final String MISMATCH_HINT = "copy the whole model directory again, or retrain the model";

  public Checkpoint {
    provenance = new LinkedHashMap<>(provenance);
    data = new LinkedHashMap<>(data);
  }

  /** A checkpoint without typed data configs (see {@link #withData}). */
  public Checkpoint(String kind, ModelConfig config, Map<String, String> provenance) {
    this(kind, config, provenance, Map.of());
  }

  /** This checkpoint with the typed configs {@code dataset} records (its protocol and, if simulated, simulator). */
  public Checkpoint withData(PreparedDataset dataset) {
    return new Checkpoint(kind, config, provenance, dataset.configs());
  }

  /** The protocol of the training data, if this checkpoint records it (format 2). */
  public Optional<ProtocolConfig> protocol() {
    String json = data.get(ProtocolConfig.PROVENANCE);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProtocolConfig.fromJson(json, META + ": data." + ProtocolConfig.PROVENANCE));
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Builds the block a checkpoint of this kind holds (weights not loaded), by {@link ModelKinds}. */
  public static Block newBlock(String kind, ModelConfig config) {
    return new Checkpoint(kind, config, Map.of()).newBlock();
  }

  /** Builds the block this checkpoint holds (weights not loaded), by {@link ModelKinds}. */
  public Block newBlock() {
    return ModelKinds.get(kind).newBlock(this);
  }

  public void save(Path dir, Block block) throws IOException {
    Files.createDirectories(dir);
    StaleTemporaries.remove(dir, false);
    Path weightsTmp = TempFiles.sibling(dir.resolve(WEIGHTS));
    Path metaTmp = TempFiles.sibling(dir.resolve(META));
    try {
      CRC32 crc = new CRC32();
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          new CheckedOutputStream(Files.newOutputStream(weightsTmp), crc)))) {
        block.saveParameters(out);
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("format", FORMAT);
      meta.put("kind", kind);
      meta.put("config", config);
      meta.put("provenance", provenance);
      Map<String, Object> typed = new LinkedHashMap<>();
      data.forEach((name, json) -> typed.put(name, JsonRecords.tree(json)));
      meta.put("data", typed);
      Map<String, Object> weights = new LinkedHashMap<>();
      weights.put("file", WEIGHTS);
      weights.put("bytes", Files.size(weightsTmp));
      weights.put("crc32", hex(crc.getValue()));
      meta.put("weights", weights);
      JSON.writeValue(metaTmp.toFile(), meta);
      Files.move(weightsTmp, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(metaTmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(weightsTmp);
      Files.deleteIfExists(metaTmp);
    }
  }

  /**
   * Writes only {@code model.json} (atomically): the record of a model with no weights of its own, a composite of
   * saved models in sub-directories, written after them so a directory with it is complete.
   */
  public void saveMetadata(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path metaTmp = TempFiles.sibling(dir.resolve(META));
    try {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("kind", kind);
      meta.put("config", config);
      meta.put("provenance", provenance);
      JSON.writeValue(metaTmp.toFile(), meta);
      Files.move(metaTmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(metaTmp);
    }
  }

  /**
   * Saves a model that can be served on its own: {@code items.txt} ({@code itemIds}, the dataset's raw ids in index
   * order), then the weights, then {@code model.json}, so a directory with {@code model.json} is complete.
   */
  public void save(Path dir, Block block, List<String> itemIds) throws IOException {
    if (itemIds.size() > config.numItems()) {
      throw new IllegalArgumentException(itemIds.size() + " item ids for a model of " + config.numItems() + " items");
    }
    saveItems(dir, itemIds);
    save(dir, block);
  }

  /** Writes {@code items.txt} atomically. */
  public static void saveItems(Path dir, List<String> itemIds) throws IOException {
    Files.createDirectories(dir);
    Path tmp = TempFiles.sibling(dir.resolve(ITEMS));
    try {
      Files.write(tmp, itemIds);
      Files.move(tmp, dir.resolve(ITEMS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads {@code items.txt}, failing with a message that says how a model gets one. */
  public static List<String> readItems(Path dir) throws IOException {
    Path f = dir.resolve(ITEMS);
    if (!Files.isRegularFile(f)) {
      throw new IOException(dir + ": no " + ITEMS + " (the item ids serving maps requests with). Every trainer of "
          + "this build writes it next to a generator it saves; this model was saved without it: retrain it, or "
          + "write the training data's item ids there, one per line in index order");
    }
    return Files.readAllLines(f);
  }

  /** Reads {@code model.json} of a checkpoint directory. */
  public static Checkpoint read(Path dir) throws IOException {
    Path meta = dir.resolve(META);
    if (!Files.isRegularFile(meta)) {
      throw new IOException(dir + ": not a GoalRank model directory (no " + META + ")");
    }
    var node = JSON.readTree(meta.toFile());
    int format = node.has("format") ? node.get("format").asInt(-1) : 1;
    if (format < 1 || format > FORMAT) {
      throw new IOException(meta + ": model format " + node.get("format") + ", this build reads formats 1 to "
          + FORMAT + (format > FORMAT ? " (the model was saved by a newer build)" : ""));
    }
    ModelConfig config = JSON.treeToValue(node.get("config"), ModelConfig.class);
    @SuppressWarnings("unchecked")
    Map<String, String> prov = JSON.treeToValue(node.get("provenance"), LinkedHashMap.class);
    Map<String, String> data = new LinkedHashMap<>();
    if (node.has("data")) {
      node.get("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().toString()));
    }
    if (data.containsKey(ProtocolConfig.PROVENANCE)) { // a bad or newer config fails here, naming the file
      ProtocolConfig.fromJson(data.get(ProtocolConfig.PROVENANCE), meta + ": data." + ProtocolConfig.PROVENANCE);
    }
    return new Checkpoint(node.get("kind").asText(), config, prov, data);
  }

  /** The size and CRC32 of {@code weights.params} that {@code dir/model.json} records; null for format 1. */
  private static long[] recordedWeights(Path dir) throws IOException {
    Path meta = dir.resolve(META);
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    var weights = JSON.readTree(meta.toFile()).get("weights");
    if (weights == null || !weights.has("crc32") || !weights.has("bytes")) {
      return null;
    }
    try {
      return new long[] {weights.get("bytes").asLong(), Long.parseLong(weights.get("crc32").asText(), 16)};
    } catch (NumberFormatException e) {
      throw new IOException(meta + ": weights.crc32 is not a hexadecimal checksum: " + weights.get("crc32"));
    }
  }

  private static String hex(long crc) {
    return String.format(java.util.Locale.ROOT, "%08x", crc);
  }

  /** Loads the weights of a checkpoint into a fresh block initialised in {@code manager}. */
  public Block loadBlock(Path dir, NDManager manager) throws IOException {
    Block block = newBlock();
    block.initialize(manager, DataType.FLOAT32, new Shape(1));
    readWeights(dir, block, manager);
    return block;
  }

  /**
   * Reads {@code dir/weights.params} into an initialised {@code block}: the one place weights are loaded
   * ({@link #loadBlock}, {@link NetworkTrainer#loadWeights}), so a bad file gets the same message everywhere.
   *
   * <p>DJL reads the parameters in block order and trusts the file: a truncated file ends in an
   * {@link EOFException} without a message, and a file of another network either fails somewhere inside the
   * decoding or, when the first parameters happen to line up, loads arrays of other shapes. So this checks what
   * DJL does not: every parameter keeps its shape and the file holds nothing after the last one.
   */
  static void readWeights(Path dir, Block block, NDManager manager) throws IOException {
    Path file = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file (a saved model directory holds " + META + " and " + WEIGHTS + ")");
    }
    long bytes = Files.size(file);
    long[] recorded = recordedWeights(dir);
    String network = "this " + block.getClass().getSimpleName() + " network";
    Map<String, Shape> expected = new LinkedHashMap<>();
    block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getShape()));
    CRC32 crc = new CRC32();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        new CheckedInputStream(Files.newInputStream(file), crc)))) {
      block.loadParameters(manager, in);
      if (in.read() != -1) {
        throw new IOException(file + ": not a checkpoint of " + network + ": it holds more data after the last "
            + "parameter (" + bytes + " bytes); " + MISMATCH_HINT);
      }
    } catch (EOFException e) {
      throw new IOException(file + " is truncated (" + bytes + " bytes): it ends before every parameter of "
          + network + " was read. The save or a copy was cut short, or the file belongs to a network with fewer "
          + "parameters; " + MISMATCH_HINT, e);
    } catch (MalformedModelException | java.io.UTFDataFormatException | RuntimeException e) {
      // DJL's decoder meets bytes it cannot read as a parameter: a wrong name, format or data type
      throw new IOException(file + ": not a checkpoint of " + network + " (" + e.getMessage() + "); "
          + MISMATCH_HINT, e);
    }
    for (var p : block.getParameters()) {
      Shape want = expected.get(p.getKey());
      Shape got = p.getValue().getShape();
      if (want != null && !want.equals(got)) {
        throw new IOException(file + ": not a checkpoint of " + network + ": parameter " + p.getKey() + " has shape "
            + got + " in the file, " + want + " in the network " + META + " describes; " + MISMATCH_HINT);
      }
    }
    // DJL's own reading passed (it names truncation and shape mismatches more precisely); now every byte has gone
    // through the checksum, since the EOF check read to the end
    if (recorded != null && (recorded[0] != bytes || recorded[1] != crc.getValue())) {
      throw new IOException(file + ": corrupt: " + bytes + " bytes with CRC32 " + hex(crc.getValue()) + ", but "
          + META + " records " + recorded[0] + " bytes with CRC32 " + hex(recorded[1]) + " for the weights it was "
          + "saved with (a damaged copy, or weights of another save); " + MISMATCH_HINT);
    }
  }

  /** A new record with one more provenance entry. */
  public Checkpoint with(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>(provenance);
    p.put(key, value);
    return new Checkpoint(kind, config, p, data);
  }
}
