package io.goalrank.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a dataset from its publisher into a local directory that the matching {@link InteractionReader} can
 * read: {@code ml-1m} (GroupLens {@code ml-1m.zip}, MD5-checked, unzipped with its top folder flattened) and
 * {@code amazon-book} (the KGAT {@code train.txt}, {@code test.txt}, {@code item_list.txt}, {@code user_list.txt},
 * each SHA-256-checked).
 *
 * <p>Nothing partial ever lands in the target directory: files are downloaded, verified and unpacked in a
 * temporary sibling directory and only then moved in (one atomic rename when the target does not exist yet). A
 * failed download or a checksum mismatch throws {@link IOException} and leaves no trace. If the target already
 * holds the dataset's required files they are used as they are, without downloading or re-checking.
 *
 * <p>The sources (URLs and checksums) are injectable so tests can serve files from a loopback server.
 */
public final class DatasetDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);

  /** The official base URLs. */
  public static final URI MOVIELENS_BASE = URI.create("https://files.grouplens.org/datasets/movielens/");
  public static final URI KGAT_AMAZON_BOOK_BASE = URI.create(
      "https://raw.githubusercontent.com/xiangwang1223/knowledge_graph_attention_network/master/Data/amazon-book/");
  /** The MD5 GroupLens publishes for ml-1m.zip. */
  public static final String ML_1M_ZIP_MD5 = "c4d9eecfca2ab87c1945afe126590906";
  /** SHA-256 of the uncompressed KGAT amazon-book files. */
  public static final Map<String, String> KGAT_SHA256 = Map.of(
      "train.txt", "4d10106bb06a77e11df660429903c0067aeb85b86431807836b0d8b7edc30c38",
      "test.txt", "f47eff9d35fb95c07d74251a991478a84095ce6c5969b0dafcb4afe99fc716ec",
      "user_list.txt", "ae2e001d4e49fd82d4c7e25f950827a8be2fbd5c6f3a16dacb2d104edb32310e",
      "item_list.txt", "efea8518cd68e515584fdfbfca95f318b25ef551c64498c5935897c2b02e436f");

  static final String LOCAL_COPY_HINT = "To use a local copy instead, pass --data DIR pointing at a directory with "
      + "ratings.dat/movies.dat (ml-1m) or train.txt/test.txt (amazon-book).";

  /**
   * One file to download and how to check it.
   *
   * @param name file name in the target (or of the archive, when the source is unzipped)
   * @param algorithm a {@link MessageDigest} algorithm, {@code MD5} or {@code SHA-256}
   * @param hexDigest expected digest of the downloaded bytes, lower- or upper-case hex
   */
  public record RemoteFile(String name, URI uri, String algorithm, String hexDigest) {}

  /**
   * A dataset's files.
   *
   * @param unzip whether each file is a zip archive to unpack (a single top-level folder is flattened)
   * @param requiredFiles files the target must hold afterwards (and whose presence skips the download)
   */
  public record Source(String dataset, List<RemoteFile> files, boolean unzip, List<String> requiredFiles) {
    public Source {
      files = List.copyOf(files);
      requiredFiles = List.copyOf(requiredFiles);
    }
  }

  private final Map<String, Source> sources;
  private final HttpClient client;

  /** Downloads from the official publishers. */
  public DatasetDownloader() {
    this(MOVIELENS_BASE, KGAT_AMAZON_BOOK_BASE);
  }

  /** The official files and checksums, from other base URLs (a mirror). */
  public DatasetDownloader(URI movieLensBase, URI kgatBase) {
    this(List.of(movieLens1m(movieLensBase, ML_1M_ZIP_MD5), kgatAmazonBook(kgatBase, KGAT_SHA256)));
  }

  /** Any sources, e.g. test files with test checksums. */
  public DatasetDownloader(List<Source> sources) {
    Map<String, Source> byName = new LinkedHashMap<>();
    for (Source s : sources) {
      byName.put(s.dataset(), s);
    }
    this.sources = byName;
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** ml-1m: {@code base/ml-1m.zip} with the given MD5. */
  public static Source movieLens1m(URI base, String md5) {
    return new Source("ml-1m", List.of(new RemoteFile("ml-1m.zip", base.resolve("ml-1m.zip"), "MD5", md5)),
        true, List.of("ratings.dat", "movies.dat"));
  }

  /** amazon-book: {@code base/<file>} for each file of {@code sha256ByFile}. */
  public static Source kgatAmazonBook(URI base, Map<String, String> sha256ByFile) {
    List<RemoteFile> files = new ArrayList<>();
    for (String name : List.of("train.txt", "test.txt", "item_list.txt", "user_list.txt")) {
      String sha = sha256ByFile.get(name);
      if (sha != null) {
        files.add(new RemoteFile(name, base.resolve(name), "SHA-256", sha));
      }
    }
    return new Source("amazon-book", files, false, List.of("train.txt", "test.txt"));
  }

  /** Dataset names this downloader knows. */
  public List<String> datasets() {
    return List.copyOf(sources.keySet());
  }

  /**
   * Makes {@code targetDir} hold {@code dataset}, downloading and verifying it unless it is already there, and
   * returns {@code targetDir} (the directory to hand to the reader).
   */
  public Path fetch(String dataset, Path targetDir) throws IOException {
    Source source = sources.get(dataset);
    if (source == null) {
      throw new IllegalArgumentException("Cannot download '" + dataset + "'; downloadable datasets: " + datasets());
    }
    if (Files.exists(targetDir) && !Files.isDirectory(targetDir)) {
      throw new IOException(targetDir + " exists and is not a directory; choose another target for " + dataset);
    }
    if (source.requiredFiles().stream().allMatch(f -> Files.isRegularFile(targetDir.resolve(f)))) {
      LOG.info("{} already present in {}; not downloading", dataset, targetDir);
      return targetDir;
    }
    Path parent = targetDir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + targetDir.getFileName() + ".download-");
    try {
      Path files = Files.createDirectory(staging.resolve("files"));
      for (RemoteFile remote : source.files()) {
        Path downloaded = staging.resolve(remote.name() + ".part");
        download(dataset, remote, downloaded);
        if (source.unzip()) {
          unzip(downloaded, files);
          Files.delete(downloaded);
        } else {
          Files.move(downloaded, files.resolve(remote.name()));
        }
      }
      for (String required : source.requiredFiles()) {
        if (!Files.isRegularFile(files.resolve(required))) {
          throw new IOException("Downloaded " + dataset + " lacks " + required + " (it has "
              + DataFiles.listing(files) + "). " + LOCAL_COPY_HINT);
        }
      }
      install(files, targetDir);
      LOG.info("Downloaded {} into {}", dataset, targetDir);
      return targetDir;
    } finally {
      try {
        io.goalrank.util.FileTrees.delete(staging);
      } catch (IOException e) {
        // do not mask the download's own error; the hidden staging folder is harmless
        LOG.warn("Could not remove {}: {}", staging, e.toString());
      }
    }
  }

  private void download(String dataset, RemoteFile remote, Path file) throws IOException {
    LOG.info("Downloading {} from {}", remote.name(), remote.uri());
    HttpRequest request = HttpRequest.newBuilder(remote.uri()).timeout(Duration.ofMinutes(2)).GET().build();
    HttpResponse<Path> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofFile(file));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Download of " + dataset + " from " + remote.uri() + " was interrupted");
    } catch (IOException e) {
      throw new IOException("Download of " + dataset + " from " + remote.uri() + " failed (" + e + "). "
          + LOCAL_COPY_HINT, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("Download of " + dataset + " from " + remote.uri() + " failed: HTTP "
          + response.statusCode() + ". " + LOCAL_COPY_HINT);
    }
    String actual = io.goalrank.util.FileDigests.hex(file, remote.algorithm());
    if (!actual.equalsIgnoreCase(remote.hexDigest())) {
      throw new IOException("Checksum mismatch for " + remote.name() + " downloaded from " + remote.uri()
          + ": expected " + remote.algorithm() + " " + remote.hexDigest().toLowerCase(Locale.ROOT) + ", got "
          + actual + ". The download is corrupt or the file changed upstream; nothing was kept. "
          + LOCAL_COPY_HINT);
    }
  }

  /** Unpacks regular files, flattening the first path component when every entry shares it (ml-1m/...). */
  private static void unzip(Path zip, Path into) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    String prefix = commonTopFolder(names);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName().substring(prefix.length());
        Path out = into.resolve(name).normalize();
        if (!out.startsWith(into) || name.isEmpty()) {
          throw new IOException("Refusing zip entry outside the target: " + e.getName());
        }
        Files.createDirectories(out.getParent());
        Files.copy(in, out);
      }
    }
  }

  private static String commonTopFolder(List<String> names) {
    String prefix = null;
    for (String n : names) {
      int slash = n.indexOf('/');
      String top = slash < 0 ? "" : n.substring(0, slash + 1);
      if (top.isEmpty() || (prefix != null && !prefix.equals(top))) {
        return "";
      }
      prefix = top;
    }
    return prefix == null ? "" : prefix;
  }

  /** Moves the verified files into the target: one rename if possible, else file by file. */
  private static void install(Path files, Path targetDir) throws IOException {
    try {
      Files.deleteIfExists(targetDir); // only succeeds for an empty directory
    } catch (DirectoryNotEmptyException e) {
      // keep the existing directory and what it holds; move the files in one by one below
    }
    if (!Files.exists(targetDir)) {
      try {
        Files.move(files, targetDir, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (FileAlreadyExistsException e) {
        // created concurrently: fall through
      }
    }
    try (Stream<Path> list = Files.list(files)) {
      for (Path f : (Iterable<Path>) list::iterator) {
        Files.move(f, targetDir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
