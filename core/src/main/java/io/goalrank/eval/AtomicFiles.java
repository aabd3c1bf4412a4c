package io.goalrank.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files through a temporary sibling ({@link io.goalrank.util.TempFiles#sibling}) and a move, so readers never
 * see a half-written report, and the file gets the user's umask.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's bytes. */
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path file, Writer writer) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = io.goalrank.util.TempFiles.sibling(abs); // the user's umask, unlike Files.createTempFile
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeString(Path file, String text) throws IOException {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
