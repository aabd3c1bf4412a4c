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
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The framing that request shards ({@link ShardFile}) and score files ({@link ScoreFile}) share: gzipped,
 * big-endian ({@link DataOutputStream}), a magic number and version, the format's own header fields, then each
 * record behind a {@code 1} byte, then a {@code 0} byte and the record count. The reader checks the count, so a
 * truncated file is an error, not a short one; every error names the file and, past the header, the record.
 * The formats say only how one record (and any header fields) is laid out.
 */
final class RecordStream {
  private static final byte RECORD = 1;
  private static final byte END = 0;
  private static final int BUFFER = 1 << 16;

  private RecordStream() {}

  /** Writes a format's own header fields, after the magic number and version. */
  @FunctionalInterface
  interface HeaderWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads what the matching {@link HeaderWriter} wrote. */
  @FunctionalInterface
  interface HeaderReader {
    void read(DataInputStream in) throws IOException;
  }

  /** Writes one record's fields (the tag in front is the stream's). */
  @FunctionalInterface
  interface Encoder<T> {
    void write(DataOutputStream out, T record) throws IOException;
  }

  /**
   * Reads one record's fields; {@code index} is the record's 1-based position, for messages. An
   * {@link IllegalArgumentException} (a record that refuses its fields) becomes a {@link DataFormatException}
   * naming the file and record.
   */
  @FunctionalInterface
  interface Decoder<T> {
    T read(DataInputStream in, long index) throws IOException;
  }

  /** Writes to a temporary sibling, moved into place on {@link #close}, so the file appears only whole. */
  static final class Writer<T> implements Closeable {
    private final Path file;
    private final Path tmp;
    private final DataOutputStream out;
    private final Encoder<T> encoder;
    private long count;
    private boolean closed;

    Writer(Path file, int magic, int version, HeaderWriter header, Encoder<T> encoder) throws IOException {
      this.file = file.toAbsolutePath();
      Files.createDirectories(this.file.getParent());
      this.tmp = TempFiles.sibling(this.file);
      this.out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp),
          BUFFER), BUFFER));
      this.encoder = encoder;
      out.writeInt(magic);
      out.writeInt(version);
      header.write(out);
    }

    void write(T record) throws IOException {
      out.writeByte(RECORD);
      encoder.write(out, record);
      count++;
    }

    /** Records written so far. */
    long count() {
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

  /** Reads records one at a time; {@code kind} ("request shard") names the format in messages. */
  static final class Reader<T> implements Iterator<T>, Closeable {
    private final Path file;
    private final String kind;
    private final DataInputStream in;
    private final Decoder<T> decoder;
    private long read;
    private boolean ended;
    private T pending;

    Reader(Path file, String kind, int magic, int version, HeaderReader header, Decoder<T> decoder)
        throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new DataFormatException(file, "no " + kind + " here");
      }
      this.file = file;
      this.kind = kind;
      this.decoder = decoder;
      this.in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file),
          BUFFER), BUFFER));
      try {
        if (in.readInt() != magic) {
          throw new DataFormatException(file, "not a GoalRank " + kind + " (bad magic number)");
        }
        int found = in.readInt();
        if (found != version) {
          throw new DataFormatException(file, kind + " version " + found + ", this build reads " + version);
        }
        header.read(in);
      } catch (EOFException e) {
        in.close();
        throw new DataFormatException(file, kind + " is truncated in its header");
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
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T record = pending;
      pending = null;
      return record;
    }

    private T readOne() {
      long index = read + 1;
      try {
        byte tag = in.readByte();
        if (tag == END) {
          long count = in.readLong();
          if (count != read) {
            throw new DataFormatException(file, kind + " ends after " + read + " records but says " + count);
          }
          ended = true;
          return null;
        }
        if (tag != RECORD) {
          throw new DataFormatException(file, "record " + index + ": bad record tag " + tag);
        }
        T record = decoder.read(in, index);
        read++;
        return record;
      } catch (EOFException e) {
        throw new DataFormatException(file, kind + " is truncated in record " + index);
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
}
