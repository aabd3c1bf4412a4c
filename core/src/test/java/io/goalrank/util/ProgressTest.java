package io.goalrank.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 16: into a file or a pipe, progress is a few plain lines, never a bar redrawn with carriage returns. */
class ProgressTest {

  @Test
  void linesModeWritesOneLinePerTenthAndNoCarriageReturns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p = Progress.start("training", 1000, Progress.Mode.LINES,
        new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      for (int k = 0; k < 1000; k++) {
        p.step();
        if (k == 500) {
          p.extra("loss 0.42");
        }
      }
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(out.contains("\r"), "no carriage return: " + out);
    assertFalse(out.contains("\u001b"), "no escape sequence: " + out);
    String[] lines = out.split("\n");
    assertEquals(11, lines.length, "one line per 10% and one at the end: " + out);
    assertTrue(lines[0].startsWith("training: 10% (100/1000)"), lines[0]);
    assertTrue(lines[9].startsWith("training: 100% (1000/1000)") && lines[9].contains("loss 0.42"), lines[9]);
    assertTrue(lines[10].startsWith("training: done, 1000/1000"), lines[10]);
  }

  @Test
  void withoutATotalALineComesEveryThirtySecondsAndAnEarlyStopIsNamed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong clock = new AtomicLong();
    ProgressLines unknownTotal = new ProgressLines("requests", 0, out, clock::get);
    unknownTotal.stepBy(5);
    assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before 30 s have passed");
    clock.set(31_000_000_000L);
    unknownTotal.stepBy(1);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("requests: 6 steps, 31 s"),
        bytes.toString(StandardCharsets.UTF_8));
    bytes.reset();
    ProgressLines cut = new ProgressLines("epochs", 10, out, clock::get);
    cut.stepBy(3);
    cut.close();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("epochs: stopped at 3/10"), text);
    assertFalse(text.contains("done"), text);
  }

  @Test
  void thePropertyForcesTheModeAndOffWritesNothing() {
    String before = System.getProperty(Progress.MODE_PROPERTY);
    try {
      System.setProperty(Progress.MODE_PROPERTY, "lines");
      assertEquals(Progress.Mode.LINES, Progress.mode());
      System.setProperty(Progress.MODE_PROPERTY, "off");
      assertEquals(Progress.Mode.OFF, Progress.mode());
    } finally {
      if (before == null) {
        System.clearProperty(Progress.MODE_PROPERTY);
      } else {
        System.setProperty(Progress.MODE_PROPERTY, before);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p = Progress.start("quiet", 10, Progress.Mode.OFF, new PrintStream(bytes, true,
        StandardCharsets.UTF_8))) {
      p.stepBy(10);
    }
    assertEquals(0, bytes.size());
  }
}
