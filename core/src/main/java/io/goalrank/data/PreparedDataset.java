package io.goalrank.data;

import io.goalrank.core.RequestBatch;
import io.goalrank.util.JsonRecords;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The output of {@code goalrank prepare}: every request of the N→L protocol with its history, ground truth,
 * candidates and labels, plus the item side information later stages need. Later commands load this file
 * instead of re-running filtering and retrieval.
 *
 * <p>Request {@code r} has user {@link #user(int)}, split {@link #split(int)}, a history (oldest first) with
 * positive flags, the ground-truth targets with positive flags, and {@code N} candidates with 0/1 labels and the
 * retriever's scores. Arrays are owned by this object and must not be modified.
 */
public final class PreparedDataset {
  private static final int MAGIC = 0x47524b50; // "GRKP"
  /** Version 2 added the typed configs and the checksum footer; version 1 files still load (see {@link #protocol}). */
  private static final int VERSION = 2;
  private static final int FIRST_VERSION_WITH_CONFIGS = 2;
  private static final int FOOTER_MAGIC = ~MAGIC;
  private static final int CHECKSUM_CRC32 = 0; // the footer's algorithm id, as in Lucene's CodecUtil

  private final Map<String, String> info;
  private final Map<String, String> configs;
  private ProtocolConfig protocol; // parsed on first use
  private final IdIndex userIds;
  private final IdIndex itemIds;
  private final ItemCatalog catalog;
  private final int[] itemCounts;
  private final int[] users;
  private final byte[] splits;
  private final int[][] history;
  private final byte[][] historyPositive;
  private final int[][] targets;
  private final byte[][] targetPositive;
  private final int[][] candidates;
  private final float[][] labels;
  private final float[][] retrieverScores;

  /**
   * A dataset without typed configs (see {@link #withConfig}).
   *
   * @param info provenance and protocol settings (dataset, seed, thresholds, statistics) for display, printed by
   *     {@code goalrank info}
   * @param itemCounts interactions per item in the histories, the popularity signal
   */
  public PreparedDataset(
      Map<String, String> info,
      IdIndex userIds,
      IdIndex itemIds,
      ItemCatalog catalog,
      int[] itemCounts,
      int[] users,
      byte[] splits,
      int[][] history,
      byte[][] historyPositive,
      int[][] targets,
      byte[][] targetPositive,
      int[][] candidates,
      float[][] labels,
      float[][] retrieverScores) {
    this(info, Map.of(), userIds, itemIds, catalog, itemCounts, users, splits, history, historyPositive, targets,
        targetPositive, candidates, labels, retrieverScores);
  }

  private PreparedDataset(
      Map<String, String> info,
      Map<String, String> configs,
      IdIndex userIds,
      IdIndex itemIds,
      ItemCatalog catalog,
      int[] itemCounts,
      int[] users,
      byte[] splits,
      int[][] history,
      byte[][] historyPositive,
      int[][] targets,
      byte[][] targetPositive,
      int[][] candidates,
      float[][] labels,
      float[][] retrieverScores) {
    this.info = new LinkedHashMap<>(info);
    this.configs = new LinkedHashMap<>(configs);
    this.userIds = Objects.requireNonNull(userIds);
    this.itemIds = Objects.requireNonNull(itemIds);
    this.catalog = Objects.requireNonNull(catalog);
    this.itemCounts = itemCounts;
    this.users = users;
    this.splits = splits;
    this.history = history;
    this.historyPositive = historyPositive;
    this.targets = targets;
    this.targetPositive = targetPositive;
    this.candidates = candidates;
    this.labels = labels;
    this.retrieverScores = retrieverScores;
    int n = users.length;
    for (Object column : new Object[] {splits, history, historyPositive, targets, targetPositive, candidates, labels,
        retrieverScores}) {
      int len = java.lang.reflect.Array.getLength(column);
      if (len != n) {
        throw new IllegalArgumentException("Request columns differ in length: " + len + " vs " + n);
      }
    }
    if (itemCounts.length != itemIds.size()) {
      throw new IllegalArgumentException("itemCounts has " + itemCounts.length + " entries for "
          + itemIds.size() + " items");
    }
  }

  /**
   * The same requests with different display info entries (arrays and typed configs are shared, not copied).
   */
  public PreparedDataset withInfo(Map<String, String> newInfo) {
    return new PreparedDataset(newInfo, configs, userIds, itemIds, catalog, itemCounts, users, splits, history,
        historyPositive, targets, targetPositive, candidates, labels, retrieverScores);
  }

  /**
   * The same requests with one more typed config: {@code json}, the JSON of the config record that made this data
   * ({@link ProtocolConfig#PROVENANCE}, the simulator's config), read back by the package that owns the record.
   * A null {@code json} removes the config.
   */
  public PreparedDataset withConfig(String name, String json) {
    Map<String, String> c = new LinkedHashMap<>(configs);
    if (json == null) {
      c.remove(name);
    } else {
      JsonRecords.tree(json); // refuse what is not JSON here, not when a later build reads the file
      c.put(name, json);
    }
    return new PreparedDataset(info, c, userIds, itemIds, catalog, itemCounts, users, splits, history,
        historyPositive, targets, targetPositive, candidates, labels, retrieverScores);
  }

  /** The typed configs by name, as JSON text (see {@link #withConfig}); empty for a version 1 file. */
  public Map<String, String> configs() {
    return java.util.Collections.unmodifiableMap(configs);
  }

  /** The JSON of the config {@code name}, if this data records it. */
  public java.util.Optional<String> config(String name) {
    return java.util.Optional.ofNullable(configs.get(name));
  }

  /**
   * The protocol that prepared this data: the recorded {@link ProtocolConfig}; for a file written before configs
   * were recorded (version 1) or data built in memory without one, the protocol as its {@code protocol.*} info
   * entries describe it ({@link ProtocolConfig#fromLegacyInfo}).
   *
   * @throws IllegalArgumentException when the recorded config is invalid or names a field this build lacks
   */
  public ProtocolConfig protocol() {
    if (protocol == null) {
      String json = configs.get(ProtocolConfig.PROVENANCE);
      try {
        protocol = json == null ? ProtocolConfig.fromLegacyInfo(info, numCandidates())
            : ProtocolConfig.fromJson(json, "config '" + ProtocolConfig.PROVENANCE + "'");
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return protocol;
  }

  public int size() {
    return users.length;
  }

  public int numItems() {
    return itemIds.size();
  }

  public int numUsers() {
    return userIds.size();
  }

  /** Candidates per request (N). */
  public int numCandidates() {
    return candidates.length == 0 ? 0 : candidates[0].length;
  }

  public Map<String, String> info() {
    return java.util.Collections.unmodifiableMap(info);
  }

  public IdIndex userIds() {
    return userIds;
  }

  public IdIndex itemIds() {
    return itemIds;
  }

  public ItemCatalog catalog() {
    return catalog;
  }

  public int[] itemCounts() {
    return itemCounts;
  }

  public int user(int r) {
    return users[r];
  }

  public Split split(int r) {
    return Split.ofCode(splits[r]);
  }

  public int[] history(int r) {
    return history[r];
  }

  public byte[] historyPositive(int r) {
    return historyPositive[r];
  }

  public int[] targets(int r) {
    return targets[r];
  }

  public byte[] targetPositive(int r) {
    return targetPositive[r];
  }

  public int[] candidates(int r) {
    return candidates[r];
  }

  public float[] labels(int r) {
    return labels[r];
  }

  public float[] retrieverScores(int r) {
    return retrieverScores[r];
  }

  /** Indices of the requests in {@code split}, ascending. */
  public int[] indices(Split split) {
    return java.util.stream.IntStream.range(0, size()).filter(r -> splits[r] == split.code()).toArray();
  }

  /** The requests {@code rows} as one batch. */
  public RequestBatch batch(int[] rows) {
    int b = rows.length;
    int[] u = new int[b];
    int[][] h = new int[b][];
    byte[][] hp = new byte[b][];
    int[][] c = new int[b][];
    float[][] l = new float[b][];
    float[][] s = new float[b][];
    for (int k = 0; k < b; k++) {
      int r = rows[k];
      u[k] = users[r];
      h[k] = history[r];
      hp[k] = historyPositive[r];
      c[k] = candidates[r];
      l[k] = labels[r];
      s[k] = retrieverScores[r];
    }
    return new RequestBatch(rows.clone(), u, h, hp, c, l, s);
  }

  /** Splits {@code rows} into consecutive batches of at most {@code batchSize}. */
  public List<RequestBatch> batches(int[] rows, int batchSize) {
    List<RequestBatch> out = new ArrayList<>();
    for (int start = 0; start < rows.length; start += batchSize) {
      out.add(batch(Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize))));
    }
    return out;
  }

  /** Writes to {@code file} atomically: a reader never sees a half-written file. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = io.goalrank.util.TempFiles.sibling(file.toAbsolutePath()); // the user's umask, unlike createTempFile
    try {
      CRC32 crc = new CRC32();
      try (OutputStream raw = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
              new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16), crc))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeMap(out, info);
        writeMap(out, configs);
        writeStrings(out, userIds.rawIds());
        writeStrings(out, itemIds.rawIds());
        writeStrings(out, catalog.titles());
        writeStrings(out, catalog.categoryNames());
        out.writeInt(catalog.categories().size());
        for (int[] cats : catalog.categories()) {
          writeInts(out, cats);
        }
        writeInts(out, itemCounts);
        writeInts(out, users);
        writeBytes(out, splits);
        for (int r = 0; r < size(); r++) {
          writeInts(out, history[r]);
          writeBytes(out, historyPositive[r]);
          writeInts(out, targets[r]);
          writeBytes(out, targetPositive[r]);
          writeInts(out, candidates[r]);
          writeFloats(out, labels[r]);
          writeFloats(out, retrieverScores[r]);
        }
        // the footer: magic, algorithm id, then the CRC32 of every (uncompressed) byte before the checksum
        out.writeInt(FOOTER_MAGIC);
        out.writeInt(CHECKSUM_CRC32);
        out.writeLong(crc.getValue());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads only the provenance/info entries of a file written by {@link #write} (they come first), for reports that
   * need the protocol and statistics but not the requests.
   */
  public static Map<String, String> readInfo(Path file) throws IOException {
    requireFile(file);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)))) {
      return readHeader(in, file).info();
    } catch (EOFException e) {
      throw truncated(file);
    }
  }

  /** What opens every file written by {@link #write}. */
  private record Header(int version, Map<String, String> info, Map<String, String> configs) {}

  /** The magic number, version, info entries and (from version 2) typed configs. */
  private static Header readHeader(DataInputStream in, Path file) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new DataFormatException(file, "not a GoalRank prepared dataset (bad magic number)");
    }
    int version = in.readInt();
    if (version < 1 || version > VERSION) {
      throw new DataFormatException(file, "prepared dataset version " + version + ", this build reads versions 1 to "
          + VERSION + (version > VERSION ? " (the file was written by a newer build)" : "")
          + "; run `goalrank prepare` again with this build");
    }
    Map<String, String> info = readMap(in);
    Map<String, String> configs = version >= FIRST_VERSION_WITH_CONFIGS ? readMap(in) : Map.of();
    return new Header(version, info, configs);
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "no prepared dataset here; run `goalrank prepare` first");
    }
  }

  private static DataFormatException truncated(Path file) {
    return new DataFormatException(file, "prepared dataset is truncated; run `goalrank prepare` again");
  }

  private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.writeUTF(e.getKey());
      writeLongString(out, e.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    int size = in.readInt();
    for (int k = 0; k < size; k++) {
      map.put(in.readUTF(), readLongString(in));
    }
    return map;
  }

  /**
   * Reads a file written by {@link #write}, checking its footer's CRC32 (version 2 on) and its typed protocol. A
   * version 1 file (no configs, no footer) still loads; its protocol comes from its info entries.
   */
  public static PreparedDataset read(Path file) throws IOException {
    requireFile(file);
    CRC32 crc = new CRC32();
    // the checksum sits under the DataInputStream, so it has seen exactly the bytes read so far (the buffer is below)
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new CheckedInputStream(
            new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16), crc))) {
      Header header = readHeader(in, file);
      Map<String, String> info = header.info();
      IdIndex userIds = IdIndex.of(readStrings(in));
      IdIndex itemIds = IdIndex.of(readStrings(in));
      List<String> titles = readStrings(in);
      List<String> categoryNames = readStrings(in);
      int nCat = in.readInt();
      List<int[]> cats = new ArrayList<>(nCat);
      for (int k = 0; k < nCat; k++) {
        cats.add(readInts(in));
      }
      ItemCatalog catalog = new ItemCatalog(titles, cats, categoryNames);
      int[] itemCounts = readInts(in);
      int[] users = readInts(in);
      byte[] splits = readBytes(in);
      int n = users.length;
      int[][] history = new int[n][];
      byte[][] historyPositive = new byte[n][];
      int[][] targets = new int[n][];
      byte[][] targetPositive = new byte[n][];
      int[][] candidates = new int[n][];
      float[][] labels = new float[n][];
      float[][] scores = new float[n][];
      for (int r = 0; r < n; r++) {
        history[r] = readInts(in);
        historyPositive[r] = readBytes(in);
        targets[r] = readInts(in);
        targetPositive[r] = readBytes(in);
        candidates[r] = readInts(in);
        labels[r] = readFloats(in);
        scores[r] = readFloats(in);
      }
      if (header.version() >= FIRST_VERSION_WITH_CONFIGS) {
        checkFooter(in, crc, file);
      }
      PreparedDataset data = new PreparedDataset(info, header.configs(), userIds, itemIds, catalog, itemCounts,
          users, splits, history, historyPositive, targets, targetPositive, candidates, labels, scores);
      try {
        data.protocol(); // a bad or newer config fails here, naming the file, not in the middle of a run
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, e.getMessage());
      }
      return data;
    } catch (EOFException e) {
      throw truncated(file);
    } catch (java.util.zip.ZipException e) {
      throw new DataFormatException(file, "prepared dataset is corrupt (" + e.getMessage() + "); run `goalrank "
          + "prepare` again");
    }
  }

  /** Lucene's CodecUtil.checkFooter, in short: footer magic, algorithm, the CRC32 of what came before, then EOF. */
  private static void checkFooter(DataInputStream in, CRC32 crc, Path file) throws IOException {
    if (in.readInt() != FOOTER_MAGIC) {
      throw new DataFormatException(file, "prepared dataset is corrupt: no checksum footer after the last request; "
          + "run `goalrank prepare` again");
    }
    int algorithm = in.readInt();
    if (algorithm != CHECKSUM_CRC32) {
      throw new DataFormatException(file, "prepared dataset has an unknown checksum algorithm " + algorithm);
    }
    long expected = crc.getValue();
    long stored = in.readLong();
    if (stored != expected) {
      throw new DataFormatException(file, String.format(java.util.Locale.ROOT, "prepared dataset is corrupt: "
          + "checksum %08x in the footer, %08x computed; run `goalrank prepare` again", stored, expected));
    }
    if (in.read() != -1) {
      throw new DataFormatException(file, "prepared dataset is corrupt: data after the checksum footer");
    }
  }

  // UTF-8 behind an int length (writeUTF stops at 64 KB)
  private static void writeLongString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String readLongString(DataInputStream in) throws IOException {
    return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      writeLongString(out, v);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(readLongString(in));
    }
    return out;
  }

  // arrays go through one byte[] each (big-endian, the bytes DataOutputStream.writeInt writes one by one), so the
  // checksum stream sees whole blocks rather than single bytes

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(4 * values.length);
    block.asIntBuffer().put(values);
    writeBlock(out, values.length, block);
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] v = new int[in.readInt()];
    readBlock(in, v.length).asIntBuffer().get(v);
    return v;
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(4 * values.length);
    block.asFloatBuffer().put(values);
    writeBlock(out, values.length, block);
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] v = new float[in.readInt()];
    readBlock(in, v.length).asFloatBuffer().get(v);
    return v;
  }

  /** The element count, then the block of {@code 4 * count} bytes. */
  private static void writeBlock(DataOutputStream out, int count, ByteBuffer block) throws IOException {
    out.writeInt(count);
    out.write(block.array());
  }

  /** The block of {@code count} 4-byte elements after their count. */
  private static ByteBuffer readBlock(DataInputStream in, int count) throws IOException {
    byte[] bytes = new byte[4 * count];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes);
  }

  private static void writeBytes(DataOutputStream out, byte[] values) throws IOException {
    out.writeInt(values.length);
    out.write(values);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] v = new byte[in.readInt()];
    in.readFully(v);
    return v;
  }
}
