package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.goalrank.data.DataFormatException;
import io.goalrank.data.IdIndex;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed provenance (issue 17): the protocol and simulator configs are stored as JSON in the prepared file and the
 * checkpoint and read back as the same records; both files carry a checksum; older files still load and newer ones
 * are refused naming the file.
 */
public class TypedProvenanceTest {
  /** Not the defaults anywhere it matters: the old five-field rebuild would get a different simulator. */
  static final SimulatorConfig SIM = SimulatorConfig.builder().users(40).items(90).interactionsPerUser(10, 20)
      .diversityPenalty(0.9).complementarityStrength(1.25).positionBias(SimulatorConfig.logPositionBias(12))
      .feedbackNoise(0.1).seed(7).build();
  static final ProtocolConfig PROTOCOL = ProtocolConfig.builder().optListLength(3).optNumCandidates(5)
      .optMaxHistory(4).optCoreK(2).optNegatives(ProtocolConfig.NegativeSampling.MATCHED).optSeed(31)
      .optPositiveThreshold(3.5f).build();

  /** Three requests of 5 candidates, with the display entries DatasetPreparer writes for {@link #PROTOCOL}. */
  public static PreparedDataset dataset() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("dataset", "simulator");
    info.put("protocol.positiveThreshold", "3.5");
    info.put("protocol.coreK", "2");
    info.put("protocol.listLength", "3");
    info.put("protocol.numCandidates", "5");
    info.put("protocol.maxHistory", "4");
    info.put("protocol.requests", "last");
    info.put("protocol.testFraction", "0.2");
    info.put("protocol.validFraction", "0.1");
    info.put("protocol.minValidRequests", "200");
    info.put("protocol.negatives", "matched");
    info.put("protocol.seed", "31");
    int[][] candidates = {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {1, 3, 5, 7, 9}};
    float[][] labels = {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 1}, {0, 0, 0, 0, 0}};
    float[][] scores = {{.5f, .4f, .3f, .2f, .1f}, {1, 2, 3, 4, 5}, {-1, 0, 1, 2, 3}};
    List<String> items = List.of("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9");
    return new PreparedDataset(info, IdIndex.of(List.of("u0", "u1")), IdIndex.of(items), ItemCatalog.empty(),
        new int[10], new int[] {0, 1, 1}, new byte[] {0, 1, 2}, new int[][] {{1}, {2, 3}, {4}},
        new byte[][] {{1}, {1, 0}, {0}}, new int[][] {{0}, {7, 9}, {3}}, new byte[][] {{1}, {1, 1}, {0}},
        candidates, labels, scores)
        .withConfig(ProtocolConfig.PROVENANCE, PROTOCOL.toJson())
        .withConfig(SimulatorConfig.PROVENANCE, SIM.toJson());
  }

  @Test
  void preparedFileRoundTripsTheConfigsAsTheSameRecords(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prepared.bin");
    dataset().write(file);
    PreparedDataset back = PreparedDataset.read(file);
    assertEquals(PROTOCOL, back.protocol());
    assertEquals(SIM, Simulator.of(back).config(), "the exact simulator, not one rebuilt from five fields");
    assertEquals(3, Workflow.listLength(back));
    assertEquals(4, Workflow.modelConfig(back, "tiny").maxHistory());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3, 4, 5}, back.retrieverScores(1));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 0, 1, 0, 1}, back.labels(1));
    // the display strings are kept, but behaviour no longer reads them
    PreparedDataset relabelled = back.withInfo(Map.of("dataset", "simulator", "protocol.listLength", "9"));
    assertEquals(3, Workflow.listLength(relabelled));
  }

  @Test
  void simulatorIsNullForRealData() {
    assertNull(Simulator.of(dataset().withConfig(SimulatorConfig.PROVENANCE, null)));
  }

  @Test
  void aCorruptedByteFailsTheChecksumNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prepared.bin");
    dataset().write(file);
    byte[] raw = gunzip(file);
    int at = raw.length - 16 - 4; // inside the last request's retriever scores, before the footer
    raw[at] ^= 0x10;
    gzip(file, raw);
    DataFormatException e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void aVersionOneFileStillLoadsWithItsProtocolFromTheInfo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prepared.bin");
    dataset().write(file);
    gzip(file, asVersionOne(gunzip(file)));
    PreparedDataset old = PreparedDataset.read(file);
    assertTrue(old.configs().isEmpty());
    assertEquals(PROTOCOL, old.protocol(), "every field of a LAST protocol is in the old info");
    assertEquals(3, old.size());
  }

  @Test
  void aNewerVersionIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prepared.bin");
    dataset().write(file);
    byte[] raw = gunzip(file);
    raw[7] = 3; // the version int after the magic number
    gzip(file, raw);
    DataFormatException e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("newer build"), e.getMessage());
    assertThrows(DataFormatException.class, () -> PreparedDataset.readInfo(file));
  }

  @Test
  void aConfigWithAFieldThisBuildLacksIsRefusedByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prepared.bin");
    String newer = PROTOCOL.toJson().replace("{", "{\"shuffleSeed\":5,");
    dataset().withConfig(ProtocolConfig.PROVENANCE, newer).write(file);
    DataFormatException e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'shuffleSeed'"), e.getMessage());
  }

  @Test
  void checkpointRecordsTheDataConfigsAndChecksItsWeights(@TempDir Path dir) throws Exception {
    ModelConfig config = new ModelConfig(10, 8, 2, 1, 1, 16, 0f, 4, 3);
    try (NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config), 1e-3f, 0f, 5f, 1)) {
      new Checkpoint("generator", config, Map.of("seed", "1")).withData(dataset()).save(dir, net.block());
    }
    Checkpoint back = Checkpoint.read(dir);
    assertEquals(PROTOCOL, back.protocol().orElseThrow());
    assertEquals(SIM, SimulatorConfig.fromJson(back.data().get(SimulatorConfig.PROVENANCE), "test"));
    assertEquals("1", back.provenance().get("seed"));
    io.goalrank.model.Models.loadGenerator(dir).close(); // the checksum matches

    // a flipped byte of the same length: DJL would load other numbers without a word
    Path weights = dir.resolve(Checkpoint.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(weights, bytes);
    IOException e = assertThrows(IOException.class, () -> io.goalrank.model.Models.loadGenerator(dir));
    assertTrue(e.getMessage().startsWith(weights.toString()) && e.getMessage().contains("CRC32"), e.getMessage());
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(weights, bytes);

    // format 1 (before typed configs and the checksum) still loads; a newer format is refused naming the file
    ObjectMapper json = new ObjectMapper();
    Path meta = dir.resolve(Checkpoint.META);
    ObjectNode node = (ObjectNode) json.readTree(meta.toFile());
    ObjectNode old = node.deepCopy();
    old.remove(List.of("format", "data", "weights"));
    json.writeValue(meta.toFile(), old);
    assertFalse(Checkpoint.read(dir).protocol().isPresent());
    io.goalrank.model.Models.loadGenerator(dir).close();
    node.put("format", Checkpoint.FORMAT + 1);
    json.writeValue(meta.toFile(), node);
    e = assertThrows(IOException.class, () -> Checkpoint.read(dir));
    assertTrue(e.getMessage().startsWith(meta.toString()) && e.getMessage().contains("newer build"), e.getMessage());
  }

  /** The uncompressed bytes of a version 2 file rewritten as version 1: no configs section, no footer. */
  private static byte[] asVersionOne(byte[] v2) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(v2));
    in.readInt();
    in.readInt();
    skipMap(in);
    int infoEnd = v2.length - in.available();
    skipMap(in);
    int configsEnd = v2.length - in.available();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(v2, 0, 4);
    out.write(ByteBuffer.allocate(4).putInt(1).array());
    out.write(v2, 8, infoEnd - 8);
    out.write(v2, configsEnd, v2.length - 16 - configsEnd);
    return out.toByteArray();
  }

  private static void skipMap(DataInputStream in) throws IOException {
    int n = in.readInt();
    for (int k = 0; k < n; k++) {
      in.readUTF();
      in.skipNBytes(in.readInt());
    }
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (var in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static void gzip(Path file, byte[] raw) throws IOException {
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(raw);
    }
  }
}
