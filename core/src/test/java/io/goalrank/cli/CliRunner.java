package io.goalrank.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process for tests, capturing what it prints. */
final class CliRunner {
  private CliRunner() {}

  /** Runs {@code goalrank args...}, returning {exit code, stdout, stderr}. */
  static Object[] run(String... args) {
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
}
