package io.goalrank.data.shard;

import static io.goalrank.data.shard.LengthPrefixed.readBytes;
import static io.goalrank.data.shard.LengthPrefixed.readFloats;
import static io.goalrank.data.shard.LengthPrefixed.readInts;
import static io.goalrank.data.shard.LengthPrefixed.writeBytes;
import static io.goalrank.data.shard.LengthPrefixed.writeFloats;
import static io.goalrank.data.shard.LengthPrefixed.writeInts;

import io.goalrank.data.DataFormatException;
import io.goalrank.data.Split;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * One shard: a gzipped stream of {@link RequestRecord}s, written and read one record at a time, so memory stays
 * bounded by one record whatever the shard's size. The layout (big-endian, {@link DataOutputStream}) is in
 * docs/SHARDS.md: magic {@code GRKS}, version, then each record behind a {@code 1} byte, then a {@code 0} byte and
 * the record count, which the reader checks, so a truncated shard is an error, not a short one (the framing is
 * {@link RecordStream}'s; this class lays out one record).
 */
public final class ShardFile {
  static final int MAGIC = 0x47524b53; // "GRKS"
  static final int VERSION = 1;
  private static final String KIND = "request shard";

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
    private final RecordStream.Writer<RequestRecord> records;

    private Writer(Path file) throws IOException {
      this.records = new RecordStream.Writer<>(file, MAGIC, VERSION, out -> { }, ShardFile::encode);
    }

    public void write(RequestRecord r) throws IOException {
      records.write(r);
    }

    /** Records written so far. */
    public long count() {
      return records.count();
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }

  /** Reads records one at a time; {@link #next} throws {@link DataFormatException} naming the file and record. */
  public static final class Reader implements Iterator<RequestRecord>, Closeable {
    private final Path file;
    private final RecordStream.Reader<RequestRecord> records;

    private Reader(Path file) throws IOException {
      this.file = file;
      this.records = new RecordStream.Reader<>(file, KIND, MAGIC, VERSION, in -> { }, this::decode);
    }

    @Override
    public boolean hasNext() {
      return records.hasNext();
    }

    @Override
    public RequestRecord next() {
      return records.next();
    }

    @Override
    public void close() throws IOException {
      records.close();
    }

    private RequestRecord decode(DataInputStream in, long index) throws IOException {
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
      return new RequestRecord(id, user, time, Split.ofCode(split), history, historyPositive, candidates,
          stageScores, labels, targets, targetPositive, shown, feedback, logPropensities);
    }
  }

  private static void encode(DataOutputStream out, RequestRecord r) throws IOException {
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
  }
}
