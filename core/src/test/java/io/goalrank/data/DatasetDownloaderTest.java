package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serves tiny files from a loopback-only server; nothing leaves the machine. */
class DatasetDownloaderTest {
  @TempDir Path tmp;
  private HttpServer server;
  private URI base;
  private final Map<String, byte[]> served = new LinkedHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = served.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void fetchesVerifiesAndUnzipsMovieLens() throws Exception {
    byte[] zip = tinyMovieLensZip();
    served.put("/ml/ml-1m.zip", zip);
    DatasetDownloader downloader = new DatasetDownloader(
        List.of(DatasetDownloader.movieLens1m(base.resolve("ml/"), hex("MD5", zip))));
    Path target = tmp.resolve("data/ml-1m");
    assertEquals(target, downloader.fetch("ml-1m", target));
    assertEquals(List.of("README", "movies.dat", "ratings.dat"), DataFiles.listing(target));
    assertEquals(List.of("ml-1m"), DataFiles.listing(tmp.resolve("data"))); // no staging left behind
    Interactions data = new MovieLensReader().read(target);
    assertEquals(5, data.size());

    // a second fetch finds the files and does not download again
    int before = requests.get();
    downloader.fetch("ml-1m", target);
    assertEquals(before, requests.get());
  }

  @Test
  void checksumMismatchLeavesNothingBehind() throws Exception {
    served.put("/ml/ml-1m.zip", tinyMovieLensZip());
    DatasetDownloader downloader = new DatasetDownloader(
        List.of(DatasetDownloader.movieLens1m(base.resolve("ml/"), DatasetDownloader.ML_1M_ZIP_MD5)));
    Path parent = Files.createDirectories(tmp.resolve("data"));
    Path target = parent.resolve("ml-1m");
    IOException e = assertThrows(IOException.class, () -> downloader.fetch("ml-1m", target));
    assertTrue(e.getMessage().contains("Checksum mismatch for ml-1m.zip"), e.getMessage());
    assertTrue(e.getMessage().contains("expected MD5 " + DatasetDownloader.ML_1M_ZIP_MD5), e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), DataFiles.listing(parent));
  }

  @Test
  void mismatchInExistingTargetKeepsItUntouched() throws Exception {
    served.put("/ml/ml-1m.zip", tinyMovieLensZip());
    DatasetDownloader downloader = new DatasetDownloader(
        List.of(DatasetDownloader.movieLens1m(base.resolve("ml/"), "00000000000000000000000000000000")));
    Path target = Files.createDirectories(tmp.resolve("ml-1m"));
    TestFiles.write(target.resolve("notes.txt"), "mine");
    assertThrows(IOException.class, () -> downloader.fetch("ml-1m", target));
    assertEquals(List.of("notes.txt"), DataFiles.listing(target));
    assertEquals(List.of("ml-1m"), DataFiles.listing(tmp));
  }

  @Test
  void fetchesKgatFilesWithSha256() throws Exception {
    Map<String, String> sha = new LinkedHashMap<>();
    for (String name : List.of("train.txt", "test.txt", "item_list.txt", "user_list.txt")) {
      byte[] bytes = Files.readAllBytes(TestFiles.fixture("kgat-tiny").resolve(name));
      served.put("/kgat/" + name, bytes);
      sha.put(name, hex("SHA-256", bytes));
    }
    DatasetDownloader downloader =
        new DatasetDownloader(List.of(DatasetDownloader.kgatAmazonBook(base.resolve("kgat/"), sha)));
    Path target = downloader.fetch("amazon-book", tmp.resolve("amazon-book"));
    assertEquals(List.of("item_list.txt", "test.txt", "train.txt", "user_list.txt"), DataFiles.listing(target));
    assertEquals(9, new KgatAmazonBookReader().read(target).size());
  }

  @Test
  void kgatMismatchOnOneFileKeepsNone() throws Exception {
    Map<String, String> sha = new LinkedHashMap<>(DatasetDownloader.KGAT_SHA256);
    for (String name : List.of("train.txt", "test.txt", "item_list.txt", "user_list.txt")) {
      byte[] bytes = Files.readAllBytes(TestFiles.fixture("kgat-tiny").resolve(name));
      served.put("/kgat/" + name, bytes);
      if (!name.equals("item_list.txt")) {
        sha.put(name, hex("SHA-256", bytes));
      }
    }
    DatasetDownloader downloader =
        new DatasetDownloader(List.of(DatasetDownloader.kgatAmazonBook(base.resolve("kgat/"), sha)));
    IOException e = assertThrows(IOException.class, () -> downloader.fetch("amazon-book", tmp.resolve("ab")));
    assertTrue(e.getMessage().contains("Checksum mismatch for item_list.txt"), e.getMessage());
    assertEquals(List.of(), DataFiles.listing(tmp));
  }

  @Test
  void httpErrorSaysHowToUseLocalCopy() {
    DatasetDownloader downloader = new DatasetDownloader(
        List.of(DatasetDownloader.movieLens1m(base.resolve("nothing/"), DatasetDownloader.ML_1M_ZIP_MD5)));
    IOException e = assertThrows(IOException.class, () -> downloader.fetch("ml-1m", tmp.resolve("ml-1m")));
    assertTrue(e.getMessage().contains("failed: HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().contains("pass --data DIR pointing at a directory with ratings.dat/movies.dat (ml-1m)"
        + " or train.txt/test.txt (amazon-book)"), e.getMessage());
    assertEquals(List.of(), DataFiles.listing(tmp));
  }

  @Test
  void unreachableServerSaysHowToUseLocalCopy() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again before the request: connection refused
    }
    URI dead = URI.create("http://127.0.0.1:" + port + "/");
    DatasetDownloader downloader = new DatasetDownloader(dead, dead);
    for (String dataset : List.of("ml-1m", "amazon-book")) {
      IOException e = assertThrows(IOException.class, () -> downloader.fetch(dataset, tmp.resolve(dataset)));
      assertTrue(e.getMessage().contains("Download of " + dataset), e.getMessage());
      assertTrue(e.getMessage().contains("failed"), e.getMessage());
      assertTrue(e.getMessage().contains("pass --data DIR"), e.getMessage());
    }
    assertEquals(List.of(), DataFiles.listing(tmp));
  }

  @Test
  void refusesFileAsTarget() throws IOException {
    Path file = TestFiles.write(tmp.resolve("ml-1m"), "not a directory");
    DatasetDownloader downloader = new DatasetDownloader(base, base);
    IOException e = assertThrows(IOException.class, () -> downloader.fetch("ml-1m", file));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    assertEquals("not a directory\n", Files.readString(file));
    assertEquals(0, requests.get());
  }

  @Test
  void unknownDataset() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DatasetDownloader().fetch("csv", tmp.resolve("x")));
    assertTrue(e.getMessage().contains("[ml-1m, amazon-book]"), e.getMessage());
  }

  private static byte[] tinyMovieLensZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("ml-1m/"));
      zip.closeEntry();
      for (String name : List.of("ratings.dat", "movies.dat")) {
        zip.putNextEntry(new ZipEntry("ml-1m/" + name));
        zip.write(Files.readAllBytes(TestFiles.fixture("ml-1m-tiny").resolve(name)));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("ml-1m/README"));
      zip.write("tiny".getBytes());
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
