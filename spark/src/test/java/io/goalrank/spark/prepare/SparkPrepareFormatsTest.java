package io.goalrank.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.DatasetReaders;
import io.goalrank.data.InteractionReader;
import io.goalrank.data.Interactions;
import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.RequestMode;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.spark.SparkTestSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark prepare on KGAT amazon-book folders and on Parquet tables equals the single-machine prepare of the same
 * log request by request: amazon-book against core's own reader (with and without item_list.txt, with duplicate
 * pairs, blank and empty user lines), Parquet against a csv file of the table's rows in its documented order.
 */
class SparkPrepareFormatsTest {
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static Interactions log;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
    log = Simulator.create(SimulatorConfig.builder().users(150).items(120).interactionsPerUser(8, 30).seed(12)
        .build()).generateLog();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static ProtocolConfig.Builder protocol(RequestMode mode, int core) {
    return ProtocolConfig.builder().optCoreK(core).optNumCandidates(30).optRequests(mode).optMinValidRequests(10)
        .optSeed(19);
  }

  private static MfRetriever.Options mf() {
    return new MfRetriever.Options(8, 2, 4096, 1e-2f, 1e-5f, 19);
  }

  private static PreparedDataset singleMachine(String dataset, Path source, Float threshold,
      ProtocolConfig.Builder protocol) throws IOException {
    InteractionReader reader = DatasetReaders.forName(dataset);
    Interactions raw = reader.read(source);
    PositiveThreshold positive = PositiveThreshold.resolve(reader, threshold, raw);
    return positive.recordIn(new DatasetPreparer(protocol.optPositiveThreshold(positive.value()).build(), mf())
        .prepare(dataset, raw));
  }

  /** Each user's items in time order, as a list per user (users in first-appearance order). */
  private static List<List<Integer>> timelines() {
    List<List<long[]>> byUser = new ArrayList<>();
    for (int r = 0; r < log.size(); r++) {
      int u = log.users()[r];
      while (byUser.size() <= u) {
        byUser.add(new ArrayList<>());
      }
      byUser.get(u).add(new long[] {log.timestamps()[r], r, log.items()[r]});
    }
    List<List<Integer>> out = new ArrayList<>();
    for (List<long[]> rows : byUser) {
      rows.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
      List<Integer> items = new ArrayList<>();
      for (long[] x : rows) {
        items.add((int) x[2]);
      }
      out.add(items);
    }
    return out;
  }

  /** A KGAT folder from the simulated log: each user's first 80% of items in train.txt, the rest in test.txt. */
  private static Path kgatFolder(String name, boolean itemList) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    List<List<Integer>> users = timelines();
    try (BufferedWriter train = Files.newBufferedWriter(dir.resolve("train.txt"));
        BufferedWriter test = Files.newBufferedWriter(dir.resolve("test.txt"))) {
      for (int u = 0; u < users.size(); u++) {
        List<Integer> items = users.get(u);
        int cut = (int) Math.ceil(items.size() * 0.8);
        StringBuilder a = new StringBuilder(Integer.toString(u));
        for (int k = 0; k < cut; k++) {
          a.append(' ').append(items.get(k));
          if (u % 7 == 0 && k == 1) {
            a.append(' ').append(items.get(0)); // a duplicate pair within a line
          }
        }
        train.write(a + "\n");
        if (u == 3) {
          train.write("\n"); // blank: no record
          train.write("9999\n"); // a user line without items adds nothing
        }
        StringBuilder b = new StringBuilder(Integer.toString(u));
        if (u % 5 == 0) {
          b.append(' ').append(items.get(0)); // a duplicate across train and test: the train one is kept
        }
        for (int k = cut; k < items.size(); k++) {
          b.append(' ').append(items.get(k));
        }
        test.write(b + "\n");
      }
    }
    if (itemList) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("item_list.txt"))) {
        w.write("org_id remap_id freebase_id\n");
        for (int i = 0; i < 130; i++) { // a few items no one interacted with, as in the release
          w.write("B" + (1000 + i) + " " + i + " m.x" + i + "\n");
        }
      }
    }
    return dir;
  }

  @Test
  void amazonBookEqualsTheSingleMachinePrepare() throws IOException {
    for (boolean itemList : new boolean[] {true, false}) {
      Path dir = kgatFolder("kgat-" + itemList, itemList);
      for (RequestMode mode : RequestMode.values()) {
        PreparedDataset one = singleMachine("amazon-book", dir, null, protocol(mode, 10));
        PreparedDataset spread = new SparkPrepare(spark).prepare("amazon-book", dir, null, protocol(mode, 10), mf(),
            tmp.resolve("work-kgat-" + itemList + "-" + mode));
        assertTrue(Integer.parseInt(one.info().get("stats.interactions"))
            < Integer.parseInt(one.info().get("stats.rawInteractions")), "the filter dropped something");
        SparkPrepareTest.assertSameRequests(one, spread);
      }
    }
  }

  @Test
  void aKgatLineWithANonIntegerIdIsNamed() throws IOException {
    Path dir = tmp.resolve("kgat-bad");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("train.txt"), "0 1 2\n1 2 x3\n");
    Files.writeString(dir.resolve("test.txt"), "0 3\n");
    Exception e = assertThrows(Exception.class, () -> new SparkPrepare(spark).prepare("amazon-book", dir, null,
        protocol(RequestMode.LAST, 1), mf(), tmp.resolve("work-kgat-bad")));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("train.txt:2: item id (field 3) is not a non-negative integer id: 'x3'"), message);
  }

  @Test
  void parquetEqualsACsvOfItsRowsInTheDocumentedOrder() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String[]> lines = new ArrayList<>();
    for (int r = 0; r < log.size(); r++) {
      String user = log.userIds().rawId(log.users()[r]);
      String item = log.itemIds().rawId(log.items()[r]);
      long time = log.timestamps()[r] / 3; // coarser times: ties, broken by user then item
      rows.add(RowFactory.create(user, item, (double) log.ratings()[r], time));
      lines.add(new String[] {user, item, Double.toString(log.ratings()[r]), Long.toString(time)});
    }
    Collections.shuffle(rows, new Random(5)); // a table has no order of its own
    StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
        .add("rating", DataTypes.DoubleType).add("time", DataTypes.LongType);
    Path table = tmp.resolve("log.parquet");
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(table.toString());
    lines.sort(Comparator.<String[]>comparingLong(f -> Long.parseLong(f[3])).thenComparing(f -> f[0])
        .thenComparing(f -> f[1]));
    Path csv = tmp.resolve("parquet-order.csv");
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      for (String[] f : lines) {
        w.write(String.join(",", f) + "\n");
      }
    }
    for (RequestMode mode : RequestMode.values()) {
      PreparedDataset one = singleMachine("csv", csv, 4f, protocol(mode, 10));
      PreparedDataset spread = new SparkPrepare(spark).prepare("parquet", table, 4f, protocol(mode, 10), mf(),
          tmp.resolve("work-parquet-" + mode));
      assertEquals("parquet", spread.info().get("dataset"));
      SparkPrepareTest.assertSameRequests(one, spread, Set.of("dataset"));
    }
  }

  @Test
  void aParquetTableWithoutTheColumnsIsNamed() {
    Path table = tmp.resolve("no-time.parquet");
    StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create("u", "i")), schema).write().parquet(table.toString());
    Exception e = assertThrows(IllegalArgumentException.class, () -> new SparkPrepare(spark).prepare("parquet",
        table, 4f, protocol(RequestMode.LAST, 1), mf(), tmp.resolve("work-no-time")));
    assertTrue(e.getMessage().contains(table + ": no column 'time'"), e.getMessage());
  }
}
