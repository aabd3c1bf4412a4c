package io.goalrank.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The test settings of every Spark test class: local[2], no UI, 2 shuffle partitions; one session per class. */
public final class SparkTestSession {
  private SparkTestSession() {}

  public static SparkSession start() {
    return SparkSessions.getOrCreate("local[2]", "goalrank-test", 2);
  }

  /**
   * {@code shared/data/<sub>} in the nearest folder above the working directory that has a {@code shared} folder
   * (Maven runs these tests in {@code spark/}, so the project's sibling {@code ../shared} is {@code ../../shared}).
   */
  public static Path sharedData(String sub) {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared"))) {
        return p.resolve("shared/data").resolve(sub).normalize();
      }
    }
    return dir.resolve("../../shared/data").resolve(sub).normalize();
  }
}
