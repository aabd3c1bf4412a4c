package io.goalrank.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Temporary files for atomic saves: write the sibling, then move it over the target.
 *
 * <p>{@link Files#createTempFile} makes its files mode 0600 whatever the umask, and a move keeps the mode, so every
 * output saved that way ended up readable by its owner only. {@link #sibling} creates the file the way any other
 * output is created ({@code O_CREAT | O_EXCL}, no explicit permissions), so it gets the user's umask. The name ends
 * in {@code .tmp}, which {@link StaleTemporaries} recognises when a killed save leaves one behind.
 */
public final class TempFiles {
  /** What every temporary name ends with; {@link StaleTemporaries} removes stale files by it. */
  public static final String SUFFIX = ".tmp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TempFiles() {}

  /**
   * Creates an empty file {@code <name>.<random>.tmp} next to {@code target} (same directory, so the move that
   * replaces the target stays on one file system and can be atomic). The directory must exist.
   */
  public static Path sibling(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    String name = abs.getFileName().toString();
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve(name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + SUFFIX);
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e; // a hundred collisions of 64 random bits: something else is wrong
        }
      }
    }
  }
}
