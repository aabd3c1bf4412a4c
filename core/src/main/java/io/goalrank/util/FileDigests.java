package io.goalrank.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of files, streamed: download checksums, model versions, the content of a run's inputs. */
public final class FileDigests {
  private FileDigests() {}

  /**
   * @param algorithm a {@link MessageDigest} algorithm, e.g. {@code SHA-256} or {@code MD5}
   * @return the lower-case hex digest of the whole file
   */
  public static String hex(Path file, String algorithm) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("Unknown digest algorithm " + algorithm, e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The SHA-256 hex digest of a file. */
  public static String sha256(Path file) throws IOException {
    return hex(file, "SHA-256");
  }
}
