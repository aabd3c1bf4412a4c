package io.goalrank.data.shard;

import io.goalrank.data.DataFormatException;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The scores of one request shard ({@code scores-NNNNN.grsc} beside {@code requests-NNNNN.grs}), record by
 * record in the shard's order: gzipped, big-endian, magic {@code GRKC}, version, the list names, then each
 * {@link RequestScores} behind a {@code 1} byte, then a {@code 0} byte and the count (checked on reading).
 */
public final class ScoreFile {
  static final int MAGIC = 0x47524b43; // "GRKC"
  static final int VERSION = 1;

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
    private final Path file;
    private final Path tmp;
    private final DataOutputStream out;
    private final int lists;
    private long count;
    private boolean closed;

    private Writer(Path file, List<String> listNames) throws IOException {
      this.file = file.toAbsolutePath();
      Files.createDirectories(this.file.getParent());
      this.tmp = TempFiles.sibling(this.file);
      this.out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp),
          1 << 16), 1 << 16));
      this.lists = listNames.size();
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(lists);
      for (String name : listNames) {
        out.writeUTF(name);
      }
    }

    public void write(RequestScores s) throws IOException {
      if (s.lists().length != lists) {
        throw new IllegalArgumentException("request " + s.id() + ": " + s.lists().length + " lists, the file names "
            + lists);
      }
      out.writeByte(1);
      out.writeLong(s.id());
      writeFloats(out, s.probabilities());
      for (int k = 0; k < lists; k++) {
        out.writeInt(s.lists()[k].length);
        for (int slot : s.lists()[k]) {
          out.writeInt(slot);
        }
        out.writeFloat(s.listRewards()[k]);
      }
      count++;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.writeByte(0);
        out.writeLong(count);
        out.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Reads scores one request at a time. */
  public static final class Reader implements Iterator<RequestScores>, Closeable {
    private final Path file;
    private final DataInputStream in;
    private final List<String> listNames = new ArrayList<>();
    private long read;
    private boolean ended;
    private RequestScores pending;

    private Reader(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new DataFormatException(file, "no score file here");
      }
      this.file = file;
      this.in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file),
          1 << 16), 1 << 16));
      try {
        if (in.readInt() != MAGIC) {
          throw new DataFormatException(file, "not a GoalRank score file (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
          throw new DataFormatException(file, "score file version " + version + ", this build reads " + VERSION);
        }
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
          listNames.add(in.readUTF());
        }
      } catch (EOFException e) {
        in.close();
        throw new DataFormatException(file, "score file is truncated in its header");
      } catch (RuntimeException e) {
        in.close();
        throw e;
      }
    }

    /** The names of the auxiliary lists, in record order. */
    public List<String> listNames() {
      return List.copyOf(listNames);
    }

    @Override
    public boolean hasNext() {
      if (pending == null && !ended) {
        pending = readOne();
      }
      return pending != null;
    }

    @Override
    public RequestScores next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RequestScores s = pending;
      pending = null;
      return s;
    }

    private RequestScores readOne() {
      long index = read + 1;
      try {
        byte tag = in.readByte();
        if (tag == 0) {
          long count = in.readLong();
          if (count != read) {
            throw new DataFormatException(file, "score file ends after " + read + " records but says " + count);
          }
          ended = true;
          return null;
        }
        if (tag != 1) {
          throw new DataFormatException(file, "record " + index + ": bad record tag " + tag);
        }
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
        read++;
        return new RequestScores(id, p, lists, rewards);
      } catch (EOFException e) {
        throw new DataFormatException(file, "score file is truncated in record " + index);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, "record " + index + ": " + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float x : v) {
      out.writeFloat(x);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = in.readFloat();
    }
    return v;
  }
}
