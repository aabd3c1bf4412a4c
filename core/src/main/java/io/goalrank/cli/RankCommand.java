package io.goalrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.serve.RankQuery;
import io.goalrank.serve.RankResponse;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestException;
import io.goalrank.serve.RequestJson;
import io.goalrank.serve.RequestLimits;
import io.goalrank.engine.EngineSettings;
import io.goalrank.util.PathChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Ranks one request given as JSON with a trained generator: the same parser and output as {@code serve}. */
@Command(name = "rank", mixinStandardHelpOptions = true,
    description = "Rank one request: {\"user\": id, \"history\": [item ids], \"history_positive\": [0/1], "
        + "\"candidates\": [item ids]}. Prints the same JSON as POST /v1/rank.")
public final class RankCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ComputeOptions compute;

  @Mixin EngineOption engine;

  @Option(names = "--model", required = true, description = "GoalRank generator directory.")
  Path modelDir;

  @Option(names = "--request", required = true, description = "JSON file with the request, or - for stdin.")
  String request;

  @Option(names = "--max-candidates", defaultValue = "1000", description = "Most candidates accepted (default: ${DEFAULT-VALUE}).")
  int maxCandidates;

  @Option(names = "--max-request-cost", paramLabel = "COST", description = "Most the request may cost, candidates × "
      + "history items the model reads, as in `serve` (default: --max-candidates × the model's max history).")
  Long maxRequestCost;

  @Option(names = "--objective", description = "Objective weights for an objective-conditioned model, e.g. "
      + "relevance=1,diversity=0.3 (overrides the request's 'objective').")
  String objective;

  @Override
  public Integer call() throws Exception {
    compute.apply();
    var kind = engine.kind();
    JsonNode node = readRequest();
    if (objective != null && node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      object.put("objective", objective);
    }
    RequestLimits limits = RequestLimits.of(maxCandidates);
    if (maxRequestCost != null) {
      limits = limits.withMaxRequestCost(maxRequestCost);
    }
    try (Ranker ranker = Ranker.load(modelDir, limits, EngineSettings.of(kind))) {
      RankQuery query = ranker.parser().parse(node);
      RankResponse ranked = ranker.rank(List.of(query)).get(0);
      System.out.println(JSON.writeValueAsString(ranked));
    }
    return 0;
  }

  /** The request as one strict JSON value; a file that is missing or not JSON is named. */
  private JsonNode readRequest() throws java.io.IOException {
    if (request.equals("-")) {
      return RequestJson.read(System.in.readAllBytes());
    }
    Path file = Path.of(request);
    PathChecks.requireReadableFile(file, "--request");
    try {
      return RequestJson.read(Files.readAllBytes(file));
    } catch (RequestException e) {
      throw new IllegalArgumentException("--request " + file + ": " + e.getMessage(), e);
    }
  }
}
