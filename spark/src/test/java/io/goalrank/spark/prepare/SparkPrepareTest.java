package io.goalrank.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark prepare equals the single-machine prepare request by request, for both request modes. */
class SparkPrepareTest {
  private static final Set<String> TIMINGS = Set.of("stats.retrieverSeconds", "stats.prepareSeconds");
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static Path csv;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    Interactions log = Simulator.create(SimulatorConfig.builder().users(150).items(120).interactionsPerUser(8, 30)
        .seed(11).build()).generateLog();
    csv = tmp.resolve("log.csv");
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("user_id,item_id,rating,timestamp\n");
      for (int r = 0; r < log.size(); r++) {
        if (r == 7) {
          w.write("\n"); // a blank line carries no record, in both readers
        }
        w.write(log.userIds().rawId(log.users()[r]) + "," + log.itemIds().rawId(log.items()[r]) + ","
            + log.ratings()[r] + "," + log.timestamps()[r] + "\n");
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static ProtocolConfig.Builder protocol(RequestMode mode, int core) {
    return ProtocolConfig.builder().optCoreK(core).optNumCandidates(30).optRequests(mode).optMinValidRequests(10)
        .optSeed(17);
  }

  private static MfRetriever.Options mf(int epochs) {
    return new MfRetriever.Options(8, epochs, 4096, 1e-2f, 1e-5f, 17);
  }

  /** What `goalrank prepare` computes, with the same reader, threshold rule and preparer. */
  private static PreparedDataset singleMachine(String dataset, Path source, Float threshold,
      ProtocolConfig.Builder protocol, MfRetriever.Options mf) throws IOException {
    InteractionReader reader = DatasetReaders.forName(dataset);
    Interactions raw = reader.read(source);
    PositiveThreshold positive = PositiveThreshold.resolve(reader, threshold, raw);
    return positive.recordIn(new DatasetPreparer(protocol.optPositiveThreshold(positive.value()).build(), mf)
        .prepare(dataset, raw));
  }

  @Test
  void lastRequestsEqualTheSingleMachinePrepare() throws IOException {
    PreparedDataset one = singleMachine("csv", csv, 4f, protocol(RequestMode.LAST, 10), mf(2));
    PreparedDataset spread = new SparkPrepare(spark).prepare("csv", csv, 4f, protocol(RequestMode.LAST, 10), mf(2),
        tmp.resolve("work-last"));
    assertTrue(Integer.parseInt(one.info().get("stats.interactions"))
        < Integer.parseInt(one.info().get("stats.rawInteractions")), "the filter dropped something");
    assertSameRequests(one, spread);
  }

  @Test
  void slateRequestsEqualTheSingleMachinePrepare() throws IOException {
    PreparedDataset one = singleMachine("csv", csv, 4f, protocol(RequestMode.SLATES, 10), mf(2));
    PreparedDataset spread = new SparkPrepare(spark).prepare("csv", csv, 4f, protocol(RequestMode.SLATES, 10),
        mf(2), tmp.resolve("work-slates"));
    assertSameRequests(one, spread);
  }

  @Test
  void malformedLinesAreNamedWithFileAndLine() throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "u1,i1,5,1\nu1,i2,4,2\njust-one-field\n");
    Exception e = assertThrows(Exception.class, () -> new SparkPrepare(spark).prepare("csv", bad, 4f,
        protocol(RequestMode.LAST, 2), mf(1), tmp.resolve("work-bad")));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(bad + ":3: expected 2 to 4 comma-separated fields"), message);
  }

  @Test
  void shippedMovieLensEqualsTheSingleMachinePrepare() throws IOException {
    Path ml = SparkTestSession.sharedData("ml-1m");
    assumeTrue(Files.isDirectory(ml), "no shared ml-1m data at " + ml);
    // one retriever epoch: equality does not depend on the settings, and this keeps the test short
    PreparedDataset one = singleMachine("ml-1m", ml, null, protocol(RequestMode.LAST, 20).optNumCandidates(50),
        mf(1));
    PreparedDataset spread = new SparkPrepare(spark).prepare("ml-1m", ml, null,
        protocol(RequestMode.LAST, 20).optNumCandidates(50), mf(1), tmp.resolve("work-ml"));
    assertSameRequests(one, spread);
  }

  static void assertSameRequests(PreparedDataset a, PreparedDataset b) {
    assertSameRequests(a, b, Set.of());
  }

  /** As above, but for the info entries {@code differing} (e.g. the dataset's name, when the inputs differ). */
  static void assertSameRequests(PreparedDataset a, PreparedDataset b, Set<String> differing) {
    assertEquals(a.size(), b.size(), "requests");
    for (String key : a.info().keySet()) {
      if (!TIMINGS.contains(key) && !differing.contains(key)) {
        assertEquals(a.info().get(key), b.info().get(key), "info " + key);
      }
    }
    assertEquals(a.info().keySet(), b.info().keySet());
    assertEquals(a.userIds().rawIds(), b.userIds().rawIds(), "user ids");
    assertEquals(a.itemIds().rawIds(), b.itemIds().rawIds(), "item ids");
    assertEquals(a.catalog().titles(), b.catalog().titles(), "catalog");
    assertArrayEquals(a.itemCounts(), b.itemCounts(), "item counts");
    for (int r = 0; r < a.size(); r++) {
      String at = "request " + r;
      assertEquals(a.user(r), b.user(r), at);
      assertEquals(a.split(r), b.split(r), at);
      assertArrayEquals(a.history(r), b.history(r), at);
      assertArrayEquals(a.historyPositive(r), b.historyPositive(r), at);
      assertArrayEquals(a.targets(r), b.targets(r), at);
      assertArrayEquals(a.targetPositive(r), b.targetPositive(r), at);
      assertArrayEquals(a.candidates(r), b.candidates(r), at);
      assertArrayEquals(a.labels(r), b.labels(r), at);
      assertArrayEquals(a.retrieverScores(r), b.retrieverScores(r), at);
    }
  }
}
