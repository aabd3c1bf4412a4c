package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.data.IdIndex;
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
        "info")) {
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

  @Test
  void rankRequestErrorsNameTheField() throws Exception {
    ObjectMapper json = new ObjectMapper();
    IdIndex items = IdIndex.of(List.of("a", "b", "c", "d"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> RequestParser.parse(json.readTree("{\"candidates\": [\"a\", \"zz\", \"c\"]}"), items, 2));
    assertTrue(e.getMessage().contains("candidates[1]") && e.getMessage().contains("zz"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RequestParser.parse(json.readTree("{\"candidates\": [\"a\", \"a\", \"c\"]}"), items, 2));
    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RequestParser.parse(json.readTree("{\"candidates\": [\"a\"]}"), items, 2));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RequestParser.parse(json.readTree("{\"candidates\": [\"a\",\"b\"], \"history\": [\"a\"], "
            + "\"history_positive\": [1, 0]}"), items, 2));
    assertTrue(e.getMessage().contains("history_positive"), e.getMessage());
    var ok = RequestParser.parse(json.readTree("{\"candidates\": [\"d\",\"b\"], \"history\": [\"a\", \"unknown\"]}"),
        items, 2);
    assertEquals(3, ok.candidates()[0][0]);
    assertEquals(1, ok.history()[0].length, "unknown history items are dropped");
  }
}
