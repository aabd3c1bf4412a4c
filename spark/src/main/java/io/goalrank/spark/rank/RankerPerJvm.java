package io.goalrank.spark.rank;

import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The loaded generators of an executor JVM, per model: a DJL model is tens to hundreds of MB of native memory and
 * seconds to load, so it is loaded once per JVM and reused by later tasks, never once per task or record. An engine
 * that is thread-safe (the Java engine) is shared by every task of the JVM. One that is not (DJL) is lent to one
 * task at a time: a task borrows an idle copy or loads one, so the JVM holds at most as many copies as it runs
 * tasks at once (its cores), and two tasks rank in parallel instead of queueing for one copy (which made
 * {@code local[2]} barely faster than {@code local[1]}, docs/BENCHMARKS.md). A shutdown hook closes them all.
 */
final class RankerPerJvm {
  private static final Map<String, Pool> POOLS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> POOLS.values().forEach(Pool::close),
        "goalrank-rankers-close"));
  }

  private RankerPerJvm() {}

  /** A generator lent to the calling task until {@link #close}. */
  interface Lease extends AutoCloseable {
    Ranker ranker();

    @Override
    void close();
  }

  /** The generator in {@code modelDir} on {@code engine}, with {@code goalrank rank}'s limits, for one task. */
  static Lease borrow(String modelDir, EngineKind engine, int maxCandidates) {
    return POOLS.computeIfAbsent(key(modelDir, engine, maxCandidates),
        key -> new Pool(modelDir, engine, maxCandidates)).borrow();
  }

  /** Copies of the generator this JVM loaded (for tests). */
  static int loaded(String modelDir, EngineKind engine, int maxCandidates) {
    Pool pool = POOLS.get(key(modelDir, engine, maxCandidates));
    return pool == null ? 0 : pool.all.size();
  }

  private static String key(String modelDir, EngineKind engine, int maxCandidates) {
    return modelDir + "|" + engine + "|" + maxCandidates;
  }

  private static final class Pool {
    private final String modelDir;
    private final EngineKind engine;
    private final int maxCandidates;
    private final Queue<Ranker> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Ranker> all = new ConcurrentLinkedQueue<>(); // every copy loaded, idle or lent
    private volatile Ranker shared; // set once the first copy says its engine is thread-safe

    Pool(String modelDir, EngineKind engine, int maxCandidates) {
      this.modelDir = modelDir;
      this.engine = engine;
      this.maxCandidates = maxCandidates;
    }

    Lease borrow() {
      Ranker s = shared;
      if (s != null) {
        return lease(s, false);
      }
      Ranker r = idle.poll();
      if (r == null) {
        r = load();
        if (r.engine().threadSafe()) {
          synchronized (this) { // two first tasks may both load: keep one shared copy, lend the other out once
            if (shared == null) {
              shared = r;
              return lease(r, false);
            }
          }
        }
      }
      return lease(r, true);
    }

    private Lease lease(Ranker ranker, boolean exclusive) {
      return new Lease() {
        private boolean returned;

        @Override
        public Ranker ranker() {
          return ranker;
        }

        @Override
        public void close() {
          if (exclusive && !returned) {
            returned = true;
            idle.add(ranker);
          }
        }
      };
    }

    private Ranker load() {
      try {
        Ranker r = Ranker.load(Path.of(modelDir), RequestLimits.of(maxCandidates), EngineSettings.of(engine));
        all.add(r);
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void close() {
      all.forEach(Ranker::close);
    }
  }
}
