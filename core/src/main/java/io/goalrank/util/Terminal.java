package io.goalrank.util;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal, which Java has no direct call for. */
public final class Terminal {
  private Terminal() {}

  /**
   * On Linux, from what file descriptor 2 points to ({@code /proc/self/fd/2}: {@code /dev/pts/N} or
   * {@code /dev/ttyN} is a terminal; a file, a pipe or {@code /dev/null} is not). Elsewhere the best Java offers:
   * {@link System#console()}, which is about standard input and output, so a process whose standard error alone is
   * redirected is taken for a terminal there (the launcher script passes {@code [ -t 2 ]} instead, see
   * {@link Progress}).
   */
  public static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return consoleIsTerminal();
    }
  }

  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+ returns a Console even when redirected and says so with isTerminal(); this build targets 17
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
