package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.goalrank.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process for the experiment tests and returns what it printed (exit code 0 asserted). */
final class Cli {
  private Cli() {}

  static String run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true));
      assertEquals(0, Main.execute(args), "exit code");
    } finally {
      System.setOut(stdout);
    }
    return o.toString();
  }
}
