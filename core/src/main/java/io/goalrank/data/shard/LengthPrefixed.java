package io.goalrank.data.shard;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Arrays as the shard formats store them: an {@code int} length, then the elements (big-endian). */
final class LengthPrefixed {
  private LengthPrefixed() {}

  static void writeInts(DataOutputStream out, int[] v) throws IOException {
    out.writeInt(v.length);
    for (int x : v) {
      out.writeInt(x);
    }
  }

  static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float x : v) {
      out.writeFloat(x);
    }
  }

  static void writeBytes(DataOutputStream out, byte[] v) throws IOException {
    out.writeInt(v.length);
    out.write(v);
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int[] v = new int[length(in)];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readInt();
    }
    return v;
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    float[] v = new float[length(in)];
    for (int k = 0; k < v.length; k++) {
      v[k] = in.readFloat();
    }
    return v;
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] v = new byte[length(in)];
    in.readFully(v);
    return v;
  }

  // a corrupt length is an IOException, which the reader reports naming the file
  private static int length(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    return n;
  }
}
