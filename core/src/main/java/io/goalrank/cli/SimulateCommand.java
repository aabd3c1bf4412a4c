package io.goalrank.cli;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Generates synthetic logs from the user simulator and prepares them like real data. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate users with a known true list utility and prepare their logs (the built-in default data).")
public final class SimulateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, description = "Prepared dataset file to write.")
  Path out;

  @Mixin SimulatorOptions simulator;

  @Option(names = "--core", defaultValue = "20", description = "k-core filter (default: ${DEFAULT-VALUE}).")
  int core;

  @Option(names = "--mf-epochs", defaultValue = "20", description = "Retriever epochs (default: ${DEFAULT-VALUE}).")
  int mfEpochs;

  @Override
  public Integer call() throws Exception {
    PreparedDataset data = simulate(simulator.users(2000), simulator.items(800), core, mfEpochs,
        simulator.negativeSampling("retriever"), common.seed);
    data.write(out);
    PrepareCommand.printStats(data, out);
    return 0;
  }

  static PreparedDataset simulate(int users, int items, int core, int mfEpochs,
      ProtocolConfig.NegativeSampling negatives, long seed) {
    SimulatorConfig sim = SimulatorConfig.builder().users(users).items(items).seed(seed).build();
    ProtocolConfig protocol = ProtocolConfig.builder().optCoreK(core).optNegatives(negatives).optSeed(seed).build();
    MfRetriever.Options d = MfRetriever.Options.defaults(seed);
    MfRetriever.Options mf = new MfRetriever.Options(d.dim(), mfEpochs, d.batchSize(), d.learningRate(),
        d.weightDecay(), seed);
    return Workflow.simulate(sim, protocol, mf);
  }
}
