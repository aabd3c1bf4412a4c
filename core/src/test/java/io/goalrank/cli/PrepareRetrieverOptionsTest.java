package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare}'s retriever options are refused by name before any data is read: the --data here does not exist,
 * so a refusal that came after reading would name the file instead.
 */
class PrepareRetrieverOptionsTest {
  private static Object[] prepare(Path dir, String option, String value) {
    return CliRunner.run("prepare", "--dataset", "csv", "--data", dir.resolve("missing.csv").toString(), option, value,
        "--out", dir.resolve("x.bin").toString(), "--quiet");
  }

  @Test
  void aNegativeEpochCountIsRefusedByItsOptionsName(@TempDir Path dir) {
    Object[] r = prepare(dir, "--mf-epochs", "-1");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--mf-epochs (retriever epochs) must be 0 or more, got -1"), (String) r[2]);
  }

  @Test
  void anUnknownUpdateIsRefusedByItsOptionsName(@TempDir Path dir) {
    Object[] r = prepare(dir, "--mf-update", "sparse");
    assertEquals(2, r[0], (String) r[2]);
    assertTrue(((String) r[2]).contains("--mf-update must be auto, dense or lazy, got 'sparse'"), (String) r[2]);
  }
}
