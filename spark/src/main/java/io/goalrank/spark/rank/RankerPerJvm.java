package io.goalrank.spark.rank;

import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded generator per executor JVM and model: the first task that needs it loads it (a DJL model is hundreds
 * of MB of native memory and seconds to load, so never once per task or record), later tasks of that JVM share it,
 * and a shutdown hook closes it with the JVM.
 */
final class RankerPerJvm {
  private static final Map<String, Ranker> RANKERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RANKERS.values().forEach(Ranker::close),
        "goalrank-rankers-close"));
  }

  private RankerPerJvm() {}

  /** The generator in {@code modelDir} on {@code engine}, with {@code goalrank rank}'s limits. */
  static Ranker get(String modelDir, EngineKind engine, int maxCandidates) {
    return RANKERS.computeIfAbsent(modelDir + "|" + engine + "|" + maxCandidates, key -> {
      try {
        return Ranker.load(Path.of(modelDir), RequestLimits.of(maxCandidates), EngineSettings.of(engine));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
