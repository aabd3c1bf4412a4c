package io.goalrank.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.goalrank.engine.vector.GeneratorWeights;
import io.goalrank.engine.vector.Tensor;
import io.goalrank.engine.vector.UnsupportedModelException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code weights.params} file that DJL's {@code Block.saveParameters} wrote, in plain Java: no
 * {@code NDManager}, no engine, so the Java engine serves without PyTorch ever loading. The block is only built
 * (never initialised) to give the file's layout: DJL writes, depth first, per block a version byte and its input
 * shapes, then each direct parameter, then each child block. A parameter is {@code 'P'} (a Java char), a version
 * byte, its name, then an NDArray in DJL's {@code NDAR} encoding, version 3: an optional array name, sparse format,
 * data type, shape, byte order ({@code '<'} or {@code '>'}), byte count and the raw values.
 *
 * <p>Only what DJL 0.35 writes for this project's networks is accepted: dense {@code FLOAT32} arrays in encoding
 * version 3. Anything else, a truncated file or bytes after the last parameter is an {@link IOException} that says
 * so; shapes are checked by the reader of the names ({@link GeneratorWeights}).
 */
public final class DjlParams {
  private static final int NDARRAY_VERSION = 3;
  private static final String HINT = "copy the whole model directory again, retrain the model, or serve it with "
      + "--engine djl";

  private DjlParams() {}

  /**
   * Every parameter of {@code block} read from {@code file}, by its name without DJL's child-order prefixes
   * ({@link GeneratorWeights#canonicalName}), in file order.
   */
  public static Map<String, Tensor> read(Path file, Block block) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file (a saved model directory holds model.json and "
          + file.getFileName() + ")");
    }
    long bytes = Files.size(file);
    // DJL names a parameter by its path from the root; the file only has each one's own name
    Map<Parameter, String> paths = new IdentityHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      paths.put(p.getValue(), p.getKey());
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    String network = "this " + block.getClass().getSimpleName() + " network";
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      readBlock(in, block, paths, out);
      if (in.read() != -1) {
        throw new IOException(file + ": not a checkpoint of " + network + ": it holds more data after the last "
            + "parameter (" + bytes + " bytes); " + HINT);
      }
    } catch (EOFException e) {
      throw new IOException(file + " is truncated (" + bytes + " bytes): it ends before every parameter of "
          + network + " was read. The save or a copy was cut short, or the file belongs to a network with fewer "
          + "parameters; " + HINT, e);
    } catch (Malformed e) {
      throw new IOException(file + ": not a checkpoint of " + network + " (" + e.getMessage() + "); " + HINT, e);
    }
    return out;
  }

  /** Bytes that cannot be this network's parameters. */
  private static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  private static void readBlock(DataInputStream in, Block block, Map<Parameter, String> paths,
      Map<String, Tensor> out) throws IOException {
    in.readByte(); // the block's version: DJL compares it with the class's own; this reader needs only the layout
    int shapes = in.readInt();
    if (shapes < 0 || shapes > 64) {
      throw new Malformed(block.getClass().getSimpleName() + " has " + shapes + " input shapes");
    }
    for (int s = 0; s < shapes; s++) {
      readShape(in);
    }
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      String path = paths.get(p.getValue());
      String name = GeneratorWeights.canonicalName(path);
      if (out.put(name, readParameter(in, path)) != null) {
        throw new UnsupportedModelException("two parameters are named '" + name + "'");
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      readBlock(in, child.getValue(), paths, out);
    }
  }

  private static Tensor readParameter(DataInputStream in, String path) throws IOException {
    char tag = in.readChar();
    if (tag != 'P') {
      throw new Malformed(tag == 'N' ? "parameter " + path + " was saved uninitialised"
          : "no parameter where " + path + " should start");
    }
    in.readByte(); // the parameter format's version (1)
    in.readUTF(); // its own name; the path above is what identifies it
    if (!"NDAR".equals(in.readUTF())) {
      throw new Malformed("parameter " + path + " is not an NDArray");
    }
    int version = in.readInt();
    if (version != NDARRAY_VERSION) {
      throw new Malformed("parameter " + path + " is in NDArray encoding version " + version + "; this reader "
          + "knows version " + NDARRAY_VERSION + " (DJL 0.35)");
    }
    if (in.readByte() != 0) {
      in.readUTF(); // the array's own name
    }
    String sparse = in.readUTF();
    String type = in.readUTF();
    if (!"DENSE".equals(sparse) || !"FLOAT32".equals(type)) {
      throw new Malformed("parameter " + path + " is a " + sparse + " " + type + " array; the Java engine reads "
          + "dense FLOAT32 parameters");
    }
    long[] shape = readShape(in);
    int[] dims = new int[shape.length];
    long size = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
        throw new Malformed("parameter " + path + " has a dimension of " + shape[i]);
      }
      dims[i] = (int) shape[i];
      size *= shape[i];
      if (size > Integer.MAX_VALUE - 8) {
        throw new UnsupportedModelException("parameter " + path + " holds more floats than one Java array can");
      }
    }
    int order = in.readUnsignedByte();
    if (order != '<' && order != '>') {
      throw new Malformed("parameter " + path + " has no byte order mark");
    }
    int length = in.readInt();
    if (length != 4 * size) {
      throw new Malformed("parameter " + path + " holds " + length + " bytes for " + size + " floats");
    }
    byte[] raw = new byte[length];
    in.readFully(raw);
    float[] values = new float[(int) size];
    ByteBuffer.wrap(raw).order(order == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).asFloatBuffer()
        .get(values);
    return new Tensor(dims, values);
  }

  /** DJL's {@code Shape} encoding: rank, the dimensions, then one layout char per dimension (or none). */
  private static long[] readShape(DataInputStream in) throws IOException {
    int rank = in.readInt();
    if (rank < 0 || rank > 32) {
      throw new Malformed("a shape of rank " + rank);
    }
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = in.readLong();
    }
    int layouts = in.readInt();
    if (layouts < 0 || layouts > 32) {
      throw new Malformed("a shape with " + layouts + " layout marks");
    }
    for (int i = 0; i < layouts; i++) {
      in.readChar();
    }
    return dims;
  }
}
