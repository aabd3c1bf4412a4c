package io.goalrank.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.bench.LatencyStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The HTTP layer of the ranking service (Javalin on embedded Jetty):
 *
 * <ul>
 *   <li>{@code POST /v1/rank}: a JSON request (see {@link RequestParser}) → {@link RankResponse};
 *   <li>{@code GET /v1/model}: {@link ModelInfo};
 *   <li>{@code GET /health}: status, queue length, batches and requests served, requests expired uncomputed, requests
 *       whose work was stopped midway at their deadline ({@code cancelled}, Java engine), workers, the process's CPU
 *       time so far ({@code process_cpu_ms}), answers so far ({@code answered}) and, with {@code ?last=K}, the
 *       percentiles of the last K answers' time inside the service and of its phases ({@code latency_ms}:
 *       {@code in_service} from the handler's start to the answer handed to Jetty, split into {@code queued},
 *       {@code batch} and {@code answer}; {@link LatencyLog}),
 *       and the native memory budget ({@code native_memory}: the cap, the bytes the model and running batches hold by
 *       the engine's estimate, and batches refused for want of room).
 * </ul>
 *
 * Every error has an {@link ErrorResponse} body: bad input gets 400 naming the field (oversized bodies and
 * malformed JSON name {@code body}; a request over the cost limit also gets its cost and the limit); a full queue,
 * a request timeout (a request still queued at its deadline is dropped uncomputed), a batch that finds no room in
 * the native memory budget by its deadline, or a shutting-down service gets 503 (a request that alone could never
 * fit the budget gets 400); an unknown path 404; a known path with another method 405 with an {@code Allow}
 * header; a request Jetty cannot parse as HTTP its own 4xx ({@link JsonBadMessages}). Jetty threads only parse and
 * wait; every model call runs on a {@link MicroBatcher} worker (one unless {@link ServerConfig#workers()} says more,
 * for a thread-safe engine). {@link #close} drains: new requests get 503, queued ones are answered, then Jetty stops.
 */
public final class RankServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Each path the service answers and the methods it takes there (HEAD is answered wherever GET is). */
  private static final Map<String, String> ROUTES = Map.of("/v1/rank", "POST", "/v1/model", "GET, HEAD",
      "/health", "GET, HEAD");

  /** Answers whose latency {@code /health?last=K} can report: a long load test's measured requests. */
  public static final int LATENCY_WINDOW = 100_000;

  private final Ranker ranker;
  private final ServerConfig config;
  private final MicroBatcher<Job, RankResponse> batcher;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** In-service time of the last answers (handler start to the answer handed to Jetty), for {@code /health}. */
  private final LatencyLog latencies = new LatencyLog(LATENCY_WINDOW);
  private volatile boolean draining;
  // Responses are serialised and written here, not on the batcher's worker: the worker goes straight back to the
  // queue, and the clients of one batch get their answers (and send their next requests) together.
  private final ExecutorService responders = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "goalrank-respond");
    t.setDaemon(true);
    return t;
  });
  private final Javalin app;

  /** A query on its way through the batcher, and when its batch's forward pass started and ended. */
  private record Job(RankQuery query, long[] ran) {
    Job(RankQuery query) {
      this(query, new long[2]);
    }

    static List<RankQuery> queries(List<Job> jobs) {
      return jobs.stream().map(Job::query).toList();
    }
  }

  private RankServer(Ranker ranker, ServerConfig config,
      BiFunction<List<RankQuery>, IntPredicate, List<RankResponse>> batchFunction) {
    this.ranker = ranker;
    this.config = config;
    // the batch is timed here, so /health can say how much of an answer's time its forward pass took; the future's
    // completion makes the times visible to the responder that reads them
    BiFunction<List<Job>, IntPredicate, List<RankResponse>> timed = (jobs, cancelled) -> {
      long start = System.nanoTime();
      List<RankResponse> out = batchFunction.apply(Job.queries(jobs), cancelled);
      long end = System.nanoTime();
      for (Job j : jobs) {
        j.ran()[0] = start;
        j.ran()[1] = end;
      }
      return out;
    };
    this.batcher = MicroBatcher.cancellable(timed).queueCapacity(config.queueCapacity())
        .maxBatch(config.maxBatch()).maxDelayMicros(config.maxDelayMicros()).workers(config.workers())
        .timeoutMillis(config.timeoutMillis()).cost(j -> j.query().cost(), config.maxBatchCost())
        .memory(jobs -> ranker.nativeBytes(Job.queries(jobs)), new MemoryBudget(config.maxNativeBytes(),
            ranker.engine().nativeMemory().modelBytes())).build();
    this.app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.jsonMapper(new JavalinJackson(JSON, false));
      // our own bounded read enforces maxBodyBytes with a JSON error; Jetty's limit only backs it up
      c.http.maxRequestSize = config.maxBodyBytes() + 1L;
      c.jetty.modifyServer(server -> server.setErrorHandler(new JsonBadMessages()));
    });
    app.post("/v1/rank", this::rank);
    app.get("/v1/model", ctx -> ctx.json(ranker.info()));
    app.get("/health", this::health);
    app.exception(Exception.class, (e, ctx) ->
        ctx.status(500).json(new ErrorResponse("internal error: " + e.getClass().getSimpleName(), null)));
    // Javalin answers an unmatched request with its own plain-text 404; this replaces it (and every other
    // HttpResponseException) with our JSON, and tells a wrong method on a known path apart as 405
    app.exception(HttpResponseException.class, RankServer::answerInJson);
  }

  private static void answerInJson(HttpResponseException e, Context ctx) {
    String path = ctx.path().length() > 1 ? ctx.path().replaceAll("/+$", "") : ctx.path();
    String allowed = ROUTES.get(path);
    if ((e.getStatus() == 404 || e.getStatus() == 405) && allowed != null) {
      ctx.status(405).header("Allow", allowed).json(new ErrorResponse(ctx.method() + " is not allowed on " + path
          + "; use " + allowed, null));
    } else if (e.getStatus() == 404) {
      ctx.status(404).json(new ErrorResponse("no such endpoint: " + ctx.method() + " " + ctx.path()
          + "; the service answers POST /v1/rank, GET /v1/model and GET /health", null));
    } else {
      ctx.status(e.getStatus()).json(new ErrorResponse(e.getMessage(), null));
    }
  }

  /** Starts a server; with port 0 it picks a free port ({@link #port()}). */
  public static RankServer start(Ranker ranker, ServerConfig config) {
    return startCancellable(ranker, config, ranker::rank);
  }

  /** As {@link #start(Ranker, ServerConfig)} with the batch function wrapped (tests slow it down on purpose). */
  static RankServer start(Ranker ranker, ServerConfig config,
      Function<List<RankQuery>, List<RankResponse>> batchFunction) {
    return startCancellable(ranker, config, (queries, cancelled) -> batchFunction.apply(queries));
  }

  private static RankServer startCancellable(Ranker ranker, ServerConfig config,
      BiFunction<List<RankQuery>, IntPredicate, List<RankResponse>> batchFunction) {
    check(ranker, config);
    RankServer s = new RankServer(ranker, config, batchFunction);
    s.app.start(config.host(), config.port());
    return s;
  }

  /** Settings that cannot work with this model and engine, refused before anything starts. */
  private static void check(Ranker ranker, ServerConfig config) {
    if (config.workers() > 1 && !ranker.engine().threadSafe()) {
      throw new IllegalArgumentException("--workers " + config.workers() + ": the " + ranker.engine().kind().label()
          + " engine runs one batch at a time, so it takes one worker; give it more threads with --engine-threads, "
          + "or serve with --engine java");
    }
    long requestLimit = ranker.info().maxRequestCost();
    if (config.maxBatchCost() < requestLimit) {
      throw new IllegalArgumentException("--max-batch-cost " + config.maxBatchCost() + " is below the request cost "
          + "limit " + requestLimit + " (--max-request-cost): a request the service accepts would not fit a batch");
    }
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://" + config.host() + ":" + port();
  }

  private void rank(Context ctx) {
    long start = System.nanoTime();
    if (draining) {
      ctx.status(503).json(new ErrorResponse("the service is shutting down", null));
      return;
    }
    RankQuery query;
    try {
      query = ranker.parser().parse(readJson(ctx));
    } catch (RequestException e) {
      ctx.status(400).json(ErrorResponse.of(e));
      return;
    }
    CompletableFuture<RankResponse> result;
    Job job = new Job(query);
    try {
      result = batcher.submit(job);
    } catch (MicroBatcher.OutOfMemoryBudget e) { // this request alone could never fit: retrying will not help
      ctx.status(400).json(new ErrorResponse(e.getMessage(), "body"));
      return;
    } catch (MicroBatcher.Overloaded e) {
      ctx.status(503).header("Retry-After", "1").json(new ErrorResponse(e.getMessage(), null));
      return;
    }
    inFlight.incrementAndGet();
    // the client is answered at its deadline even while its batch runs: a forward pass that has started cannot be
    // stopped (the batcher drops only requests whose batch has not started), so its result is then discarded
    ctx.future(() -> result.orTimeout(config.timeoutMillis(), TimeUnit.MILLISECONDS)
        .handleAsync((response, error) -> {
          try {
            if (error == null) {
              ctx.json(response);
              latencies.record(start, job.ran()[0], job.ran()[1], System.nanoTime());
            } else {
              Throwable cause = error instanceof CompletionException && error.getCause() != null
                  ? error.getCause() : error;
              boolean unavailable = cause instanceof TimeoutException || cause instanceof MicroBatcher.Overloaded
                  || cause instanceof MicroBatcher.Expired || cause instanceof MicroBatcher.OutOfMemoryBudget;
              boolean explained = cause instanceof MicroBatcher.Expired
                  || cause instanceof MicroBatcher.OutOfMemoryBudget;
              String message = explained ? cause.getMessage() : unavailable ? "no answer within "
                  + config.timeoutMillis() + " ms (overloaded)" : "ranking failed: " + cause;
              ctx.status(unavailable ? 503 : 500).json(new ErrorResponse(message, null));
            }
            return null;
          } finally {
            inFlight.decrementAndGet();
          }
        }, responders));
  }

  /** Reads at most maxBodyBytes (also when the client sends no Content-Length) and parses it. */
  private JsonNode readJson(Context ctx) {
    int limit = config.maxBodyBytes();
    long declared = ctx.contentLength();
    if (declared > limit) {
      throw new RequestException("body", "request body is " + declared + " bytes, the limit is " + limit + " bytes");
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new RequestException("body", "could not read the request body: " + e.getMessage());
    }
    if (body.length > limit) {
      throw new RequestException("body", "request body exceeds the limit: the limit is " + limit + " bytes");
    }
    return RequestJson.read(body);
  }

  private void health(Context ctx) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", draining ? "draining" : "ok");
    h.put("model", ranker.info().version());
    h.put("queued", batcher.queued());
    h.put("batches", batcher.batches());
    h.put("requests", batcher.items());
    h.put("expired", batcher.expired());
    h.put("cancelled", batcher.cancelled());
    h.put("workers", batcher.workers());
    h.put("answered", latencies.recorded());
    // ?last=K: percentiles of the last K answers' time inside the service, e.g. a load test's measured requests
    String last = ctx.queryParam("last");
    if (last != null) {
      int k;
      try {
        k = Integer.parseInt(last.trim());
      } catch (NumberFormatException e) {
        k = 0;
      }
      if (k < 1 || k > latencies.capacity()) {
        ctx.status(400).json(new ErrorResponse("last must be a whole number from 1 to " + latencies.capacity()
            + ", got '" + last + "'", "last"));
        return;
      }
      Map<LatencyLog.Phase, LatencyStats> phases = latencies.last(k);
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("answers", phases.get(LatencyLog.Phase.IN_SERVICE).count());
      phases.forEach((phase, s) -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p50", s.count() == 0 ? null : s.p50()); // null, not NaN, before the first answer
        p.put("p99", s.count() == 0 ? null : s.p99());
        p.put("mean", s.count() == 0 ? null : s.mean());
        p.put("max", s.count() == 0 ? null : s.max());
        l.put(phase.jsonName(), p);
      });
      h.put("latency_ms", l);
    }
    // the whole process's CPU time (HTTP, JSON, batching, the model, the JIT, the collector): what a load test divides
    // by the requests it sent to see where a machine's cores go
    double cpu = io.goalrank.util.ProcessCpu.seconds();
    h.put("process_cpu_ms", Double.isNaN(cpu) ? null : Math.round(cpu * 1000));
    MemoryBudget budget = batcher.budget();
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("budget_bytes", budget.limited() ? budget.capacity() : null);
    memory.put("in_use_bytes", budget.inUse());
    memory.put("model_bytes", budget.modelBytes());
    memory.put("refused_batches", budget.refused());
    h.put("native_memory", memory);
    ctx.status(draining ? 503 : 200).json(h);
  }

  /** Graceful shutdown: refuse new work, answer what is queued, wait for responses in flight, stop Jetty. */
  @Override
  public void close() {
    draining = true;
    batcher.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    app.stop();
    responders.shutdown();
  }
}
