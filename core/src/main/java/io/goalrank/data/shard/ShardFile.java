package io.goalrank.data.shard;

import io.goalrank.data.DataFormatException;
import io.goalrank.data.Split;
import io.goalrank.util.TempFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One shard: a gzipped stream of {@link RequestRecord}s, written and read one record at a time, so memory stays
 * bounded by one record whatever the shard's size. The layout (big-endian, {@link DataOutputStream}) is in
 * docs/SHARDS.md: magic {@code GRKS}, version, then each record behind a {@code 1} byte, then a {@code 0} byte and
 * the record count, which the reader checks, so a truncated shard is an error, not a short one.
 */
public final class ShardFile {
  static final int MAGIC = 0x47524b53; // "GRKS"
  static final int VERSION = 1;
  private static final byte RECORD = 1;
  private static final byte END = 0;

  private ShardFile() {}

  /** A writer of {@code file}; the file appears (atomically) only when the writer is closed. */
  public static Writer writer(Path file) throws IOException {
    return new Writer(file);
  }

  /** A reader of {@code file}, positioned before its first record. */
  public static Reader reader(Path file) throws IOException {
    return new Reader(file);
  }

  /** Writes records to a temporary sibling and moves it into place on {@link #close}. */
  public static final class Writer implements Closeable {
    private final Path file;
    private final Path tmp;
    private final DataOutputStream out;
    private long count;
    private boolean closed;

    private Writer(Path file) throws IOException {
      this.file = file.toAbsolutePath();
      Files.createDirectories(this.file.getParent());
      this.tmp = TempFiles.sibling(this.file);
      this.out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp),
          1 << 16), 1 << 16));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
    }

    public void write(RequestRecord r) throws IOException {
      out.writeByte(RECORD);
      out.writeLong(r.id());
      out.writeInt(r.user());
      out.writeLong(r.time());
      out.writeByte(r.split().code());
      writeInts(out, r.history());
      writeBytes(out, r.historyPositive());
      writeInts(out, r.candidates());
      writeFloats(out, r.stageScores());
      writeFloats(out, r.labels());
      writeInts(out, r.targets());
      writeBytes(out, r.targetPositive());
      out.writeInt(r.shown().length);
      for (int k = 0; k < r.shown().length; k++) {
        writeInts(out, r.shown()[k]);
        writeFloats(out, r.feedback()[k]);
      }
      out.writeBoolean(r.logPropensities() != null);
      if (r.logPropensities() != null) {
        for (float[] p : r.logPropensities()) {
          writeFloats(out, p);
        }
      }
      count++;
    }

    /** Records written so far. */
    public long count() {
      return count;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.writeByte(END);
        out.writeLong(count);
        out.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Reads records one at a time; {@link #next} throws {@link DataFormatException} naming the file and record. */
  public static final class Reader implements Iterator<RequestRecord>, Closeable {
    private final Path file;
    private final DataInputStream in;
    private long read;
    private boolean ended;
    private RequestRecord pending;

    private Reader(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new DataFormatException(file, "no request shard here");
      }
      this.file = file;
      this.in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file),
          1 << 16), 1 << 16));
      try {
        if (in.readInt() != MAGIC) {
          throw new DataFormatException(file, "not a GoalRank request shard (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
          throw new DataFormatException(file, "request shard version " + version + ", this build reads " + VERSION);
        }
      } catch (EOFException e) {
        in.close();
        throw new DataFormatException(file, "request shard is truncated in its header");
      } catch (RuntimeException e) {
        in.close();
        throw e;
      }
    }

    @Override
    public boolean hasNext() {
      if (pending == null && !ended) {
        pending = readOne();
      }
      return pending != null;
    }

    @Override
    public RequestRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RequestRecord r = pending;
      pending = null;
      return r;
    }

    private RequestRecord readOne() {
      long index = read + 1;
      try {
        byte tag = in.readByte();
        if (tag == END) {
          long count = in.readLong();
          if (count != read) {
            throw new DataFormatException(file, "request shard ends after " + read + " records but says " + count);
          }
          ended = true;
          return null;
        }
        if (tag != RECORD) {
          throw new DataFormatException(file, "record " + index + ": bad record tag " + tag);
        }
        long id = in.readLong();
        int user = in.readInt();
        long time = in.readLong();
        byte split = in.readByte();
        if (split < 0 || split >= Split.values().length) {
          throw new DataFormatException(file, "record " + index + " (request " + id + "): bad split code " + split);
        }
        int[] history = readInts(in);
        byte[] historyPositive = readBytes(in);
        int[] candidates = readInts(in);
        float[] stageScores = readFloats(in);
        float[] labels = readFloats(in);
        int[] targets = readInts(in);
        byte[] targetPositive = readBytes(in);
        int k = in.readInt();
        int[][] shown = new int[k][];
        float[][] feedback = new float[k][];
        for (int j = 0; j < k; j++) {
          shown[j] = readInts(in);
          feedback[j] = readFloats(in);
        }
        float[][] logPropensities = null;
        if (in.readBoolean()) {
          logPropensities = new float[k][];
          for (int j = 0; j < k; j++) {
            logPropensities[j] = readFloats(in);
          }
        }
        read++;
        try {
          return new RequestRecord(id, user, time, Split.ofCode(split), history, historyPositive, candidates,
              stageScores, labels, targets, targetPositive, shown, feedback, logPropensities);
        } catch (IllegalArgumentException e) {
          throw new DataFormatException(file, "record " + index + ": " + e.getMessage());
        }
      } catch (EOFException e) {
        throw new DataFormatException(file, "request shard is truncated in record " + index);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static void writeInts(DataOutputStream out, int[] v) throws IOException {
    out.writeInt(v.length);
    for (int x : v) {
      out.writeInt(x);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float x : v) {
      out.writeFloat(x);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] v) throws IOException {
    out.writeInt(v.length);
    out.write(v);
  }

  private static int length(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    return n;
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] v = new int[length(in)];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readInt();
    }
    return v;
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] v = new float[length(in)];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readFloat();
    }
    return v;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] v = new byte[length(in)];
    in.readFully(v);
    return v;
  }
}
