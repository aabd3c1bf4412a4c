package io.goalrank.util;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: `rank --request missing.json` and `prepare --out EXISTING_DIR` are refused up front, in words. */
class PathChecksTest {

  @Test
  void aMissingInputFileIsSaidToBeMissing(@TempDir Path dir) {
    var e = assertThrows(IllegalArgumentException.class,
        () -> PathChecks.requireReadableFile(dir.resolve("missing.json"), "--request"));
    assertTrue(e.getMessage().startsWith("--request " + dir.resolve("missing.json")), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PathChecks.requireReadableFile(dir, "--request"));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void anOutputFileThatIsADirectoryOrUnderAFileIsRefused(@TempDir Path dir) throws Exception {
    Path existing = Files.createDirectories(dir.resolve("runs"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> PathChecks.requireWritableFile(existing, "--out", "prepared.bin"));
    assertTrue(e.getMessage().contains("--out " + existing + ": is a directory"), e.getMessage());
    assertTrue(e.getMessage().contains(existing.resolve("prepared.bin").toString()), e.getMessage());
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    e = assertThrows(IllegalArgumentException.class,
        () -> PathChecks.requireWritableFile(file.resolve("sub/prepared.bin"), "--out", "prepared.bin"));
    assertTrue(e.getMessage().contains(file + " is a file"), e.getMessage());
    // a new file in directories still to be made, or an existing file to replace, is fine
    PathChecks.requireWritableFile(dir.resolve("new/deeper/prepared.bin"), "--out", "prepared.bin");
    PathChecks.requireWritableFile(file, "--out", "prepared.bin");
    PathChecks.requireReadableFile(file, "--request");
  }
}
