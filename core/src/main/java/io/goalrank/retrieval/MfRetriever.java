package io.goalrank.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.util.Progress;
import java.util.Arrays;
import java.util.Random;

/**
 * The stage-1 retriever: BPR matrix factorisation trained on the users' histories (never on the ground-truth
 * targets), then used to score every item for every user.
 */
public final class MfRetriever implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MfRetriever.class);
  private final NetworkTrainer<MatrixFactorization> net;
  private final int numItems;

  /**
   * Training settings. Defaults (dim 128, 20 epochs, lr 2.5e-3) had the best recall@50 of the ground truth on
   * ML-1M among the settings tried (docs/DATA.md): +0.5 to +0.7 points over dim 64 / lr 5e-3 on two seeds.
   *
   * @param update how a step updates the tables ({@link Update}; {@code AUTO} unless given)
   */
  public record Options(int dim, int epochs, int batchSize, float learningRate, float weightDecay, long seed,
      Update update) {
    public Options {
      // each named, with its option where it has one: the CLIs pass these through unchecked
      if (dim < 1) {
        throw new IllegalArgumentException("Invalid retriever dim: " + dim);
      }
      if (epochs < 0) {
        throw new IllegalArgumentException("--mf-epochs (retriever epochs) must be 0 or more, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("Invalid retriever batch size: " + batchSize);
      }
      java.util.Objects.requireNonNull(update, "update");
    }

    public Options(int dim, int epochs, int batchSize, float learningRate, float weightDecay, long seed) {
      this(dim, epochs, batchSize, learningRate, weightDecay, seed, Update.AUTO);
    }

    public static Options defaults(long seed) {
      return new Options(128, 20, 4096, 2.5e-3f, 1e-5f, seed);
    }

    public Options withUpdate(Update value) {
      return new Options(dim, epochs, batchSize, learningRate, weightDecay, seed, value);
    }
  }

  /**
   * How a training step updates the embedding tables.
   *
   * <ul>
   *   <li>{@code DENSE}: DJL autograd and Adam over the whole tables every step (every row's moments decay and
   *       every row moves with its momentum). A step costs O((users + items) · dim) whatever the batch: fine for
   *       ML-1M (5,631 rows), about 0.57 s a step at 120,000 rows.
   *   <li>{@code LAZY}: only the rows a batch touches ({@link LazyAdamMf}); a step costs O(batch · dim). A
   *       different optimiser (PyTorch's SparseAdam rule), so other retriever scores than {@code DENSE}.
   *   <li>{@code AUTO} (the default): {@code DENSE} while users + items ≤ {@link #AUTO_ROWS_PER_BATCH_ROW} × batch
   *       size (32,768 rows at batch 4,096: ML-1M and Amazon-Book at 10- and 20-core stay as they were), {@code LAZY}
   *       above, where the full-table passes would dominate the step (a batch touches at most 3 × batch rows).
   * </ul>
   */
  public enum Update {
    AUTO, DENSE, LAZY;

    /** {@code AUTO}'s limit, in table rows per batch row. */
    public static final int AUTO_ROWS_PER_BATCH_ROW = 8;

    /** The help of {@code --mf-update}, one text for {@code prepare} and {@code spark prepare}. */
    public static final String OPTION_HELP = "How the retriever's steps update its embedding tables: dense = DJL "
        + "Adam over every row every step (a step costs users + items rows), lazy = only the rows the batch touches "
        + "(a step costs the batch; another optimiser, so other retriever scores), auto = dense up to "
        + AUTO_ROWS_PER_BATCH_ROW + " table rows per batch row (32,768 rows at batch 4,096: ML-1M and Amazon-Book as "
        + "before), lazy above (default: ${DEFAULT-VALUE}; docs/DATA.md).";

    /** {@code auto}, {@code dense} or {@code lazy} (any case), as {@code --mf-update} takes it. */
    public static Update parse(String value) {
      for (Update u : values()) {
        if (u.name().equalsIgnoreCase(value)) {
          return u;
        }
      }
      throw new IllegalArgumentException("--mf-update must be auto, dense or lazy, got '" + value + "'");
    }

    /** The update this setting means for tables of {@code rows} rows trained in batches of {@code batchSize}. */
    public Update resolve(long rows, int batchSize) {
      if (this != AUTO) {
        return this;
      }
      return rows <= (long) AUTO_ROWS_PER_BATCH_ROW * batchSize ? DENSE : LAZY;
    }
  }

  private MfRetriever(NetworkTrainer<MatrixFactorization> net, int numItems) {
    this.net = net;
    this.numItems = numItems;
  }

  /**
   * Trains on {@code histories[u]} (item indices consumed by user u before the targets).
   *
   * @return the trained retriever; its final mean BPR loss is in {@link #lastLoss}
   */
  public static MfRetriever train(int[][] histories, int numItems, Options options) {
    int numUsers = histories.length;
    var net = new NetworkTrainer<>(new MatrixFactorization(numUsers, numItems, options.dim()),
        options.learningRate(), options.weightDecay(), 0f, options.seed());
    MfRetriever retriever = new MfRetriever(net, numItems);
    try {
      retriever.fit(histories, options);
      return retriever;
    } catch (RuntimeException | Error e) {
      retriever.close(); // the trainer's native arrays: nobody else holds the retriever to close it
      throw e;
    }
  }

  /** The training loop of {@link #train}, on this retriever's network. */
  private void fit(int[][] histories, Options options) {
    int numUsers = histories.length;
    int total = 0;
    for (int[] h : histories) {
      total += h.length;
    }
    int[] pairUser = new int[total];
    int[] pairItem = new int[total];
    int w = 0;
    for (int u = 0; u < numUsers; u++) {
      for (int i : histories[u]) {
        pairUser[w] = u;
        pairItem[w++] = i;
      }
    }
    // each user's items, sorted, for "has u consumed i?" by binary search: a HashSet<Long> of (u << 32 | i) put
    // every key whose u ^ i collide in one bucket (Long.hashCode), so at 10^5 pairs most of the time went into
    // its tree bins, and it held ~60 bytes per pair
    int[][] consumed = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      consumed[u] = histories[u].clone();
      Arrays.sort(consumed[u]);
    }
    Random rnd = new Random(options.seed());
    Update update = options.update().resolve((long) numUsers + numItems, options.batchSize());
    this.update = update;
    LazyAdamMf lazy = update == Update.LAZY ? lazyFrom(net.block(), options) : null;
    int batches = (total + options.batchSize() - 1) / options.batchSize();
    long started = System.nanoTime();
    int[] u = new int[options.batchSize()];
    int[] p = new int[options.batchSize()];
    int[] n = new int[options.batchSize()];
    try (Progress progress = Progress.start("retriever (MF)", (long) options.epochs() * batches);
        LazyAdamMf closesHelper = lazy) { // a null resource is skipped; closing stops the lazy step's helper thread
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        shuffle(pairUser, pairItem, rnd);
        double sum = 0;
        for (int b = 0; b < batches; b++) {
          int from = b * options.batchSize();
          int to = Math.min(total, from + options.batchSize());
          for (int k = from; k < to; k++) {
            u[k - from] = pairUser[k];
            p[k - from] = pairItem[k];
            int neg;
            do {
              neg = rnd.nextInt(numItems);
            } while (Arrays.binarySearch(consumed[pairUser[k]], neg) >= 0);
            n[k - from] = neg;
          }
          int count = to - from;
          if (lazy != null) {
            sum += lazy.step(u, p, n, count);
          } else {
            long[] lu = longs(u, count);
            long[] lp = longs(p, count);
            long[] ln = longs(n, count);
            sum += net.step(m -> net.block().bprLoss(net.parameterStore(), m.create(lu), m.create(lp), m.create(ln),
                true));
          }
          progress.step();
        }
        lastLoss = (float) (sum / batches);
        progress.extra(String.format("epoch %d loss %.4f", epoch + 1, lastLoss));
      }
    }
    if (lazy != null) {
      NDArray[] tables = net.block().tables();
      tables[0].set(lazy.userWeights());
      tables[1].set(lazy.itemWeights());
      tables[2].set(lazy.itemBias());
      net.weightsChangedOutside();
    }
    LOG.info("retriever (MF, {} update): {} users, {} items, {} epochs of {} steps in {} s",
        update.name().toLowerCase(), numUsers, numItems, options.epochs(), batches,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
  }

  /** A lazy trainer that starts from the block's initial weights (the dense path's, for the same seed). */
  private static LazyAdamMf lazyFrom(MatrixFactorization block, Options options) {
    NDArray[] tables = block.tables();
    return new LazyAdamMf(tables[0].toFloatArray(), tables[1].toFloatArray(), tables[2].toFloatArray(),
        options.dim(), options.learningRate(), options.weightDecay(), lazyThreads());
  }

  /**
   * Threads of a lazy step: 2 when this process may use two processors (its two sides then run in parallel; the
   * result does not depend on it), else 1. {@code -Dgoalrank.retriever.threads=N} overrides.
   */
  static int lazyThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(1, Math.min(2, Integer.getInteger("goalrank.retriever.threads", cores)));
  }

  private static long[] longs(int[] values, int count) {
    long[] out = new long[count];
    for (int k = 0; k < count; k++) {
      out[k] = values[k];
    }
    return out;
  }

  private Update update;

  /** The trained block (for tests). */
  MatrixFactorization block() {
    return net.block();
  }

  /** The update the training ran ({@code DENSE} or {@code LAZY}: {@code AUTO} resolved). */
  public Update update() {
    return update;
  }

  private float lastLoss = Float.NaN;

  /** Mean BPR loss of the last training epoch. */
  public float lastLoss() {
    return lastLoss;
  }

  /** Scores of {@code users} against every item, row-major {@code [users.length][numItems]}. */
  public float[][] scores(int[] users) {
    float[][] out = new float[users.length][];
    try (NDManager m = net.manager().newSubManager()) {
      long[] u = new long[users.length];
      for (int k = 0; k < users.length; k++) {
        u[k] = users[k];
      }
      float[] flat = net.block().scoreAll(net.parameterStore(), m.create(u, new Shape(users.length))).toFloatArray();
      for (int k = 0; k < users.length; k++) {
        out[k] = java.util.Arrays.copyOfRange(flat, k * numItems, (k + 1) * numItems);
      }
    }
    return out;
  }

  private static void shuffle(int[] a, int[] b, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }

  @Override
  public void close() {
    net.close();
  }
}
