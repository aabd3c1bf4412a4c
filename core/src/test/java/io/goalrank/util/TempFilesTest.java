package io.goalrank.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.eval.AtomicFiles;
import io.goalrank.model.Checkpoint;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: files saved atomically get the user's umask, as any other file would, not mode 0600. */
class TempFilesTest {

  @Test
  void atomicallyWrittenFilesGetTheUmaskLikeAnyOtherFile(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "file modes are POSIX");
    // what the umask gives a new file here (0644 under umask 022): the mode every output must have
    Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
    Path report = dir.resolve("results.md");
    AtomicFiles.writeString(report, "# results\n");
    Path model = dir.resolve("model");
    Checkpoint.saveItems(model, List.of("a", "b"));
    Path tmp = TempFiles.sibling(dir.resolve("state.json"));
    for (Path f : List.of(report, model.resolve(Checkpoint.ITEMS), tmp)) {
      assertEquals(PosixFilePermissions.toString(umask),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
          f + " must be created with the umask, as Files.createFile makes " + dir.resolve("plain"));
    }
    if (umask.contains(PosixFilePermission.GROUP_READ)) { // umask 022 or laxer: the case of the issue
      assertNotEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
    }
  }

  @Test
  void siblingsSitNextToTheTargetAndAreRecognisedAsStaleTemporaries(@TempDir Path dir) throws Exception {
    Path a = TempFiles.sibling(dir.resolve("weights.params"));
    Path b = TempFiles.sibling(dir.resolve("weights.params"));
    assertNotEquals(a, b, "every call makes a new file");
    for (Path t : List.of(a, b)) {
      assertEquals(dir.toAbsolutePath(), t.getParent());
      String name = t.getFileName().toString();
      assertTrue(name.startsWith("weights.params.") && name.endsWith(".tmp"), name);
      assertTrue(Files.isRegularFile(t) && Files.size(t) == 0, name);
    }
    // a killed save leaves them behind: the next save into the folder removes them
    assertEquals(2, StaleTemporaries.remove(dir, false, System.currentTimeMillis() + 60_000));
    assertFalse(Files.exists(a) || Files.exists(b));
  }
}
