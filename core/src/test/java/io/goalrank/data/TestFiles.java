package io.goalrank.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Fixture helpers: copy a resource folder into a temp dir, write small files, gzip them. */
final class TestFiles {
  private TestFiles() {}

  /** The fixture {@code fixtures/<name>} on the test class path. */
  static Path fixture(String name) {
    URL url = TestFiles.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("missing fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies fixture folder {@code name} into {@code dir/name} so a test may change it. */
  static Path copyFixture(String name, Path dir) throws IOException {
    Path from = fixture(name);
    Path to = dir.resolve(name);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      files.forEach(f -> {
        try {
          Files.copy(f, to.resolve(f.getFileName()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return to;
  }

  /** Writes {@code lines}, each followed by a newline, as UTF-8. */
  static Path write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** Replaces {@code file} by {@code target} holding its gzipped bytes. */
  static Path gzipTo(Path file, Path target) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      out.write(bytes);
    }
    Files.delete(file);
    return target;
  }

  /** Replaces {@code file} by {@code file.gz}. */
  static Path gzip(Path file) throws IOException {
    return gzipTo(file, file.resolveSibling(file.getFileName() + ".gz"));
  }

  /**
   * {@code shared/data/<sub>} in the nearest folder above the working directory that has a {@code shared} folder:
   * Maven runs a module's tests in the module's folder ({@code core/}), so the project's sibling {@code ../shared}
   * is {@code ../../shared} from there; walking up finds it from either. When there is none, the path it would
   * have beside the project (a test then skips).
   */
  static Path sharedData(String sub) {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared"))) {
        return p.resolve("shared/data").resolve(sub).normalize();
      }
    }
    return dir.resolve("../../shared/data").resolve(sub).normalize();
  }
}
