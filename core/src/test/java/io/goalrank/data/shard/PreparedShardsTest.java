package io.goalrank.data.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.DataFormatException;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.ImpressionSimulator;
import io.goalrank.sim.LoggingMix;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard format round-trips the slate protocol's requests and the simulator's impressions, and streams. */
class PreparedShardsTest {
  private static PreparedDataset slates;
  private static PreparedDataset simulated;

  @BeforeAll
  static void prepare() {
    // a generated log read as a real one, cut into slates: every slate is one logged list (Impressions.fromLoggedLists)
    var log = Simulator.create(SimulatorConfig.builder().users(120).items(100).interactionsPerUser(20, 30).seed(3)
        .build()).generateLog();
    slates = new DatasetPreparer(ProtocolConfig.builder().optCoreK(5).optNumCandidates(20)
        .optRequests(ProtocolConfig.RequestMode.SLATES).optSeed(3).build(),
        new MfRetriever.Options(8, 2, 1024, 1e-2f, 1e-5f, 3)).prepare("csv", log);
    simulated = Workflow.simulate(
        SimulatorConfig.builder().users(120).items(100).interactionsPerUser(20, 30).seed(4).build(),
        ProtocolConfig.builder().optCoreK(5).optNumCandidates(20).optMinValidRequests(10).optSeed(4).build(),
        new MfRetriever.Options(8, 2, 1024, 1e-2f, 1e-5f, 4));
  }

  @Test
  void slateRequestsWithTheirLoggedListsRoundTrip(@TempDir Path tmp) throws IOException {
    Impressions logged = Impressions.fromLoggedLists(slates);
    ShardedRequests set = PreparedShards.write(slates, logged, tmp.resolve("slates"), 50);
    assertEquals((slates.size() + 49) / 50, set.shards().size(), "50 records to a shard");
    PreparedShards.Converted back = PreparedShards.read(ShardedRequests.open(tmp.resolve("slates")));
    assertSameDataset(slates, back.data());
    assertSameImpressions(logged, back.impressions());
  }

  @Test
  void simulatedImpressionsRoundTripAndTestRequestsStayUnshown(@TempDir Path tmp) throws IOException {
    // with the logging policy's propensities, which the format carries too
    Impressions shown = ImpressionSimulator.simulate(Workflow.simulatorOf(simulated), simulated, 6, 3, 7,
        LoggingMix.DEFAULT, true);
    PreparedShards.write(simulated, shown, tmp, 64);
    PreparedShards.Converted back = PreparedShards.read(ShardedRequests.open(tmp));
    assertSameDataset(simulated, back.data());
    assertSameImpressions(shown, back.impressions());
    int test = simulated.indices(Split.TEST)[0];
    assertNull(back.impressions().lists()[test], "the simulator shows nothing for test requests");
    assertEquals(3, back.impressions().lists()[simulated.indices(Split.TRAIN)[0]].length);
    assertTrue(shown.hasPropensities() && back.impressions().hasPropensities(), "the logging policy's propensities");
    // the typed configs (protocol, simulator) travel in the header, so the simulator can be rebuilt from the shards
    assertEquals(simulated.configs(), back.data().configs());
    assertEquals(simulated.info(), back.data().info());
    assertTrue(Workflow.simulatorOf(back.data()) != null, "the simulator, rebuilt from the shards' header");
  }

  @Test
  void batchesStreamOneSplitInOrder(@TempDir Path tmp) throws IOException {
    ShardedRequests set = PreparedShards.write(simulated, null, tmp, 17);
    int[] train = simulated.indices(Split.TRAIN);
    List<Integer> seen = new ArrayList<>();
    try (ShardedRequests.Records records = set.iterator()) {
      Iterator<RequestBatch> batches = set.batches(Split.TRAIN, 8, records);
      while (batches.hasNext()) {
        RequestBatch b = batches.next();
        assertTrue(b.size() <= 8);
        for (int k = 0; k < b.size(); k++) {
          int r = b.requestIds()[k];
          seen.add(r);
          assertArrayEquals(simulated.candidates(r), b.candidates()[k]);
          assertArrayEquals(simulated.history(r), b.history()[k]);
          assertArrayEquals(simulated.retrieverScores(r), b.retrieverScores()[k]);
        }
      }
    }
    assertArrayEquals(train, seen.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void truncatedOrForeignShardsFailNamingTheFile(@TempDir Path tmp) throws IOException {
    PreparedShards.write(simulated, null, tmp, 1000);
    Path shard = ShardedRequests.shardFile(tmp, 0);
    byte[] whole = gunzip(shard);
    gzip(shard, Arrays.copyOf(whole, whole.length / 2));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> PreparedShards.read(ShardedRequests.open(tmp)));
    assertTrue(e.getMessage().startsWith(shard.toString()) && e.getMessage().contains("truncated in record"),
        e.getMessage());

    gzip(shard, new byte[] {1, 2, 3, 4, 0, 0, 0, 1});
    e = assertThrows(DataFormatException.class, () -> PreparedShards.read(ShardedRequests.open(tmp)));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());

    Files.delete(tmp.resolve(ShardedRequests.HEADER));
    e = assertThrows(DataFormatException.class, () -> ShardedRequests.open(tmp));
    assertTrue(e.getMessage().contains("no dataset.bin"), e.getMessage());
  }

  @Test
  void recordsRefuseMisalignedColumns() {
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
        () -> new RequestRecord(9, 0, 5L, Split.TRAIN, new int[0], new byte[0], new int[] {3, 4}, new float[2],
            new float[2], new int[0], new byte[0], new int[][] {{0, 1}}, new float[][] {{1f, 0f}},
            new float[][] {{-0.5f}}));
    assertEquals("request 9: logPropensities[0] has 1 entries, shown[0] 2", p.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RequestRecord(7, 0, RequestRecord.NO_TIME, Split.TRAIN, new int[] {1}, new byte[] {1},
            new int[] {3, 4}, new float[] {0f}, new float[2], new int[0], new byte[0], new int[0][],
            new float[0][], null));
    assertEquals("request 7: stageScores has 1 entries, candidates 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new RequestRecord(8, 0, 5L, Split.TRAIN, new int[0], new byte[0], new int[] {3, 4}, new float[2],
            new float[2], new int[0], new byte[0], new int[][] {{0, 2}}, new float[][] {{1f, 0f}}, null));
    assertEquals("request 8: shown[0] holds slot 2, outside the 2 candidates", e.getMessage());
  }

  static void assertSameDataset(PreparedDataset a, PreparedDataset b) {
    assertEquals(a.size(), b.size(), "requests");
    assertEquals(a.info(), b.info());
    assertEquals(new ArrayList<>(a.info().keySet()), new ArrayList<>(b.info().keySet()), "info order");
    assertEquals(a.userIds().rawIds(), b.userIds().rawIds());
    assertEquals(a.itemIds().rawIds(), b.itemIds().rawIds());
    assertEquals(a.catalog().titles(), b.catalog().titles());
    assertEquals(a.catalog().categoryNames(), b.catalog().categoryNames());
    for (int i = 0; i < a.catalog().size(); i++) {
      assertArrayEquals(a.catalog().categories().get(i), b.catalog().categories().get(i));
    }
    assertArrayEquals(a.itemCounts(), b.itemCounts());
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

  private static void assertSameImpressions(Impressions a, Impressions b) {
    assertEquals(a.lists().length, b.lists().length);
    for (int r = 0; r < a.lists().length; r++) {
      assertTrue(Arrays.deepEquals(a.lists()[r], b.lists()[r]), "lists of request " + r);
      assertTrue(Arrays.deepEquals(a.clicks()[r], b.clicks()[r]), "clicks of request " + r);
      assertTrue(Arrays.deepEquals(a.hasPropensities() ? a.logPropensities()[r] : null,
          b.hasPropensities() ? b.logPropensities()[r] : null), "propensities of request " + r);
    }
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static void gzip(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
  }
}
