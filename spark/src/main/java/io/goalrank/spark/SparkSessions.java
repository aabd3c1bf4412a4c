package io.goalrank.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for GoalRank's jobs: embedded ({@code local[*]}) by default, or whatever spark-submit set up. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session of this JVM: under spark-submit the one it configured (its master wins); otherwise an embedded
   * one on {@code master} (e.g. {@code local[*]}) without the web UI.
   *
   * @param shufflePartitions partitions after a shuffle (Spark's 200 is far too many for one machine); 0 keeps
   *     Spark's setting
   */
  public static SparkSession getOrCreate(String master, String appName, int shufflePartitions) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (System.getProperty("spark.master") == null) { // spark-submit sets it; an explicit --master then wins
      b = b.master(master).config("spark.ui.enabled", "false");
    }
    if (shufflePartitions > 0) {
      b = b.config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    }
    return b.getOrCreate();
  }
}
