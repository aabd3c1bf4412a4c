package io.goalrank.engine;

import io.goalrank.serve.RankQuery;
import io.goalrank.serve.RankServer;
import io.goalrank.serve.Ranker;
import io.goalrank.serve.RequestLimits;
import io.goalrank.serve.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Run in a JVM of its own by {@link JavaEngineWithoutPyTorchTest}: loads a generator on the Java engine, ranks a
 * request, serves one over HTTP, runs {@code goalrank info} and {@code goalrank rank --engine java}, then reports
 * whether PyTorch's native library was ever mapped into the process ({@code /proc/self/maps}). The test reads the
 * JVM's class-loading log for DJL's engine classes.
 */
public final class NoPyTorchProbe {
  private NoPyTorchProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (Ranker ranker = Ranker.load(dir, RequestLimits.of(100), EngineSettings.of(EngineKind.JAVA))) {
      RankQuery q = new RankQuery("u", new int[] {1, 2, 3}, new byte[] {1, 0, 1},
          new int[] {5, 6, 7, 8, 9, 10, 11, 12}, 0);
      System.out.println("list=" + Arrays.toString(ranker.rank(List.of(q)).get(0).items().toArray()));
      // the service too: Javalin, the micro-batcher and its memory budget
      try (RankServer server = RankServer.start(ranker, ServerConfig.builder().port(0).maxNativeBytes(64L << 20)
          .build())) {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/rank"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"history\": [\"i1\"], \"candidates\": "
                + "[\"i5\", \"i6\", \"i7\", \"i8\", \"i9\"]}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        System.out.println("served=" + response.statusCode());
      }
    }
    Path request = Files.createTempFile("request", ".json");
    Files.writeString(request, "{\"history\": [\"i1\"], \"candidates\": [\"i5\", \"i6\", \"i7\", \"i8\", \"i9\"]}");
    int info = new picocli.CommandLine(new io.goalrank.cli.InfoCommand()).execute(dir.toString());
    int rank = new picocli.CommandLine(new io.goalrank.cli.RankCommand()).execute("--model", dir.toString(),
        "--request", request.toString(), "--engine", "java");
    Files.delete(request);
    System.out.println("info=" + info + " rank=" + rank);
    boolean mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains("torch"));
    System.out.println("torch_mapped=" + mapped);
  }
}
