package io.goalrank.spark.cli;

import io.goalrank.data.Interactions;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goalrank spark simulate-log}: a synthetic interaction log as csv, the input of the scale benchmark. */
@Command(name = "simulate-log", mixinStandardHelpOptions = true,
    description = "Write the simulator's interaction log as csv (user,item,rating,timestamp; ratings 5 liked, 2 not, "
        + "so --threshold 4), e.g. 10^7 interactions for the scale benchmark (docs/SPARK.md). No Spark needed.")
public final class SimulateLogJob implements Callable<Integer> {
  @Option(names = "--users", required = true, description = "Simulated users.")
  int users;

  @Option(names = "--items", required = true, description = "Simulated items.")
  int items;

  @Option(names = "--interactions-per-user", defaultValue = "80,120", split = ",",
      description = "Fewest and most interactions per user (default: ${DEFAULT-VALUE}).")
  int[] perUser;

  @Option(names = "--seed", defaultValue = "999", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "csv file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (perUser.length != 2 || perUser[0] < 1 || perUser[1] < perUser[0]) {
      throw new IllegalArgumentException("--interactions-per-user takes MIN,MAX with 1 <= MIN <= MAX");
    }
    Interactions log = Simulator.create(SimulatorConfig.builder().users(users).items(items)
        .interactionsPerUser(perUser[0], perUser[1]).seed(seed).build()).generateLog();
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      w.write("user,item,rating,timestamp\n");
      for (int r = 0; r < log.size(); r++) {
        w.write(log.userIds().rawId(log.users()[r]));
        w.write(',');
        w.write(log.itemIds().rawId(log.items()[r]));
        w.write(',');
        w.write(Integer.toString((int) log.ratings()[r]));
        w.write(',');
        w.write(Long.toString(log.timestamps()[r]));
        w.write('\n');
      }
    }
    System.out.println(log.size() + " interactions of " + log.numUsers() + " users and " + log.numItems()
        + " items -> " + out);
    return 0;
  }
}
