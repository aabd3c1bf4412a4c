package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  /** Runs the CLI, returning {exit code, stdout, stderr}. */
  private static Object[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true));
      System.setErr(new PrintStream(e, true));
      int code = Main.execute(args);
      return new Object[] {code, o.toString(), e.toString()};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpListsEverySubcommand() {
    Object[] r = run("--help");
    assertEquals(0, r[0]);
    for (String cmd : List.of("demo", "data", "simulate", "prepare", "train-reward", "train", "evaluate", "rank",
        "serve", "loadtest", "bench", "info")) {
      assertTrue(((String) r[1]).contains(cmd), cmd + " missing from --help");
    }
  }

  @Test
  void badInputStopsWithFileAndLineAndWritesNothing(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("log.csv");
    Files.writeString(csv, "u1,i1,5,100\nu1,i2,five,101\n");
    Path out = dir.resolve("prepared.bin");
    Object[] r = run("prepare", "--dataset", "csv", "--data", csv.toString(), "--out", out.toString(), "--quiet");
    assertEquals(2, r[0]);
    String err = (String) r[2];
    assertTrue(err.contains("log.csv:2"), err);
    assertTrue(err.contains("bad input"), err);
    assertFalse(Files.exists(out), "no output may be written on bad input");
  }

  @Test
  void unknownDatasetNamesTheValidOnes(@TempDir Path dir) {
    Object[] r = run("prepare", "--dataset", "netflix", "--data", dir.toString(), "--out", dir.resolve("p").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("ml-1m"), (String) r[2]);
  }
}
