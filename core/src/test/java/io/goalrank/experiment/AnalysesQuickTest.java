package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.cli.Main;
import io.goalrank.group.GroupSpec;
import io.goalrank.model.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four analyses end to end with {@code --quick} on the tiny simulator, through the CLI: every row is in the
 * CSV and the Markdown, the CSV parses and its metrics are in range, the PNGs are written, and a rerun after one
 * deleted result recomputes only that row, from the saved models.
 */
class AnalysesQuickTest {
  private static final List<String> BOUNDED = List.of("H@6", "H@6r", "N@6", "M@6", "F1@6", "AUC");

  @Test
  void groupSizeTrainsEachSizeWithItsGroup(@TempDir Path out) throws Exception {
    List<String> rows = List.of("goalrank-b3", "goalrank-b5", "goalrank-b10", "dnn", "reward-greedy");
    Map<String, Map<String, String>> csv = runAndCheck(out, "group-size", rows, "dnn");
    for (int n : GroupSizeAnalysis.QUICK_SIZES) {
      assertEquals(GroupSpec.ofSize(n).toString(), provenance(out, "goalrank-b" + n).get("group"));
      assertEquals(Double.toString(n), csv.get("goalrank-b" + n).get("x"));
    }
    assertEquals("", csv.get("dnn").get("x"), "a reference row has no x");
  }

  @Test
  void groupConstructionKeepsTheGroupSizeAndDropsTheSource(@TempDir Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    GroupConstructionAnalysis.QUICK_VARIANTS.forEach(v -> rows.add("goalrank-" + v));
    rows.addAll(List.of("dnn", "reward-greedy"));
    runAndCheck(out, "group-construction", rows, "reward-greedy");
    GroupSpec generatorOnly = GroupSpec.parse(provenance(out, "goalrank-generator-only").get("group"));
    assertEquals(20, generatorOnly.size());
    assertEquals(20, generatorOnly.count("generator"));
    GroupSpec auxiliaryOnly = GroupSpec.parse(provenance(out, "goalrank-auxiliary-only").get("group"));
    assertEquals(20, auxiliaryOnly.size());
    assertEquals(0, auxiliaryOnly.count("generator"));
    GroupSpec noPl = GroupSpec.parse(provenance(out, "goalrank-without-dnn-pl").get("group"));
    assertEquals(20, noPl.size());
    assertEquals(0, noPl.count("dnn-pl"));
    assertTrue(Files.readAllBytes(out.resolve("group-construction-H@6.png")).length > 1000);
  }

  @Test
  void rewardNoiseTrainsOneGeneratorPerLevel(@TempDir Path out) throws Exception {
    List<String> rows = List.of("goalrank-noise-0", "goalrank-noise-0.5", "dnn", "reward-greedy");
    Map<String, Map<String, String>> csv = runAndCheck(out, "reward-noise", rows, "goalrank-noise-0.5");
    assertEquals("0.5", csv.get("goalrank-noise-0.5").get("x"));
    assertTrue(Files.isRegularFile(out.resolve("seed-999/models/goalrank-noise-0.5/model.json")));
    // the r̂ column is the clean reward model's: its own top-6 is the best list under it
    double ceiling = Double.parseDouble(csv.get("reward-greedy").get("reward_mean"));
    for (String row : List.of("goalrank-noise-0", "goalrank-noise-0.5", "dnn")) {
      assertTrue(Double.parseDouble(csv.get(row).get("reward_mean")) <= ceiling + 1e-6, row + " beats r̂'s argmax");
    }
  }

  @Test
  void scalingPlacesEachModelAtItsParameterCount(@TempDir Path out) throws Exception {
    List<String> rows = List.of("dnn-tiny", "dnn-small", "prm-tiny", "prm-small", "g-e-tiny", "g-e-small", "g-3",
        "g-20", "goalrank-tiny", "goalrank-small", "reward-greedy");
    Map<String, Map<String, String>> csv = runAndCheck(out, "scaling", rows, "g-e-small", "--group-size", "8");
    for (String series : List.of("goalrank", "dnn", "prm")) {
      double tiny = Double.parseDouble(csv.get(series + "-tiny").get("x"));
      double small = Double.parseDouble(csv.get(series + "-small").get("x"));
      assertTrue(tiny > 1000 && small > tiny, series + ": " + tiny + " -> " + small + " parameters");
    }
    assertEquals(csv.get("prm-small").get("x"), csv.get("g-e-small").get("x"), "G-E sits at its proposer's size");
    assertEquals(128, Checkpoint.read(out.resolve("seed-999/models/goalrank-small")).config().hidden());
    assertEquals("20.0", csv.get("g-20").get("x"));
    assertEquals("generators", csv.get("g-20").get("panel"));
    assertTrue(Files.isRegularFile(out.resolve("scaling-generators-N@6.png")));
  }

  /**
   * Runs {@code goalrank experiment NAME --quick}, checks the outputs, deletes {@code redo}'s result, reruns and
   * checks that only it was recomputed and nothing retrained; returns the CSV by row. {@code extra}: more options
   * (scaling trains GoalRank with |B| = 8 to keep the suite fast).
   */
  private static Map<String, Map<String, String>> runAndCheck(Path out, String name, List<String> rows, String redo,
      String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("experiment", name, "--quick", "--seeds", "1", "--quiet", "--out",
        out.toString()));
    args.addAll(List.of(extra));
    String log = Cli.run(args.toArray(String[]::new));
    assertTrue(log.contains("(" + rows.size() + " rows computed, 0 reused)"), log);
    Map<String, Map<String, String>> csv = readCsv(out.resolve(name + ".csv"));
    assertEquals(rows, List.copyOf(csv.keySet()), "CSV rows");
    String md = Files.readString(out.resolve(name + ".md"));
    for (String row : rows) {
      assertTrue(md.contains("| " + row + " |"), "report lacks row " + row);
      Map<String, String> line = csv.get(row);
      assertEquals("1", line.get("seeds"));
      assertTrue(Integer.parseInt(line.get("evaluated")) > 20, row + " evaluated " + line.get("evaluated"));
      for (String c : BOUNDED) {
        double v = Double.parseDouble(line.get(c + "_mean"));
        assertTrue(v >= 0 && v <= 1, row + " " + c + " = " + v);
      }
      assertTrue(Double.parseDouble(line.get("reward_mean")) > 0, row + " reward");
      assertTrue(Double.isFinite(Double.parseDouble(line.get("true-utility_mean"))), row + " true-utility");
      assertTrue(line.get("H@6_std").isEmpty(), "one seed has no std");
    }
    for (String metric : List.of("H@6", "N@6", "true-utility")) {
      byte[] png = Files.readAllBytes(out.resolve(name + "-" + metric + ".png"));
      assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', metric + " chart is no PNG");
      assertTrue(md.contains("(" + name + "-" + metric + ".png)"), "report does not show the " + metric + " chart");
    }
    assertTrue(md.contains("Findings (computed from the table above)"), md);

    Files.delete(out.resolve("seed-999/results/" + redo + ".json"));
    String again = Cli.run(args.toArray(String[]::new));
    assertTrue(again.contains("(1 rows computed, " + (rows.size() - 1) + " reused)"), again);
    assertTrue(again.contains("] " + rows.get(0) + " (") && again.contains(rows.get(0) + " (")
        && again.lines().anyMatch(l -> l.contains("] " + rows.get(0) + " (") && l.endsWith("finished earlier, skipped")),
        again);
    assertTrue(!again.contains("      training "), "nothing may be retrained:\n" + again);
    Map<String, Map<String, String>> csvAgain = readCsv(out.resolve(name + ".csv"));
    assertEquals(csv.get(redo).get("N@6_mean"), csvAgain.get(redo).get("N@6_mean"), redo + " recomputed differently");
    return csv;
  }

  private static Map<String, String> provenance(Path out, String model) throws Exception {
    return Checkpoint.read(out.resolve("seed-999/models/" + model)).provenance();
  }

  /** row → column → value; every line must have as many fields as the header. */
  static Map<String, Map<String, String>> readCsv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(header.length, f.length, "CSV line '" + line + "'");
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < f.length; i++) {
        row.put(header[i], f[i]);
      }
      out.put(row.get("row"), row);
    }
    return out;
  }
}
