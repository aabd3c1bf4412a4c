package io.goalrank.data;

import io.goalrank.core.RequestBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private static final int VERSION = 1;

  private final Map<String, String> info;
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
   * @param info provenance and protocol settings (dataset, seed, thresholds, statistics), printed by
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
    this.info = new LinkedHashMap<>(info);
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

  /** The same requests with different provenance/info entries (arrays are shared, not copied). */
  public PreparedDataset withInfo(Map<String, String> newInfo) {
    return new PreparedDataset(newInfo, userIds, itemIds, catalog, itemCounts, users, splits, history,
        historyPositive, targets, targetPositive, candidates, labels, retrieverScores);
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
      try (OutputStream raw = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16)))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(info.size());
        for (Map.Entry<String, String> e : info.entrySet()) {
          out.writeUTF(e.getKey());
          writeLongString(out, e.getValue());
        }
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
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "no prepared dataset here; run `goalrank prepare` first");
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)))) {
      return readHeader(in, file);
    } catch (EOFException e) {
      throw new DataFormatException(file, "prepared dataset is truncated; run `goalrank prepare` again");
    }
  }

  /** The magic number, version and info entries that open every file written by {@link #write}. */
  private static Map<String, String> readHeader(DataInputStream in, Path file) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new DataFormatException(file, "not a GoalRank prepared dataset (bad magic number)");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new DataFormatException(file, "prepared dataset version " + version + ", this build reads "
          + VERSION + "; run `goalrank prepare` again");
    }
    Map<String, String> info = new LinkedHashMap<>();
    int infoSize = in.readInt();
    for (int k = 0; k < infoSize; k++) {
      info.put(in.readUTF(), readLongString(in));
    }
    return info;
  }

  /** Reads a file written by {@link #write}. */
  public static PreparedDataset read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "no prepared dataset here; run `goalrank prepare` first");
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)))) {
      Map<String, String> info = readHeader(in, file);
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
      return new PreparedDataset(info, userIds, itemIds, catalog, itemCounts, users, splits, history,
          historyPositive, targets, targetPositive, candidates, labels, scores);
    } catch (EOFException e) {
      throw new DataFormatException(file, "prepared dataset is truncated; run `goalrank prepare` again");
    }
  }

  private static void writeLongString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readLongString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] v = new int[in.readInt()];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readInt();
    }
    return v;
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] v = new float[in.readInt()];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readFloat();
    }
    return v;
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
