package io.goalrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goalrank.data.IdIndex;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.RankedLists;
import io.goalrank.policy.RequestBatch;
import io.goalrank.workflow.Models;
import io.goalrank.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Ranks one request given as JSON with a trained generator. */
@Command(name = "rank", mixinStandardHelpOptions = true,
    description = "Rank one request: {\"history\": [item ids], \"history_positive\": [0/1], \"candidates\": [item ids]}.")
public final class RankCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", required = true, description = "GoalRank generator directory.")
  Path modelDir;

  @Option(names = "--request", required = true, description = "JSON file with the request, or - for stdin.")
  String request;

  @Override
  public Integer call() throws Exception {
    JsonNode node;
    try {
      node = request.equals("-") ? JSON.readTree(System.in) : JSON.readTree(Files.readString(Path.of(request)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("request is not valid JSON: " + e.getOriginalMessage());
    }
    try (NetworkTrainer<PointerGenerator> gen = Models.loadGenerator(modelDir)) {
      IdIndex items = IdIndex.of(Models.loadItems(modelDir));
      RequestBatch batch = RequestParser.parse(node, items, gen.block().config().listLength());
      RankedLists ranked = Workflow.generatorPolicy(gen).rank(batch, gen.block().config().listLength());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("items", RequestParser.itemIds(batch, ranked.lists()[0], items));
      out.put("model", modelDir.toString());
      System.out.println(JSON.writeValueAsString(out));
    }
    return 0;
  }
}
