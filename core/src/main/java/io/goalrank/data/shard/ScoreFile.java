package io.goalrank.data.shard;

import static io.goalrank.data.shard.LengthPrefixed.readFloats;
import static io.goalrank.data.shard.LengthPrefixed.writeFloats;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The scores of one request shard ({@code scores-NNNNN.grsc} beside {@code requests-NNNNN.grs}), record by
 * record in the shard's order: gzipped, big-endian, magic {@code GRKC}, version, the list names, then each
 * {@link RequestScores} behind a {@code 1} byte, then a {@code 0} byte and the count (checked on reading; the
 * framing is {@link RecordStream}'s).
 */
public final class ScoreFile {
  static final int MAGIC = 0x47524b43; // "GRKC"
  static final int VERSION = 1;
  private static final String KIND = "score file";

  private ScoreFile() {}

  /** The score file of request shard {@code shard}, in {@code dir}. */
  public static Path of(Path dir, Path shard) {
    return dir.resolve(shard.getFileName().toString().replace("requests-", "scores-").replace(".grs", ".grsc"));
  }

  public static Writer writer(Path file, List<String> listNames) throws IOException {
    return new Writer(file, listNames);
  }

  public static Reader reader(Path file) throws IOException {
    return new Reader(file);
  }

  /** Writes to a temporary sibling, moved into place on {@link #close}. */
  public static final class Writer implements Closeable {
    private final int lists;
    private final RecordStream.Writer<RequestScores> records;

    private Writer(Path file, List<String> listNames) throws IOException {
      this.lists = listNames.size();
      this.records = new RecordStream.Writer<>(file, MAGIC, VERSION, out -> writeNames(out, listNames),
          ScoreFile::encode);
    }

    public void write(RequestScores s) throws IOException {
      if (s.lists().length != lists) { // refused before anything of it is written
        throw new IllegalArgumentException("request " + s.id() + ": " + s.lists().length + " lists, the file names "
            + lists);
      }
      records.write(s);
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }

  /** Reads scores one request at a time. */
  public static final class Reader implements Iterator<RequestScores>, Closeable {
    private final List<String> listNames = new ArrayList<>();
    private final RecordStream.Reader<RequestScores> records;

    private Reader(Path file) throws IOException {
      this.records = new RecordStream.Reader<>(file, KIND, MAGIC, VERSION, this::readNames, this::decode);
    }

    /** The names of the auxiliary lists, in record order. */
    public List<String> listNames() {
      return List.copyOf(listNames);
    }

    @Override
    public boolean hasNext() {
      return records.hasNext();
    }

    @Override
    public RequestScores next() {
      return records.next();
    }

    @Override
    public void close() throws IOException {
      records.close();
    }

    private void readNames(DataInputStream in) throws IOException {
      int n = in.readInt();
      for (int k = 0; k < n; k++) {
        listNames.add(in.readUTF());
      }
    }

    private RequestScores decode(DataInputStream in, long index) throws IOException {
      long id = in.readLong();
      float[] p = readFloats(in);
      int[][] lists = new int[listNames.size()][];
      float[] rewards = new float[listNames.size()];
      for (int k = 0; k < lists.length; k++) {
        lists[k] = new int[in.readInt()];
        for (int t = 0; t < lists[k].length; t++) {
          lists[k][t] = in.readInt();
        }
        rewards[k] = in.readFloat();
      }
      return new RequestScores(id, p, lists, rewards);
    }
  }

  private static void writeNames(DataOutputStream out, List<String> listNames) throws IOException {
    out.writeInt(listNames.size());
    for (String name : listNames) {
      out.writeUTF(name);
    }
  }

  private static void encode(DataOutputStream out, RequestScores s) throws IOException {
    out.writeLong(s.id());
    writeFloats(out, s.probabilities());
    for (int k = 0; k < s.lists().length; k++) {
      out.writeInt(s.lists()[k].length);
      for (int slot : s.lists()[k]) {
        out.writeInt(slot);
      }
      out.writeFloat(s.listRewards()[k]);
    }
  }
}
