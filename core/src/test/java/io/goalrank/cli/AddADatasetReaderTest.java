package io.goalrank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.IdIndex;
import io.goalrank.data.InteractionReader;
import io.goalrank.data.Interactions;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "how to add a dataset" recipe of docs/ARCHITECTURE.md, done: one {@link InteractionReader} class (here
 * {@link TabSeparated}, ratings 1-10 with its own default threshold) and one registration line
 * ({@code DatasetReaders.add}: in the project a line of the registry's static block; here closed after the test). Nothing else changes:
 * {@code goalrank prepare --dataset} finds it, its threshold and where that came from are recorded, and {@code --help}
 * lists it.
 */
class AddADatasetReaderTest {
  /** The reader: {@code user<TAB>item<TAB>rating 1-10}, in time order. */
  static final class TabSeparated implements InteractionReader {
    @Override
    public String name() {
      return "tsv-example";
    }

    @Override
    public String description() {
      return "user, item, rating 1-10, tab-separated";
    }

    @Override
    public PositiveThreshold defaultThreshold(Interactions data) {
      return PositiveThreshold.fixed(7f, "default for tsv-example (1-10 points)");
    }

    @Override
    public Interactions read(Path source) throws IOException {
      IdIndex.Builder users = new IdIndex.Builder();
      IdIndex.Builder items = new IdIndex.Builder();
      List<String> lines = Files.readAllLines(source);
      int[] u = new int[lines.size()];
      int[] i = new int[lines.size()];
      float[] r = new float[lines.size()];
      long[] t = new long[lines.size()];
      for (int k = 0; k < lines.size(); k++) {
        String[] f = lines.get(k).split("\t");
        u[k] = users.add(f[0]);
        i[k] = items.add(f[1]);
        r[k] = Float.parseFloat(f[2]);
        t[k] = k;
      }
      return new Interactions(users.build(), items.build(), u, i, r, t, ItemCatalog.empty());
    }
  }

  @Test
  void aRegisteredReaderPreparesWithItsOwnThreshold(@TempDir Path dir) throws IOException {
    Random rnd = new Random(5);
    List<String> lines = new ArrayList<>();
    for (int user = 0; user < 40; user++) {
      for (int n = 0; n < 20; n++) {
        lines.add("u" + user + "\ti" + rnd.nextInt(90) + "\t" + (1 + rnd.nextInt(10)));
      }
    }
    Path file = dir.resolve("log.tsv");
    Files.write(file, lines);
    Path out = dir.resolve("prepared.bin");
    // the registration line (in the project, one line of DatasetReaders' static block); closed for the next tests
    try (var registration = DatasetReaders.add(TabSeparated::new)) {
      prepareAndHelp(file, out);
    }
    assertTrue(!DatasetReaders.names().contains("tsv-example"));
  }

  private static void prepareAndHelp(Path file, Path out) throws IOException {
    Object[] r = CliRunner.run("prepare", "--dataset", "tsv-example", "--data", file.toString(), "--out",
        out.toString(), "--core", "0", "--mf-epochs", "1", "--quiet");
    assertEquals(0, r[0], (String) r[2]);
    PreparedDataset data = PreparedDataset.read(out);
    assertEquals(7f, data.protocol().positiveThreshold());
    assertEquals("default for tsv-example (1-10 points)", data.info().get(PositiveThreshold.INFO_SOURCE));

    r = CliRunner.run("prepare", "--help");
    String help = (String) r[1];
    assertTrue(help.contains("tsv-example   user, item, rating 1-10, tab-separated; positive: rating >= 7"), help);
    r = CliRunner.run("experiment", "table1", "--help");
    assertTrue(((String) r[1]).contains("tsv-example"), (String) r[1]);
  }
}
